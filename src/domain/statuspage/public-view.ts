import type { IncidentEvent } from '../incident/events.js';
import type { Severity } from '../incident/severity.js';

export interface PublicUpdate {
  readonly n: number;
  readonly at: string;
  readonly text: string;
  readonly components: readonly string[];
}

/**
 * What the public may know of an incident: only updates the IC published,
 * and whether it is still going on. Nothing else (title, people, notes,
 * drafts) ever enters this record.
 */
export interface PublicIncident {
  readonly id: number;
  /** The title the IC chose for the public (`!public title …`); the page says "Incident #N" without one. */
  readonly title?: string;
  readonly severity: Severity;
  readonly status: 'open' | 'resolved';
  readonly resolvedAt?: string;
  readonly updates: readonly PublicUpdate[];
  readonly components: readonly string[];
}

/** The facts kept of every incident, published or not, so its first publication starts from the right state. */
export interface IncidentFacts {
  readonly severity: Severity;
  /** Private incidents never reach the public until their IC turns communication on (`!public on`). */
  readonly private: boolean;
  readonly title?: string;
  readonly status: 'open' | 'resolved';
  readonly resolvedAt?: string;
}

export function nextFacts(facts: IncidentFacts | undefined, event: IncidentEvent): IncidentFacts | undefined {
  switch (event.type) {
    case 'incident.declared':
      return { severity: event.severity, status: 'open', private: event.private };
    case 'severity.changed':
      return facts && { ...facts, severity: event.to };
    case 'incident.resolved':
      return facts && { ...facts, status: 'resolved', resolvedAt: event.at };
    case 'incident.reopened':
      return facts && { ...facts, status: 'open', resolvedAt: undefined };
    case 'public.titled':
      return facts && { ...facts, title: event.title };
    // `!public on`: the IC lets a private incident speak; what they approve from then on is public.
    case 'comms.opened':
      return facts && { ...facts, private: false };
    default:
      return facts;
  }
}

export function nextPublicIncident(
  current: PublicIncident | undefined,
  id: number,
  facts: IncidentFacts | undefined,
  event: IncidentEvent,
): PublicIncident | undefined {
  if (facts?.private) return undefined;
  if (event.type === 'public.published') {
    const base: PublicIncident = current ?? {
      id,
      ...(facts?.title ? { title: facts.title } : {}),
      severity: facts?.severity ?? 3,
      status: facts?.status ?? 'open',
      resolvedAt: facts?.resolvedAt,
      updates: [],
      components: [],
    };
    return {
      ...base,
      updates: [...base.updates, { n: event.n, at: event.at, text: event.text, components: event.components }],
      components: [...new Set([...base.components, ...event.components])],
    };
  }
  if (!current || !facts) return current;
  if (current.severity === facts.severity && current.status === facts.status && current.resolvedAt === facts.resolvedAt && current.title === facts.title) return current;
  return { ...current, ...(facts.title ? { title: facts.title } : {}), severity: facts.severity, status: facts.status, resolvedAt: facts.resolvedAt };
}

export type ComponentState = 'operational' | 'degraded' | 'partial_outage' | 'major_outage';

const ORDER: readonly ComponentState[] = ['operational', 'degraded', 'partial_outage', 'major_outage'];

function impact(severity: Severity): ComponentState {
  if (severity === 1) return 'major_outage';
  if (severity === 2) return 'partial_outage';
  return 'degraded';
}

/** Each component's state: the worst impact among ongoing published incidents that name it. */
export function componentStates(components: readonly string[], incidents: Iterable<PublicIncident>): Map<string, ComponentState> {
  const states = new Map<string, ComponentState>(components.map((component) => [component, 'operational']));
  for (const incident of incidents) {
    if (incident.status !== 'open') continue;
    for (const component of incident.components) {
      const current = states.get(component);
      if (current === undefined) continue;
      const candidate = impact(incident.severity);
      if (ORDER.indexOf(candidate) > ORDER.indexOf(current)) states.set(component, candidate);
    }
  }
  return states;
}
