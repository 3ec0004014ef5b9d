import { describe, expect, it } from 'vitest';
import { refuse } from '../refusal.js';
import { announceRefusal, endRefusal } from './ownership.js';

const organisation = {
  teams: new Map([
    ['platform', { name: 'platform', members: ['alice', 'dave'] }],
    ['web', { name: 'web', members: ['carol', 'erin'] }],
  ]),
  services: new Map([
    ['api', { name: 'api', team: 'platform', routingKey: 'k1' }],
    ['web', { name: 'web', team: 'web', routingKey: 'k2' }],
  ]),
};
const davesApi = { id: 1, by: 'dave', components: ['api'] };
const bothByCarol = { id: 2, by: 'carol', components: ['web', 'api'] };
const configured = { id: 3, by: 'system', components: ['api'] };

describe('who may announce and end a maintenance window', () => {
  it('lets members of the team owning every service announce one, and names the first service that is not theirs', () => {
    expect(announceRefusal(organisation, 'dave', ['api'])).toBeUndefined();
    expect(announceRefusal(organisation, 'system', ['api', 'web'])).toBeUndefined();
    expect(announceRefusal(organisation, 'erin', ['web', 'api'])).toEqual(refuse('maintenance.not_owner', { service: 'api', team: 'platform' }));
  });

  it('lets its author or the owning team end one, refusing others with a reason about ending it', () => {
    expect(endRefusal(organisation, 'dave', davesApi)).toBeUndefined();
    expect(endRefusal(organisation, 'alice', davesApi)).toBeUndefined();
    expect(endRefusal(organisation, 'erin', davesApi)).toEqual(refuse('maintenance.only_owner_ends', { service: 'api', team: 'platform', id: 1 }));
    expect(endRefusal(organisation, 'alice', configured)).toBeUndefined();
    expect(endRefusal(organisation, 'erin', configured)).toEqual(refuse('maintenance.only_owner_ends', { service: 'api', team: 'platform', id: 3 }));
  });

  it('does not let one team end a window that also silences another team’s service, unless they announced it', () => {
    expect(endRefusal(organisation, 'carol', bothByCarol)).toBeUndefined();
    expect(endRefusal(organisation, 'erin', bothByCarol)).toEqual(refuse('maintenance.only_owner_ends', { service: 'api', team: 'platform', id: 2 }));
    expect(endRefusal(organisation, 'dave', bothByCarol)).toEqual(refuse('maintenance.only_owner_ends', { service: 'web', team: 'web', id: 2 }));
  });
});
