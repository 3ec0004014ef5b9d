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
    expect(incident).toEqual({ id: 7, severity: 2, status: 'open', resolvedAt: undefined, updates: [{ n: 1, at, text: 'We are investigating.', components: ['api'] }], components: ['api'] });
    expect(JSON.stringify(incident)).not.toContain('secret title');
  });

  it('follows severity and resolution once published', () => {
    const incident = project([
      declared,
      { type: 'public.published', at, actor: 'carol', n: 1, text: 'x', components: ['api'] },
      { type: 'severity.changed', at, actor: 'carol', from: 2, to: 1 },
      { type: 'incident.resolved', at, actor: 'carol' },
    ]);
    expect(incident).toMatchObject({ severity: 1, status: 'resolved', resolvedAt: at });
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
