import { describe, expect, it } from 'vitest';
import { nextHandoff } from './next-handoff.js';
import type { Schedule } from './schedule.js';

const weekly: Schedule = {
  name: 'ic',
  timezone: 'Europe/London',
  layers: [{ name: 'weekly', start: '2026-01-05T09:00:00Z', shiftHours: 168, people: ['alice', 'bob'] }],
};

describe('next handoff', () => {
  it('is the end of the current shift, with the next person', () => {
    expect(nextHandoff(weekly, new Date('2026-01-07T12:00:00Z'))).toEqual({ at: '2026-01-12T09:00:00.000Z', person: 'bob' });
    expect(nextHandoff(weekly, new Date('2026-01-12T09:00:00Z'))).toEqual({ at: '2026-01-19T09:00:00.000Z', person: 'alice' });
  });

  it('is the start of the first shift before the rotation begins', () => {
    expect(nextHandoff(weekly, new Date('2026-01-01T00:00:00Z'))).toEqual({ at: '2026-01-05T09:00:00.000Z', person: 'alice' });
  });

  it('skips boundaries where the same person stays on call', () => {
    const alone: Schedule = { ...weekly, layers: [{ name: 'solo', start: '2026-01-05T09:00:00Z', shiftHours: 24, people: ['carol'] }] };
    expect(nextHandoff(alone, new Date('2026-01-06T00:00:00Z'), 24 * 30)).toBeUndefined();
  });

  it('follows the top layer when layers overlap', () => {
    const layered: Schedule = {
      ...weekly,
      layers: [
        { name: 'base', start: '2026-01-05T09:00:00Z', shiftHours: 168, people: ['alice'] },
        { name: 'cover', start: '2026-01-08T00:00:00Z', shiftHours: 24, people: ['dave'] },
      ],
    };
    expect(nextHandoff(layered, new Date('2026-01-06T00:00:00Z'))).toEqual({ at: '2026-01-08T00:00:00.000Z', person: 'dave' });
  });
});
