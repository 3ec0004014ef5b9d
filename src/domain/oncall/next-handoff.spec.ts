import { describe, expect, it } from 'vitest';
import { nextHandoff } from './next-handoff.js';
import type { Layer, Schedule } from './schedule.js';

const layer = (overrides: Partial<Layer>): Layer => ({
  name: 'weekly',
  start: '2026-01-05',
  handoff: 9 * 60,
  rotation: { kind: 'days', days: 7 },
  people: ['alice', 'bob'],
  restrictions: [],
  ...overrides,
});
const weekly: Schedule = { name: 'ic', timezone: 'UTC', layers: [layer({})], overrides: [], shadows: [] };

describe('next handoff', () => {
  it('is the end of the current shift, with the next person', () => {
    expect(nextHandoff(weekly, new Date('2026-01-07T12:00:00Z'))).toEqual({ at: '2026-01-12T09:00:00.000Z', person: 'bob' });
    expect(nextHandoff(weekly, new Date('2026-01-12T09:00:00Z'))).toEqual({ at: '2026-01-19T09:00:00.000Z', person: 'alice' });
  });

  it('is the start of the first shift before the rotation begins', () => {
    expect(nextHandoff(weekly, new Date('2026-01-01T00:00:00Z'))).toEqual({ at: '2026-01-05T09:00:00.000Z', person: 'alice' });
  });

  it('skips boundaries where the same person stays on call', () => {
    const alone: Schedule = { ...weekly, layers: [layer({ rotation: { kind: 'days', days: 1 }, people: ['carol'] })] };
    expect(nextHandoff(alone, new Date('2026-01-06T00:00:00Z'), 24 * 30)).toBeUndefined();
  });

  it('follows an override', () => {
    const covered: Schedule = { ...weekly, overrides: [{ start: '2026-01-08T00:00:00Z', end: '2026-01-09T00:00:00Z', person: 'dave' }] };
    expect(nextHandoff(covered, new Date('2026-01-06T00:00:00Z'))).toEqual({ at: '2026-01-08T00:00:00.000Z', person: 'dave' });
  });
});
