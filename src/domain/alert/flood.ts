import type { AlertEvent } from './events.js';
import type { AlertGroupState } from './state.js';

/**
 * Grouping windows: the room hears about a group when it opens, and then at
 * most once per window, at the window's end, with the counts of everything
 * that changed. Windows are counted from the group's opening, so every
 * instance computes the same ones.
 */
export interface GroupingRule {
  readonly windowSeconds: number;
}

export function windowIndex(openedAt: string, at: string, rule: GroupingRule): number {
  return Math.max(0, Math.floor((Date.parse(at) - Date.parse(openedAt)) / (rule.windowSeconds * 1000)));
}

export function windowStart(openedAt: string, index: number, rule: GroupingRule): string {
  return new Date(Date.parse(openedAt) + index * rule.windowSeconds * 1000).toISOString();
}

export function windowEnd(openedAt: string, index: number, rule: GroupingRule): string {
  return windowStart(openedAt, index + 1, rule);
}

/** Events the room gets a digest for: an alert started firing or resolved (not the last one: that is said at once). */
function isChange(event: AlertEvent): boolean {
  return event.type === 'alert.triggered' || event.type === 'alert.resolved';
}

export interface DigestDue {
  readonly window: number;
  readonly dueAt: string;
}

/**
 * The digest to schedule after `events` were applied to a group that was
 * `before`: the one of the window the last change falls in, except for the
 * opening alert, which the room is told about at once, and the last resolve,
 * which is said at once too. Scheduling the same window again is harmless
 * (one timer per window); it is what lets a change that was stamped in a
 * window but stored after that window's digest ran still be reported.
 */
export function digestDue(before: AlertGroupState, after: AlertGroupState, events: readonly AlertEvent[], rule: GroupingRule): DigestDue | undefined {
  if (events.some((event) => event.type === 'alert.group.all_resolved')) return undefined;
  const last = events.filter(isChange).slice(before.exists ? 0 : 1).at(-1);
  if (!last) return undefined;
  const window = windowIndex(after.openedAt, last.at, rule);
  return { window, dueAt: windowEnd(after.openedAt, window, rule) };
}

/**
 * Whether the digest of `window` can stay silent at `now`: a later window
 * that also saw changes has ended too, and its own digest (due already)
 * reports the same group with everything since. A digest whose later
 * windows are still running is posted, so a long flood shows once per window.
 */
export function digestSuperseded(state: AlertGroupState, window: number, now: string, rule: GroupingRule): boolean {
  if (!state.lastChangeAt) return false;
  const latest = windowIndex(state.openedAt, state.lastChangeAt, rule);
  return latest > window && windowEnd(state.openedAt, latest, rule) <= now;
}

export interface WindowCounts {
  readonly total: number;
  readonly open: number;
  readonly acknowledged: number;
  readonly resolved: number;
  readonly newInWindow: number;
  readonly resolvedInWindow: number;
  readonly services: readonly string[];
}

/** What a digest says about the group, counted at `[since, …)`. */
export function groupCounts(state: AlertGroupState, since: string): WindowCounts {
  let open = 0;
  let acknowledged = 0;
  let resolved = 0;
  let newInWindow = 0;
  let resolvedInWindow = 0;
  const services = new Set<string>();
  for (const alert of state.alerts.values()) {
    services.add(alert.service);
    if (alert.status === 'resolved') resolved++;
    else if (alert.status === 'acknowledged') acknowledged++;
    else open++;
    if (alert.firstAt >= since) newInWindow++;
    if (alert.resolvedAt && alert.resolvedAt >= since) resolvedInWindow++;
  }
  return { total: state.alerts.size, open, acknowledged, resolved, newInWindow, resolvedInWindow, services: [...services] };
}
