import { describe, expect, it } from 'vitest';
import { parseWhen } from './when.js';

const now = new Date('2026-12-01T10:00:00.000Z');

describe('the times !maintenance accepts', () => {
  it.each([
    ['2026-12-02T01:00Z', 'Europe/Berlin', undefined, '2026-12-02T01:00:00.000Z'],
    ['2026-12-02T09:00+08:00', 'Europe/Berlin', undefined, '2026-12-02T01:00:00.000Z'],
    ['2026-12-02T01:00', 'Asia/Shanghai', undefined, '2026-12-01T17:00:00.000Z'],
    ['23:00', 'Europe/Berlin', undefined, '2026-12-01T22:00:00.000Z'],
    // 03:00 in Berlin passed hours ago: the start is the next 03:00, not a window already running.
    ['03:00', 'Europe/Berlin', undefined, '2026-12-02T02:00:00.000Z'],
    // 10:50 in Berlin passed ten minutes ago: a late start still means today's.
    ['10:50', 'Europe/Berlin', undefined, '2026-12-01T09:50:00.000Z'],
    ['now', 'Europe/Berlin', undefined, '2026-12-01T10:00:00.000Z'],
    ['现在', 'Asia/Shanghai', undefined, '2026-12-01T10:00:00.000Z'],
    ['01:00', 'Europe/Berlin', '2026-12-01T22:00:00.000Z', '2026-12-02T00:00:00.000Z'],
    ['+90m', 'UTC', '2026-12-01T22:00:00.000Z', '2026-12-01T23:30:00.000Z'],
    ['+2h', 'UTC', '2026-12-01T22:00:00.000Z', '2026-12-02T00:00:00.000Z'],
  ])('%s in %s (after %s) is %s', (text, zone, after, expected) => {
    expect(parseWhen(text, zone, now, after)).toBe(expected);
  });

  it('keeps local wall time across a DST change', () => {
    // Europe/London leaves summer time on 25 October 2026: 09:00 local is 08:00 UTC before, 09:00 UTC after.
    expect(parseWhen('2026-10-24T09:00', 'Europe/London', now)).toBe('2026-10-24T08:00:00.000Z');
    expect(parseWhen('2026-10-26T09:00', 'Europe/London', now)).toBe('2026-10-26T09:00:00.000Z');
  });

  it.each(['tomorrow', '25:00', '2026-13-01T01:00', '+2d', '+2h without a start'])('refuses %s', (text) => {
    expect(parseWhen(text, 'UTC', now)).toBeUndefined();
  });
});
