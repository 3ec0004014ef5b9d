import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from './events.js';
import { crossesSpanOfControl, directReports } from './span-of-control.js';
import { fold } from './state.js';

const at = '2026-11-24T10:00:00.000Z';
const declared: IncidentEvent = { type: 'incident.declared', at, actor: 'alice', id: 1, title: 't', severity: 1, room: 'incident-chat', private: false };
const task = (n: number, owner: string): IncidentEvent => ({ type: 'task.assigned', at, actor: 'alice', n, owner, text: `task ${n}` });

describe('span of control', () => {
  it('counts role holders and owners of open tasks once, never the IC', () => {
    const state = fold([
      declared,
      { type: 'commander.assigned', at, actor: 'alice', person: 'alice' },
      { type: 'role.assigned', at, actor: 'alice', role: 'scribe', person: 'carol' },
      task(1, 'carol'),
      task(2, 'alice'),
      task(3, 'dave'),
      { type: 'task.completed', at, actor: 'dave', n: 3 },
    ]);
    expect(directReports(state)).toEqual(['carol']);
  });

  it('says so when the eighth person starts reporting to the IC, and only then', () => {
    const seven = fold([declared, ...['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'].map((person, index) => task(index + 1, person))]);
    const eight = fold([task(8, 'p8')], seven);
    const nine = fold([task(9, 'p9')], eight);
    expect(crossesSpanOfControl(seven, eight)).toBe(true);
    expect(crossesSpanOfControl(eight, nine)).toBe(false);
  });
});
