import type { AlertSeverity } from './alert-severity.js';
import type { AlertEvent } from './events.js';

export type AlertStatus = 'triggered' | 'acknowledged' | 'resolved';

export interface Alert {
  readonly service: string;
  readonly dedupKey: string;
  readonly summary: string;
  readonly source: string;
  readonly severity: AlertSeverity;
  readonly status: AlertStatus;
  /** Triggers received, repeats included. */
  readonly count: number;
  /** When it last started firing (a re-trigger after a resolve starts it again). */
  readonly firstAt: string;
  readonly lastAt: string;
  readonly resolvedAt?: string;
}

export interface AlertGroupState {
  readonly exists: boolean;
  readonly incidentId: number;
  readonly room: string;
  readonly openedAt: string;
  /** By `alertKey(service, dedupKey)`, in the order they first fired. */
  readonly alerts: ReadonlyMap<string, Alert>;
  readonly open: number;
  readonly triggers: number;
  readonly pagedServices: readonly string[];
  /** The last time an alert started firing or resolved: what the room's digests report. */
  readonly lastChangeAt?: string;
  readonly lastAt: string;
}

/** Service names are handles (no `/`), so the first `/` always separates the two. */
export function alertKey(service: string, dedupKey: string): string {
  return `${service}/${dedupKey}`;
}

export function initialAlertGroupState(): AlertGroupState {
  return { exists: false, incidentId: 0, room: '', openedAt: '', alerts: new Map(), open: 0, triggers: 0, pagedServices: [], lastAt: '' };
}

/**
 * Several groups read as one: an incident and those merged into it keep their own groups, and the
 * merged ones' alerts arrive at it now. Undefined when none of them holds an alert group.
 */
export function combinedGroups(groups: readonly AlertGroupState[]): AlertGroupState | undefined {
  const held = groups.filter((group) => group.exists);
  if (held.length <= 1) return held[0];
  const alerts = new Map(held.flatMap((group) => [...group.alerts]));
  const open = [...alerts.values()].filter(isOpen).length;
  const triggers = held.reduce((sum, group) => sum + group.triggers, 0);
  const lastAt = held.map((group) => group.lastAt).sort().at(-1)!;
  return { ...held[0], alerts, open, triggers, lastAt };
}

function isOpen(alert: Alert | undefined): boolean {
  return alert !== undefined && alert.status !== 'resolved';
}

/**
 * Folds one event. The alert map of the state it is given is reused and updated
 * (a fold only moves forward), so folding a flood of thousands of alerts stays
 * linear; keep a copy of a state you need after evolving it.
 */
export function evolveAlertGroup(state: AlertGroupState, event: AlertEvent): AlertGroupState {
  const alerts = state.alerts as Map<string, Alert>;
  const lastAt = event.at;
  // One new state per event: a flood folds thousands of them.
  switch (event.type) {
    case 'alert.group.opened':
      return { ...state, lastAt, exists: true, incidentId: event.incidentId, room: event.room, openedAt: event.at };
    case 'alert.triggered': {
      const key = alertKey(event.service, event.dedupKey);
      const previous = alerts.get(key);
      alerts.set(key, {
        service: event.service,
        dedupKey: event.dedupKey,
        summary: event.summary,
        source: event.source,
        severity: event.severity,
        status: 'triggered',
        count: (previous?.count ?? 0) + 1,
        firstAt: event.at,
        lastAt: event.at,
      });
      return { ...state, lastAt, open: state.open + (isOpen(previous) ? 0 : 1), triggers: state.triggers + 1, lastChangeAt: event.at };
    }
    case 'alert.repeated': {
      const key = alertKey(event.service, event.dedupKey);
      const previous = alerts.get(key);
      if (previous) alerts.set(key, { ...previous, summary: event.summary, count: previous.count + 1, lastAt: event.at });
      return { ...state, lastAt, triggers: state.triggers + 1 };
    }
    case 'alert.acknowledged': {
      const key = alertKey(event.service, event.dedupKey);
      const previous = alerts.get(key);
      if (previous) alerts.set(key, { ...previous, status: 'acknowledged', lastAt: event.at });
      return { ...state, lastAt };
    }
    case 'alert.resolved': {
      const key = alertKey(event.service, event.dedupKey);
      const previous = alerts.get(key);
      if (!previous) return { ...state, lastAt };
      alerts.set(key, { ...previous, status: 'resolved', lastAt: event.at, resolvedAt: event.at });
      return { ...state, lastAt, open: state.open - (isOpen(previous) ? 1 : 0), lastChangeAt: event.at };
    }
    case 'alert.group.all_resolved':
      return { ...state, lastAt };
    case 'service.page_requested':
      return { ...state, lastAt, pagedServices: [...state.pagedServices, event.service] };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export function foldAlertGroup(events: readonly AlertEvent[], state: AlertGroupState = initialAlertGroupState()): AlertGroupState {
  return events.reduce(evolveAlertGroup, state);
}

export function findAlert(state: AlertGroupState, service: string, dedupKey: string): Alert | undefined {
  return state.alerts.get(alertKey(service, dedupKey));
}
