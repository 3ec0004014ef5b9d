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
 * `before`: one per window that saw a change, except the opening alert, which
 * the room is told about immediately. Undefined when no new digest is needed
 * (the window already has one scheduled).
 */
export function digestDue(before: AlertGroupState, after: AlertGroupState, events: readonly AlertEvent[], rule: GroupingRule): DigestDue | undefined {
  if (events.some((event) => event.type === 'alert.group.all_resolved')) return undefined;
  const changes = events.filter(isChange).slice(before.exists ? 0 : 1);
  const last = changes.at(-1);
  if (!last) return undefined;
  const window = windowIndex(after.openedAt, last.at, rule);
  const scheduled =
    before.exists &&
    before.lastChangeAt !== undefined &&
    before.lastChangeAt !== before.openedAt &&
    windowIndex(before.openedAt, before.lastChangeAt, rule) === window;
  return scheduled ? undefined : { window, dueAt: windowEnd(after.openedAt, window, rule) };
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
