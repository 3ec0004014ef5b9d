import { describe, expect, it } from 'vitest';
import { onCallAt, type Layer, type Schedule } from './schedule.js';
import { personShifts, shiftsBetween } from './shifts.js';

function layer(partial: Partial<Layer> & Pick<Layer, 'people'>): Layer {
  return { name: 'daily', start: '2026-10-20', handoff: 9 * 60, rotation: { kind: 'days', days: 1 }, restrictions: [], ...partial };
}

const london: Schedule = { name: 'platform', timezone: 'Europe/London', layers: [layer({ people: ['alice', 'dave'] })], overrides: [], shadows: [] };

describe('shifts between two instants', () => {
  // The clocks go back in London on Sunday 25 October 2026 at 02:00 BST: that day has 25 hours.
  it.each([
    ['2026-10-23T08:00:00.000Z', '2026-10-24T08:00:00.000Z', 'dave', 24, 'Friday 09:00 BST to Saturday 09:00 BST'],
    ['2026-10-24T08:00:00.000Z', '2026-10-25T09:00:00.000Z', 'alice', 25, 'Saturday 09:00 BST to Sunday 09:00 GMT: the long day'],
    ['2026-10-25T09:00:00.000Z', '2026-10-26T09:00:00.000Z', 'dave', 24, 'Sunday 09:00 GMT to Monday 09:00 GMT'],
  ])('%s – %s is %s’s, %s hours (%s)', (start, end, person, hours) => {
    const shift = shiftsBetween(london, new Date('2026-10-23T12:00:00Z'), new Date('2026-10-26T08:00:00Z')).find((candidate) => candidate.start === start);
    expect(shift).toMatchObject({ start, end, person, layer: 'daily', schedule: 'platform' });
    expect((Date.parse(end) - Date.parse(start)) / 3_600_000).toBe(hours);
  });

  it('keeps shifts whole at the edges of the range, and leaves out those outside it', () => {
    const shifts = shiftsBetween(london, new Date('2026-10-24T12:00:00Z'), new Date('2026-10-24T13:00:00Z'));
    expect(shifts).toEqual([{ schedule: 'platform', person: 'alice', layer: 'daily', start: '2026-10-24T08:00:00.000Z', end: '2026-10-25T09:00:00.000Z' }]);
  });

  it('marks an override as covering for whoever the layer had on call, and splits the shift around it', () => {
    const covered: Schedule = { ...london, overrides: [{ start: '2026-10-24T12:00:00.000Z', end: '2026-10-24T18:00:00.000Z', person: 'frank', replaces: 'alice' }] };
    const shifts = shiftsBetween(covered, new Date('2026-10-24T09:00:00Z'), new Date('2026-10-24T20:00:00Z'));
    expect(shifts.map((shift) => [shift.person, shift.start, shift.end, shift.covering?.for])).toEqual([
      ['alice', '2026-10-24T08:00:00.000Z', '2026-10-24T12:00:00.000Z', undefined],
      ['frank', '2026-10-24T12:00:00.000Z', '2026-10-24T18:00:00.000Z', 'alice'],
      ['alice', '2026-10-24T18:00:00.000Z', '2026-10-25T09:00:00.000Z', undefined],
    ]);
  });

  it('agrees with who is on call at every hour of a month with a DST change, layers and an override', () => {
    const nights: Schedule = {
      name: 'web',
      timezone: 'Europe/Dublin',
      layers: [
        layer({ name: 'office', people: ['carol', 'erin'], rotation: { kind: 'days', days: 7 }, restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: 9 * 60, to: 18 * 60 }] }),
        layer({ name: 'after-hours', people: ['dave'], restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: 18 * 60, to: 9 * 60 }] }),
      ],
      overrides: [{ start: '2026-10-26T10:00:00.000Z', end: '2026-10-27T10:00:00.000Z', person: 'frank' }],
      shadows: [],
    };
    const from = new Date('2026-10-10T00:00:00Z');
    const to = new Date('2026-11-10T00:00:00Z');
    const shifts = shiftsBetween(nights, from, to);
    for (let instant = from.getTime(); instant < to.getTime(); instant += 3_600_000 + 7 * 60_000) {
      const expected = onCallAt(nights, instant)?.person;
      const found = shifts.filter((shift) => Date.parse(shift.start) <= instant && instant < Date.parse(shift.end));
      expect(found.map((shift) => shift.person), new Date(instant).toISOString()).toEqual(expected ? [expected] : []);
    }
  });

  it('gathers one person’s shifts across schedules, in time order', () => {
    const other: Schedule = { ...london, name: 'ic', layers: [layer({ people: ['dave', 'alice'], handoff: 17 * 60 })] };
    const shifts = personShifts([london, other], 'alice', new Date('2026-10-23T00:00:00Z'), new Date('2026-10-25T00:00:00Z'));
    expect(shifts.every((shift) => shift.person === 'alice')).toBe(true);
    expect(new Set(shifts.map((shift) => shift.schedule))).toEqual(new Set(['platform', 'ic']));
    expect(shifts.map((shift) => shift.start)).toEqual([...shifts.map((shift) => shift.start)].sort());
  });
});
