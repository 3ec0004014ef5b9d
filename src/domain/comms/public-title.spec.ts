import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../incident/events.js';
import { parseLine } from '../language/parse.js';
import { nextFacts, nextPublicIncident, type IncidentFacts, type PublicIncident } from '../statuspage/public-view.js';
import { given } from '../testing/given.js';

const at = '2026-11-24T10:00:00.000Z';
const later = '2026-11-24T10:05:00.000Z';
const declared: IncidentEvent = { type: 'incident.declared', at, actor: 'carol', id: 7, title: 'db primary OOM', severity: 2, room: 'incident-chat', private: false };
const carolCommands: IncidentEvent = { type: 'commander.assigned', at, actor: 'carol', person: 'carol' };
const titled: IncidentEvent = { type: 'public.titled', at: later, actor: 'carol', title: 'Checkout errors' };
const setTitle = (actor: string, title = 'Checkout errors') => ({ type: 'set-public-title' as const, at: later, actor, title });

describe('the public title', () => {
  it('is parsed from !public title and !公告 标题, and is not a draft', () => {
    expect(parseLine('!public title Checkout errors')).toEqual({ kind: 'command', intent: { kind: 'public-title', title: 'Checkout errors' } });
    expect(parseLine('!公告 标题 结账失败')).toEqual({ kind: 'command', intent: { kind: 'public-title', title: '结账失败' } });
    expect(parseLine('!public title')).toMatchObject({ kind: 'invalid', error: { code: 'parse.missing_title', usage: 'public' } });
    expect(parseLine('!public titles are hard')).toEqual({ kind: 'command', intent: { kind: 'public', text: 'titles are hard' } });
  });

  describe('when the incident has an IC', () => {
    it('is set by the IC, also after the incident is resolved', () => {
      given(declared, carolCommands).when(setTitle('carol')).then(titled);
      given(declared, carolCommands, { type: 'incident.resolved', at, actor: 'carol' }).when(setTitle('carol')).then(titled);
    });

    it('is refused to anyone else, and when it would not change', () => {
      given(declared, carolCommands).when(setTitle('erin')).thenRefuses('public.only_commander_title', { commander: 'carol' });
      given(declared, carolCommands, titled).when(setTitle('carol')).thenRefuses('public.same_title');
    });
  });

  it('is refused while nobody is the IC', () => {
    given(declared).when(setTitle('erin')).thenRefuses('public.no_commander_title');
  });

  it('names the incident on the status page, set before or after the first publication', () => {
    const project = (events: IncidentEvent[]) => {
      let facts: IncidentFacts | undefined;
      let incident: PublicIncident | undefined;
      for (const event of events) {
        facts = nextFacts(facts, event);
        incident = nextPublicIncident(incident, 7, facts, event);
      }
      return incident;
    };
    const published: IncidentEvent = { type: 'public.published', at, actor: 'carol', n: 1, text: 'x', components: [] };
    expect(project([declared, titled, published])?.title).toBe('Checkout errors');
    expect(project([declared, published, titled])?.title).toBe('Checkout errors');
    expect(project([declared, published])?.title).toBeUndefined();
    expect(JSON.stringify(project([declared, published, titled]))).not.toContain('OOM');
  });
});
