import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import type { IncidentEvent } from './events.js';
import { recentlyActive } from './span-of-control.js';
import { fold } from './state.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 10, minute)).toISOString();
const declared: IncidentEvent = { type: 'incident.declared', at: at(0), actor: 'alice', id: 1, title: 't', severity: 3, room: 'inc-1', lobby: 'incident-chat', private: false };
const note = (minute: number, actor: string, n: number): IncidentEvent => ({ type: 'note.added', at: at(minute), actor, n, text: `note ${n}` });
const people = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];

describe('span of control', () => {
  it('counts people active in the last 15 minutes, never alerts or the system', () => {
    const state = fold([declared, note(1, 'bob', 1), note(2, 'alert:api', 2), note(20, 'carol', 3)]);
    expect(recentlyActive(state, at(20)).sort()).toEqual(['carol']);
    expect(recentlyActive(state, at(16)).sort()).toEqual(['bob', 'carol']);
  });

  it('tells the IC once when the eighth person becomes active, and not again', () => {
    const seven = fold([declared, ...people.map((person, index) => note(1, person, index + 1))]);
    const eighth = decide(seven, { type: 'add-note', at: at(2), actor: 'p8', text: 'eighth' });
    expect(eighth).toContainEqual({ type: 'span.exceeded', at: at(2), actor: 'system', active: 8 });
    const after = fold(eighth as IncidentEvent[], seven);
    const ninth = decide(after, { type: 'add-note', at: at(3), actor: 'p9', text: 'ninth' });
    expect((ninth as IncidentEvent[]).map((event) => event.type)).toEqual(['note.added']);
  });

  it('stays quiet while the incident already has a sub-team', () => {
    const seven = fold([declared, { type: 'subteam.opened', at: at(1), actor: 'alice', name: 'alpha', lead: 'p1', room: 'inc-1-alpha' }, ...people.map((person, index) => note(1, person, index + 1))]);
    const eighth = decide(seven, { type: 'add-note', at: at(2), actor: 'p8', text: 'eighth' });
    expect((eighth as IncidentEvent[]).map((event) => event.type)).toEqual(['note.added']);
  });
});
