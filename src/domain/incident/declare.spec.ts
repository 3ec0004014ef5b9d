import { describe, expect, it } from 'vitest';
import { given } from '../testing/given.js';

const at = '2030-01-01T10:00:00.000Z';
const declaration = { id: 7, title: 'checkout is failing', severity: 3, lobby: 'incident-chat', private: false } as const;

describe('declare', () => {
  describe('when the room has no incident', () => {
    it('declares it with exactly the declaration, and the incident is open with that severity', () => {
      const state = given()
        .when({ type: 'declare', at, actor: 'carol', ...declaration })
        .then({ type: 'incident.declared', at, actor: 'carol', ...declaration, room: 'inc-7' });
      expect(state).toMatchObject({ exists: true, id: 7, room: 'inc-7', lobby: 'incident-chat', title: 'checkout is failing', severity: 3, status: 'open', declaredBy: 'carol' });
      expect(state.roles.sme).toEqual([]);
    });
  });

  describe('when the incident is already declared', () => {
    it('refuses a second declaration', () => {
      given({ type: 'incident.declared', at, actor: 'carol', ...declaration, room: 'inc-7' })
        .when({ type: 'declare', at, actor: 'alice', ...declaration, id: 8 })
        .thenRefuses('incident.already_declared', { id: 7 });
    });
  });
});
