import { describe, expect, it } from 'vitest';
import type { AlertEvent } from './events.js';
import { digestDue, digestSuperseded, groupCounts, windowIndex } from './flood.js';
import { foldAlertGroup, initialAlertGroupState } from './state.js';

const rule = { windowSeconds: 30 };
const T0 = '2030-01-01T00:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const actor = 'alert:api';
const opened: AlertEvent = { type: 'alert.group.opened', at: T0, actor, incidentId: 1, room: 'r' };
const fired = (key: string, seconds: number): AlertEvent => ({
  type: 'alert.triggered',
  at: at(seconds),
  actor,
  service: 'api',
  dedupKey: key,
  summary: 's',
  source: 'h',
  severity: 'error',
});

function apply(history: AlertEvent[], batch: AlertEvent[]) {
  const before = foldAlertGroup(history);
  const snapshot = { ...before, alerts: new Map(before.alerts) };
  const after = foldAlertGroup(batch, before);
  return digestDue(snapshot, after, batch, rule);
}

describe('grouping windows', () => {
  it('counts windows from the group opening', () => {
    expect(windowIndex(T0, at(0), rule)).toBe(0);
    expect(windowIndex(T0, at(29.999), rule)).toBe(0);
    expect(windowIndex(T0, at(30), rule)).toBe(1);
  });

  it('tells the opening alert at once and needs no digest for it', () => {
    expect(apply([], [opened, fired('a', 0)])).toBeUndefined();
  });

  it('points every change of a window at the same digest, at the end of that window', () => {
    expect(apply([], [opened, fired('a', 0), fired('b', 1)])).toEqual({ window: 0, dueAt: at(30) });
    expect(apply([opened, fired('a', 0)], [fired('b', 2)])).toEqual({ window: 0, dueAt: at(30) });
    expect(apply([opened, fired('a', 0), fired('b', 2)], [fired('c', 3), fired('d', 4)])).toEqual({ window: 0, dueAt: at(30) });
    expect(apply([opened, fired('a', 0), fired('b', 2)], [fired('e', 31)])).toEqual({ window: 1, dueAt: at(60) });
  });

  it('lets an overdue digest stay silent when a later one, also due, says more', () => {
    const state = foldAlertGroup([opened, fired('a', 0), fired('b', 5), fired('c', 65)]);
    expect(digestSuperseded(state, 0, at(100), rule)).toBe(true);
    expect(digestSuperseded(state, 0, at(70), rule)).toBe(false);
    expect(digestSuperseded(state, 2, at(100), rule)).toBe(false);
  });

  it('needs no digest for repeats, nor when the last alert resolved (that is said at once)', () => {
    const repeat: AlertEvent = { type: 'alert.repeated', at: at(5), actor, service: 'api', dedupKey: 'a', summary: 's' };
    expect(apply([opened, fired('a', 0)], [repeat])).toBeUndefined();
    const resolved: AlertEvent[] = [
      { type: 'alert.resolved', at: at(5), actor, service: 'api', dedupKey: 'a' },
      { type: 'alert.group.all_resolved', at: at(5), actor, count: 1 },
    ];
    expect(apply([opened, fired('a', 0)], resolved)).toBeUndefined();
  });

  it('counts the group and what changed since a time', () => {
    const state = foldAlertGroup([
      opened,
      fired('a', 0),
      fired('b', 31),
      fired('c', 32),
      { type: 'alert.acknowledged', at: at(33), actor, service: 'api', dedupKey: 'b' },
      { type: 'alert.resolved', at: at(40), actor, service: 'api', dedupKey: 'a' },
    ]);
    expect(groupCounts(state, at(30))).toEqual({
      total: 3,
      open: 1,
      acknowledged: 1,
      resolved: 1,
      newInWindow: 2,
      resolvedInWindow: 1,
      services: ['api'],
    });
    expect(initialAlertGroupState().alerts.size).toBe(0);
  });
});
