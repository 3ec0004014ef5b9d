import type { Severity } from '../incident/severity.js';
import { endOf, phaseAt, type MaintenanceWindow } from '../maintenance/window.js';
import type { PageStatus } from './page-status.js';
import { componentStates, type ComponentState, type PublicIncident } from './public-view.js';

/**
 * The public read model in the shapes of Atlassian Statuspage's public API v2
 * (`/api/v2/*.json`), so status aggregators, widgets and monitors read it
 * unchanged. See docs/status-api.md for the fields and how they are derived.
 */

export type Indicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';
export type SpComponentStatus = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance';
export type SpIncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved' | 'postmortem';
export type SpMaintenanceStatus = 'scheduled' | 'in_progress' | 'verifying' | 'completed';
export type SpImpact = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

export interface PageFacts {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly timeZone: string;
  readonly updatedAt: string;
  /** When the page began: components carry it as their creation time. */
  readonly since: string;
}

export interface ComponentFacts {
  readonly name: string;
  readonly description?: string;
}

/** Everything the API shows, as of `now`, with the words of `describe` for a page status (localized by the caller). */
export interface PublicSnapshot {
  readonly page: PageFacts;
  readonly components: readonly ComponentFacts[];
  readonly incidents: readonly PublicIncident[];
  readonly maintenances: readonly MaintenanceWindow[];
  readonly now: Date;
  readonly describe: (status: PageStatus) => string;
  readonly incidentName: (incident: PublicIncident) => string;
}

const LIST_LIMIT = 50;

const COMPONENT_STATUS: Record<ComponentState, SpComponentStatus> = {
  operational: 'operational',
  degraded: 'degraded_performance',
  partial_outage: 'partial_outage',
  major_outage: 'major_outage',
};

export function impactOf(severity: Severity): SpImpact {
  if (severity === 1) return 'critical';
  if (severity === 2) return 'major';
  if (severity === 3) return 'minor';
  return 'none';
}

const IMPACT_ORDER: readonly SpImpact[] = ['none', 'minor', 'major', 'critical'];

/** Statuspage's description of each indicator: the top-level status it stands for. */
const INDICATOR_STATUS: Record<Indicator, PageStatus> = {
  none: 'operational',
  minor: 'minor_outage',
  major: 'partial_outage',
  critical: 'major_outage',
  maintenance: 'under_maintenance',
};

export function maintenanceId(window: MaintenanceWindow): string {
  return `m${window.id}`;
}

function page(snapshot: PublicSnapshot) {
  const { page } = snapshot;
  return { id: page.id, name: page.name, url: page.url, time_zone: page.timeZone, updated_at: page.updatedAt };
}

function inProgress(snapshot: PublicSnapshot): MaintenanceWindow[] {
  return snapshot.maintenances.filter((window) => phaseAt(window, snapshot.now) === 'in_progress');
}

export function components(snapshot: PublicSnapshot) {
  const names = snapshot.components.map((component) => component.name);
  const states = componentStates(names, snapshot.incidents);
  const maintained = new Set(inProgress(snapshot).flatMap((window) => window.components));
  return snapshot.components.map((component, index) => {
    const state = states.get(component.name) ?? 'operational';
    // An outage outranks the maintenance notice: readers need to know it is down, not why.
    const status: SpComponentStatus = state === 'operational' && maintained.has(component.name) ? 'under_maintenance' : COMPONENT_STATUS[state];
    return {
      id: component.name,
      name: component.name,
      status,
      created_at: snapshot.page.since,
      updated_at: snapshot.page.updatedAt,
      position: index + 1,
      description: component.description ?? null,
      showcase: true,
      start_date: null,
      group_id: null,
      page_id: snapshot.page.id,
      group: false,
      only_show_if_degraded: false,
    };
  });
}

function updateStatus(incident: PublicIncident, at: string): SpIncidentStatus {
  return incident.resolvedAt && at >= incident.resolvedAt ? 'resolved' : 'investigating';
}

function incidentComponents(snapshot: PublicSnapshot, names: readonly string[]) {
  const all = components(snapshot);
  return all.filter((component) => names.includes(component.name));
}

export function incident(snapshot: PublicSnapshot, incident: PublicIncident) {
  const id = String(incident.id);
  const first = incident.updates[0]?.at ?? snapshot.page.since;
  const last = [incident.updates.at(-1)?.at ?? first, incident.resolvedAt ?? first].sort().at(-1)!;
  // What the incident does to a component it names, as while it is going on.
  const impact = COMPONENT_STATUS[componentStates(['x'], [{ ...incident, status: 'open', components: ['x'] }]).get('x') ?? 'operational'];
  const updates = [...incident.updates].reverse().map((update) => ({
    id: `${id}-${update.n}`,
    status: updateStatus(incident, update.at),
    body: update.text,
    incident_id: id,
    created_at: update.at,
    updated_at: update.at,
    display_at: update.at,
    affected_components: update.components.length ? update.components.map((name) => ({ code: name, name, old_status: 'operational', new_status: impact })) : null,
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  }));
  return {
    id,
    name: snapshot.incidentName(incident),
    status: incident.status === 'resolved' ? ('resolved' as SpIncidentStatus) : ('investigating' as SpIncidentStatus),
    created_at: first,
    updated_at: last,
    monitoring_at: null,
    resolved_at: incident.resolvedAt ?? null,
    impact: impactOf(incident.severity),
    shortlink: `${snapshot.page.url}/status/incidents/${incident.id}`,
    started_at: first,
    page_id: snapshot.page.id,
    incident_updates: updates,
    components: incidentComponents(snapshot, incident.components),
  };
}

