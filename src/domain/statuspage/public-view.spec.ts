import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../incident/events.js';
import { componentStates, nextFacts, nextPublicIncident, type IncidentFacts, type PublicIncident } from './public-view.js';

const at = '2026-11-24T10:00:00.000Z';

function project(events: IncidentEvent[]): PublicIncident | undefined {
  let facts: IncidentFacts | undefined;
  let incident: PublicIncident | undefined;
  for (const event of events) {
    facts = nextFacts(facts, event);
    incident = nextPublicIncident(incident, 7, facts, event);
  }
  return incident;
}

describe('the public view of an incident', () => {
  const declared: IncidentEvent = { type: 'incident.declared', at, actor: 'carol', id: 7, title: 'secret title', severity: 2, room: 'incident-chat', private: false };

  it('holds nothing until an update is published, and never drafts or notes', () => {
    expect(project([declared, { type: 'public.drafted', at, actor: 'erin', n: 1, text: 'draft', components: [], eta: [] }, { type: 'note.added', at, actor: 'carol', n: 1, text: 'note' }])).toBeUndefined();
    const incident = project([declared, { type: 'public.published', at, actor: 'carol', n: 1, text: 'We are investigating.', components: ['api'] }]);
    expect(incident).toEqual({ id: 7, severity: 2, status: 'open', resolvedAt: undefined, autoClosedAt: undefined, updates: [{ n: 1, at, text: 'We are investigating.', components: ['api'] }], components: ['api'] });
    expect(JSON.stringify(incident)).not.toContain('secret title');
  });

  it('shows only what the IC published: a resolve alone leaves it as published', () => {
    const published: IncidentEvent = { type: 'public.published', at, actor: 'carol', n: 1, text: 'We are investigating.', components: ['api'] };
    const resolved: IncidentEvent = { type: 'incident.resolved', at: '2026-11-24T11:00:00.000Z', actor: 'carol' };
    const afterResolve = project([declared, published, { type: 'severity.changed', at, actor: 'carol', from: 2, to: 1 }, resolved]);
    expect(afterResolve).toMatchObject({ severity: 2, status: 'open', resolvedAt: undefined });
    const closing: IncidentEvent = { type: 'public.published', at: '2026-11-24T11:05:00.000Z', actor: 'carol', n: 2, text: 'Fixed.', components: ['api'] };
    expect(project([declared, published, resolved, closing])).toMatchObject({ status: 'resolved', resolvedAt: '2026-11-24T11:05:00.000Z', autoClosedAt: undefined });
    const auto: IncidentEvent = { type: 'public.auto_closed', at: '2026-11-24T11:30:00.000Z', actor: 'system' };
    expect(project([declared, published, resolved, auto])).toMatchObject({ status: 'resolved', resolvedAt: '2026-11-24T11:30:00.000Z', autoClosedAt: '2026-11-24T11:30:00.000Z' });
  });

  it('never makes a private incident public until its IC turns communication on', () => {
    const secret: IncidentEvent = { ...declared, private: true };
    const published: IncidentEvent = { type: 'public.published', at, actor: 'carol', n: 1, text: 'service disruption', components: ['api'] };
    expect(project([secret, published])).toBeUndefined();
    expect(project([secret, { type: 'comms.opened', at, actor: 'carol' }, published])).toMatchObject({ id: 7, updates: [expect.objectContaining({ text: 'service disruption' })] });
  });

  it('shows each component at the worst impact of the ongoing incidents naming it', () => {
    const base = { status: 'open' as const, updates: [] };
    const states = componentStates(['api', 'web', 'database'], [
      { ...base, id: 1, severity: 3, components: ['api', 'web'] },
      { ...base, id: 2, severity: 1, components: ['api'] },
      { ...base, id: 3, severity: 1, status: 'resolved', components: ['database'] },
    ]);
    expect(Object.fromEntries(states)).toEqual({ api: 'major_outage', web: 'degraded', database: 'operational' });
  });
});
