import type { IncidentEvent } from './events.js';
import type { IncidentState } from './state.js';

/** The runbook's rule of thumb: one IC directs about seven people. */
export const SPAN_OF_CONTROL = 7;

/** How far back "active" reaches when counting people against the span of control. */
export const ACTIVE_WINDOW_MS = 15 * 60_000;

/** The people who did something in the incident in the last 15 minutes before `at`. */
export function recentlyActive(state: IncidentState, at: string): string[] {
  const since = Date.parse(at) - ACTIVE_WINDOW_MS;
  return Object.entries(state.lastActive)
    .filter(([, last]) => Date.parse(last) >= since)
    .map(([person]) => person);
}

/**
 * More than seven people active in the last 15 minutes and no sub-team yet:
 * the IC is told once (and offered `!subteam`).
 */
export function spanOfControlConsequences(state: IncidentState, at: string): IncidentEvent[] {
  if (!state.exists || state.status !== 'open' || state.spanTold || state.subteams.length > 0) return [];
  const active = recentlyActive(state, at).length;
  return active > SPAN_OF_CONTROL ? [{ type: 'span.exceeded', at, actor: 'system', active }] : [];
}
