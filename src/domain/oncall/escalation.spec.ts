import { testOrganisation } from '../testing/organisation.js';
import { describe, expect, it } from 'vitest';
import type { Organisation } from '../organisation.js';
import { nextStep, policyFor, resolveLevel, type EscalationPolicy } from './escalation.js';
import type { Schedule } from './schedule.js';

const weekly = (name: string, people: string[], extra: Partial<Schedule> = {}): Schedule => ({
  name,
  timezone: 'Europe/London',
  layers: [{ name: 'weekly', start: '2026-03-02', handoff: 540, rotation: { kind: 'days', days: 7 }, people, restrictions: [] }],
  overrides: [],
  shadows: [],
  ...extra,
});

const people = ['alice', 'bob', 'erin', 'lei', 'mei'].map((handle) => [handle, { handle, name: handle, locale: 'en', timezone: 'UTC' }] as const);

function organisation(extra: Partial<Organisation> = {}): Organisation {
  return testOrganisation({
    people: new Map(people),
    teams: new Map([['data', { name: 'data', members: ['mei', 'bob'], schedule: 'data-oncall' }]]),
    services: new Map([['database', { name: 'database', team: 'data', routingKey: 'k' }]]),
    schedules: new Map([
      ['ic-primary', weekly('ic-primary', ['alice'])],
      ['ic-backup', weekly('ic-backup', ['bob'], { shadows: ['lei'] })],
      ['data-oncall', weekly('data-oncall', ['mei'], { overrides: [{ start: '2026-04-01T00:00:00Z', end: '2026-04-02T00:00:00Z', person: 'erin', replaces: 'mei' }] })],
    ]),
    incidentCommand: { primary: 'ic-primary', backup: 'ic-backup', shadows: [] },
    ...extra,
  });
}

describe('escalation policies', () => {
  it('pages primary and backup IC together, and the backup schedule’s trainee as a shadow', () => {
    const org = organisation();
    const policy = policyFor(org, { kind: 'commander' });
    const level = resolveLevel(org, policy.levels[0], new Date('2026-04-01T12:00:00Z'));
    expect(level.recipients.map((recipient) => [recipient.person, recipient.shadow, recipient.via.schedule])).toEqual([
      ['alice', false, 'ic-primary'],
      ['bob', false, 'ic-backup'],
      ['lei', true, 'ic-backup'],
    ]);
    expect(level.recipients[2].via.shadowing).toBe('bob');
  });

  it('pages a service through its team’s schedule, honouring overrides', () => {
    const org = organisation();
    const policy = policyFor(org, { kind: 'service', name: 'database' });
    expect(policy.name).toBe('team:data');
    const during = resolveLevel(org, policy.levels[0], new Date('2026-04-01T12:00:00Z'));
    expect(during.recipients[0]).toMatchObject({ person: 'erin', via: { schedule: 'data-oncall', overrides: 'mei' } });
    expect(resolveLevel(org, policy.levels[0], new Date('2026-04-02T12:00:00Z')).recipients[0].person).toBe('mei');
  });

  it('uses a named policy and records targets that paged nobody', () => {
    const named: EscalationPolicy = {
      name: 'ic',
      repeat: 1,
      levels: [
        { targets: [{ kind: 'schedule', name: 'ic-primary' }], ackTimeoutSeconds: 60 },
        { targets: [{ kind: 'person', name: 'erin' }], ackTimeoutSeconds: 60 },
      ],
    };
    const org = organisation({ escalationPolicies: new Map([['ic', named]]), incidentCommand: { primary: 'ic-primary', backup: 'ic-backup', shadows: [], escalationPolicy: 'ic' } });
    expect(policyFor(org, { kind: 'commander' })).toBe(named);
    const before = resolveLevel(org, named.levels[0], new Date('2026-03-01T00:00:00Z'));
    expect(before).toEqual({ recipients: [], unfilled: [{ target: { kind: 'schedule', name: 'ic-primary' }, reason: 'nobody-on-call' }] });
  });

  it('steps through the levels, repeats, then stops', () => {
    const policy = { levels: [1, 2], repeat: 1 };
    expect(nextStep(policy, 0, 0)).toEqual({ level: 1, round: 0 });
    expect(nextStep(policy, 1, 0)).toEqual({ level: 0, round: 1 });
    expect(nextStep(policy, 1, 1)).toBeUndefined();
  });
});
