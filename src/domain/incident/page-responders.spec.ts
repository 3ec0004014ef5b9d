import { describe, it } from 'vitest';
import { given } from '../testing/given.js';
import type { IncidentEvent } from './events.js';

const at = '2026-04-01T10:00:00.000Z';
const declaration = { id: 4, title: 'db is down', severity: 2 as const, lobby: 'incident-chat', private: false };
const declared: IncidentEvent = { type: 'incident.declared', at, actor: 'carol', ...declaration, room: 'inc-4' };

describe('!ic page <team|service|person>', () => {
  describe('when the room has no incident', () => {
    it('declares one, then pages them', () => {
      given()
        .when({ type: 'page-responders', at, actor: 'carol', target: { kind: 'team', name: 'data' }, message: 'db is down', declaration })
        .then(declared, { type: 'responders.paged', at, actor: 'carol', target: { kind: 'team', name: 'data' }, message: 'db is down' });
    });
  });

  describe('when the incident is open', () => {
    it('pages them', () => {
      given(declared)
        .when({ type: 'page-responders', at, actor: 'dave', target: { kind: 'service', name: 'api' }, message: 'api 500s', declaration })
        .then({ type: 'responders.paged', at, actor: 'dave', target: { kind: 'service', name: 'api' }, message: 'api 500s' });
    });
  });

  describe('when the incident is resolved', () => {
    it('refuses: reopen first', () => {
      given(declared, { type: 'incident.resolved', at, actor: 'carol' })
        .when({ type: 'page-responders', at, actor: 'dave', target: { kind: 'person', name: 'mei' }, message: 'help', declaration })
        .thenRefuses('incident.resolved', { id: 4 });
    });
  });
});
