import { describe, expect, it } from 'vitest';
import { firstOverlap, gaps, onCallAt, timeline, whoIsOnCall, type Layer, type Schedule } from './schedule.js';

const hm = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));

function layer(partial: Partial<Layer> & Pick<Layer, 'people'>): Layer {
  return { name: 'main', start: '2026-03-23', handoff: hm('09:00'), rotation: { kind: 'days', days: 7 }, restrictions: [], ...partial };
}

function schedule(timezone: string, layers: Layer[], extra: Partial<Schedule> = {}): Schedule {
  return { name: 's', timezone, layers, overrides: [], shadows: [], ...extra };
}

const who = (s: Schedule, iso: string) => whoIsOnCall(s, new Date(iso));

describe('who is on call', () => {
  describe('a weekly rotation handing off on Monday 09:00 London time', () => {
    const weekly = schedule('Europe/London', [layer({ people: ['alice', 'bob', 'mei'] })]);

    it.each([
      ['2026-03-23T08:59:00Z', undefined, 'before the first shift nobody is on call'],
      ['2026-03-23T09:00:00Z', 'alice', 'the first shift starts at 09:00 GMT'],
      ['2026-03-30T07:59:00Z', 'alice', 'after the clocks go forward, 08:59 BST is still alice'],
      ['2026-03-30T08:00:00Z', 'bob', 'the handoff stays at 09:00 local time, now 08:00 UTC'],
      ['2026-04-06T08:00:00Z', 'mei', 'and the week after'],
      ['2026-04-13T08:00:00Z', 'alice', 'then the rotation starts over'],
    ] as [string, string | undefined, string][])('at %s → %s (%s)', (at, expected) => {
      expect(who(weekly, at)).toBe(expected);
    });
  });

  describe('a daily rotation in New York across both DST changes', () => {
    const daily = schedule('America/New_York', [layer({ start: '2026-03-01', handoff: hm('02:30'), rotation: { kind: 'days', days: 1 }, people: ['a', 'b'] })]);

    it('hands off at 02:30 EST before spring forward', () => {
      expect(who(daily, '2026-03-07T07:29:00Z')).toBe('b');
      expect(who(daily, '2026-03-07T07:30:00Z')).toBe('a');
    });

    it('hands off right after the jump when 02:30 does not exist (03:30 EDT)', () => {
      // 2026-03-08 is day 7 since the start: shift 7 belongs to b.
      expect(who(daily, '2026-03-08T07:29:00Z')).toBe('a');
      expect(who(daily, '2026-03-08T07:30:00Z')).toBe('b');
    });

    it('hands off at 02:30 EDT after spring forward', () => {
      expect(who(daily, '2026-03-09T06:29:00Z')).toBe('b');
      expect(who(daily, '2026-03-09T06:30:00Z')).toBe('a');
    });

    it('keeps a 23-hour and a 25-hour shift on the change days, as the wall clock says', () => {
      const segments = timeline(daily, new Date('2026-03-07T12:00:00Z'), new Date('2026-03-10T12:00:00Z'));
      const hours = segments.map((segment) => (Date.parse(segment.end) - Date.parse(segment.start)) / 3_600_000);
      expect(segments.map((segment) => segment.onCall?.person)).toEqual(['a', 'b', 'a', 'b']);
      expect(hours.slice(1, 3)).toEqual([23, 24]);
    });

    it('hands off at the first 01:30 when the clocks go back', () => {
      const early = schedule('America/New_York', [layer({ start: '2026-10-01', handoff: hm('01:30'), rotation: { kind: 'days', days: 1 }, people: ['a', 'b'] })]);
      // 2026-11-01 is day 31: b. The first 01:30 is 05:30 UTC (EDT), the second 06:30 UTC (EST).
      expect(who(early, '2026-11-01T05:29:00Z')).toBe('a');
      expect(who(early, '2026-11-01T05:30:00Z')).toBe('b');
      expect(who(early, '2026-11-01T06:45:00Z')).toBe('b');
      const segments = timeline(early, new Date('2026-10-31T12:00:00Z'), new Date('2026-11-02T12:00:00Z'));
      expect((Date.parse(segments[1].end) - Date.parse(segments[1].start)) / 3_600_000).toBe(25);
    });
  });

  it('runs fixed 12-hour shifts in absolute time, whatever the wall clock does', () => {
    const shifts = schedule('Europe/London', [layer({ start: '2026-03-28', handoff: hm('08:00'), rotation: { kind: 'hours', hours: 12 }, people: ['day', 'night'] })]);
    expect(who(shifts, '2026-03-28T08:00:00Z')).toBe('day');
    expect(who(shifts, '2026-03-28T20:00:00Z')).toBe('night');
    expect(who(shifts, '2026-03-29T08:00:00Z')).toBe('day');
    expect(who(shifts, '2026-03-29T19:59:00Z')).toBe('day');
  });

  describe('layers restricted to office hours and to nights and weekends', () => {
    const office = layer({ name: 'office', people: ['alice'], restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: hm('09:00'), to: hm('17:00') }] });
    const nights = layer({
      name: 'nights',
      people: ['bob'],
      restrictions: [
        { days: ['mon', 'tue', 'wed', 'thu'], from: hm('17:00'), to: hm('09:00') },
        { days: ['fri'], from: hm('17:00'), to: 1440 },
        { days: ['sat', 'sun'], from: 0, to: 1440 },
        { days: ['mon'], from: 0, to: hm('09:00') },
      ],
    });
    const split = schedule('Europe/Berlin', [office, nights]);

    it('gives office hours to one layer and the rest to the other', () => {
      expect(onCallAt(split, new Date('2026-04-01T10:00:00Z'))).toEqual({ person: 'alice', layer: 'office' });
      expect(onCallAt(split, new Date('2026-04-01T16:00:00Z'))).toEqual({ person: 'bob', layer: 'nights' });
      expect(who(split, '2026-04-04T10:00:00Z')).toBe('bob');
    });

    it('leaves no gap and has no overlap', () => {
      expect(gaps(split, new Date('2026-04-01T00:00:00Z'), new Date('2026-04-15T00:00:00Z'))).toEqual([]);
      expect(firstOverlap(split)).toBeUndefined();
    });

    it('finds the gap when the nights layer is missing', () => {
      const found = gaps(schedule('Europe/Berlin', [office]), new Date('2026-04-01T00:00:00Z'), new Date('2026-04-02T00:00:00Z'));
      expect(found).toEqual([
        { start: '2026-04-01T00:00:00.000Z', end: '2026-04-01T07:00:00.000Z' },
        { start: '2026-04-01T15:00:00.000Z', end: '2026-04-02T00:00:00.000Z' },
      ]);
    });

    it('finds where two layers overlap', () => {
      const greedy = layer({ name: 'greedy', people: ['carol'], restrictions: [{ days: ['wed'], from: hm('16:00'), to: hm('18:00') }] });
      const overlap = firstOverlap(schedule('Europe/Berlin', [office, greedy]));
      expect(overlap?.layers).toEqual([0, 1]);
      expect(new Date(overlap!.at).getUTCDay()).toBe(3);
    });
  });

  describe('overrides', () => {
    const base = schedule('America/New_York', [layer({ start: '2026-06-01', rotation: { kind: 'days', days: 1 }, people: ['bob', 'dave'] })]);

    it('mei covers bob on Saturday: only while bob would be on call', () => {
      const covered: Schedule = {
        ...base,
        overrides: [{ start: '2026-06-06T00:00:00-04:00', end: '2026-06-07T00:00:00-04:00', person: 'mei', replaces: 'bob' }],
      };
      // 2026-06-06 09:00 starts day 5 (dave); before it, day 4 (bob).
      expect(onCallAt(covered, new Date('2026-06-06T10:00:00Z'))).toMatchObject({ person: 'mei', scheduled: 'bob', layer: 'main' });
      expect(who(covered, '2026-06-06T14:00:00Z')).toBe('dave');
      expect(who(covered, '2026-06-07T10:00:00Z')).toBe('dave');
      const segments = timeline(covered, new Date('2026-06-06T00:00:00Z'), new Date('2026-06-07T00:00:00Z'));
      expect(segments.map((segment) => segment.onCall?.person)).toEqual(['bob', 'mei', 'dave']);
    });

    it('an override without `replaces` covers whoever is on call, and fills a gap', () => {
      const covered: Schedule = { ...base, overrides: [{ start: '2026-05-31T00:00:00Z', end: '2026-06-01T13:00:00Z', person: 'erin' }] };
      expect(who(covered, '2026-05-31T12:00:00Z')).toBe('erin');
      expect(who(covered, '2026-06-01T12:59:00Z')).toBe('erin');
      expect(who(covered, '2026-06-01T13:00:00Z')).toBe('bob');
    });
  });
});
