import type { ComponentState } from './public-view.js';

/** A component as the page shows it: under maintenance while a running window covers it and no incident does. */
export type ShownComponentState = ComponentState | 'under_maintenance';

/** Atlassian Statuspage's top-level statuses, the words of the page's banner. */
export type PageStatus = 'operational' | 'under_maintenance' | 'partially_degraded' | 'degraded' | 'minor_outage' | 'partial_outage' | 'major_outage';

const SEVERITY: readonly ShownComponentState[] = ['operational', 'under_maintenance', 'degraded', 'partial_outage', 'major_outage'];

/**
 * The page's status from its components, as Statuspage calculates its
 * top-level status: the worst component's status, one step milder unless
 * every component shares it (one component down of three is a partial system
 * outage, not a major one). A single degraded component is a partially
 * degraded service.
 */
export function pageStatus(components: readonly ShownComponentState[]): PageStatus {
  const worst = components.reduce<ShownComponentState>((found, state) => (SEVERITY.indexOf(state) > SEVERITY.indexOf(found) ? state : found), 'operational');
  const everyComponent = components.every((state) => state === worst);
  switch (worst) {
    case 'major_outage':
      return everyComponent ? 'major_outage' : 'partial_outage';
    case 'partial_outage':
      return everyComponent ? 'partial_outage' : 'minor_outage';
    case 'degraded':
      return everyComponent && components.length > 1 ? 'degraded' : 'partially_degraded';
    case 'under_maintenance':
    case 'operational':
      return worst;
  }
}