export function maintenance(snapshot: PublicSnapshot, window: MaintenanceWindow) {
  const id = maintenanceId(window);
  const phase = phaseAt(window, snapshot.now);
  const ended = phase === 'completed' ? endOf(window) : null;
  const updates = [
    ...(ended ? [{ status: 'completed' as SpMaintenanceStatus, at: ended, n: 3 }] : []),
    ...(phase !== 'scheduled' ? [{ status: 'in_progress' as SpMaintenanceStatus, at: window.from < window.scheduledAt ? window.scheduledAt : window.from, n: 2 }] : []),
    { status: 'scheduled' as SpMaintenanceStatus, at: window.scheduledAt, n: 1 },
  ].map((update) => ({
    id: `${id}-${update.n}`,
    status: update.status,
    body: window.text,
    incident_id: id,
    created_at: update.at,
    updated_at: update.at,
    display_at: update.at,
    affected_components: window.components.map((name) => ({ code: name, name, old_status: 'operational', new_status: 'under_maintenance' })),
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  }));
  return {
    id,
    name: window.text,
    status: phase as SpMaintenanceStatus,
    created_at: window.scheduledAt,
    updated_at: updates[0].updated_at,
    monitoring_at: null,
    resolved_at: ended,
    impact: 'maintenance' as SpImpact,
    shortlink: `${snapshot.page.url}/status#maintenance-${window.id}`,
    started_at: window.from,
    page_id: snapshot.page.id,
    incident_updates: updates,
    components: incidentComponents(snapshot, window.components),
    scheduled_for: window.from,
    scheduled_until: window.to,
  };
}

export function status(snapshot: PublicSnapshot) {
  let worst: SpImpact = 'none';
  for (const candidate of snapshot.incidents) {
    if (candidate.status !== 'open') continue;
    const impact = impactOf(candidate.severity);
    if (IMPACT_ORDER.indexOf(impact) > IMPACT_ORDER.indexOf(worst)) worst = impact;
  }
  const indicator: Indicator = worst === 'none' && inProgress(snapshot).length > 0 ? 'maintenance' : worst;
  return { indicator, description: snapshot.describe(INDICATOR_STATUS[indicator]) };
}

const newestFirst = <T extends { updated_at: string }>(items: T[]) => items.sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0));

export function incidents(snapshot: PublicSnapshot, filter: 'all' | 'unresolved') {
  const chosen = snapshot.incidents.filter((candidate) => filter === 'all' || candidate.status === 'open');
  return newestFirst(chosen.map((candidate) => incident(snapshot, candidate))).slice(0, LIST_LIMIT);
}

export function maintenances(snapshot: PublicSnapshot, filter: 'all' | 'upcoming' | 'active' | 'summary') {
  const wanted = (phase: string) =>
    filter === 'all' || (filter === 'upcoming' && phase === 'scheduled') || (filter === 'active' && phase === 'in_progress') || (filter === 'summary' && phase !== 'completed');
  const chosen = snapshot.maintenances.filter((window) => wanted(phaseAt(window, snapshot.now)));
  return newestFirst(chosen.map((window) => maintenance(snapshot, window))).slice(0, LIST_LIMIT);
}

export function summary(snapshot: PublicSnapshot) {
  return {
    page: page(snapshot),
    components: components(snapshot),
    incidents: incidents(snapshot, 'unresolved'),
    scheduled_maintenances: maintenances(snapshot, 'summary'),
    status: status(snapshot),
  };
}

export const statuspageViews = {
  summary,
  status: (snapshot: PublicSnapshot) => ({ page: page(snapshot), status: status(snapshot) }),
  components: (snapshot: PublicSnapshot) => ({ page: page(snapshot), components: components(snapshot) }),
  incidents: (snapshot: PublicSnapshot) => ({ page: page(snapshot), incidents: incidents(snapshot, 'all') }),
  unresolved: (snapshot: PublicSnapshot) => ({ page: page(snapshot), incidents: incidents(snapshot, 'unresolved') }),
  maintenances: (snapshot: PublicSnapshot) => ({ page: page(snapshot), scheduled_maintenances: maintenances(snapshot, 'all') }),
  upcoming: (snapshot: PublicSnapshot) => ({ page: page(snapshot), scheduled_maintenances: maintenances(snapshot, 'upcoming') }),
  active: (snapshot: PublicSnapshot) => ({ page: page(snapshot), scheduled_maintenances: maintenances(snapshot, 'active') }),
};
