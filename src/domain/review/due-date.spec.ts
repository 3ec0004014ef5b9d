import { describe, expect, it } from 'vitest';
import { reviewDueAt, reviewTag } from './due-date.js';

describe('review meeting due date', () => {
  it('is 3 calendar days after a SEV-1, weekends included', () => {
    expect(reviewDueAt(1, '2026-11-27T16:00:00.000Z')).toBe('2026-11-30T16:00:00.000Z');
  });

  it.each([
    ['Monday', '2026-11-23T10:00:00.000Z', '2026-11-30T10:00:00.000Z'],
    ['Wednesday', '2026-11-25T10:00:00.000Z', '2026-12-02T10:00:00.000Z'],
    ['Friday', '2026-11-27T10:00:00.000Z', '2026-12-04T10:00:00.000Z'],
    ['Saturday', '2026-11-28T10:00:00.000Z', '2026-12-04T10:00:00.000Z'],
    ['Sunday', '2026-11-29T10:00:00.000Z', '2026-12-04T10:00:00.000Z'],
  ])('is 5 business days after a SEV-2 resolved on a %s', (_day, resolved, due) => {
    expect(reviewDueAt(2, resolved)).toBe(due);
  });

  it('tags action items with the severity and the date the incident began', () => {
    expect(reviewTag(1, '2026-01-05T23:59:00.000Z')).toBe('sev1_20260105');
  });
});
