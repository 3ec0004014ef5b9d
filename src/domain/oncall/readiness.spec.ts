import { testOrganisation } from '../testing/organisation.js';
import { describe, expect, it } from 'vitest';
import type { Organisation } from '../organisation.js';
import type { Person } from '../people.js';
import { readiness } from './readiness.js';
import type { Schedule } from './schedule.js';

const person = (handle: string, contacts: Person['contacts'] = [{ channel: 'email', to: `${handle}@example.com` }]): Person => ({
  handle,
  name: handle,
  locale: 'en',
  timezone: 'UTC',
  contacts,
});

function organisation(schedules: Schedule[], people: Person[], channels: Organisation['paging']['channels'] = ['email']): Organisation {
  return testOrganisation({
    people: new Map(people.map((entry) => [entry.handle, entry])),
    schedules: new Map(schedules.map((schedule) => [schedule.name, schedule])),
    paging: { ackTimeoutSeconds: 300, channels },
  });
}

const weekly = (name: string, people: string[], start = '2026-04-06'): Schedule => ({
  name,
  timezone: 'Europe/London',
  layers: [{ name: 'weekly', start, handoff: 540, rotation: { kind: 'days', days: 7 }, people, restrictions: [] }],
  overrides: [],
  shadows: [],
});

const NOW = new Date('2026-04-01T12:00:00Z');

describe('readiness', () => {
  it('finds nothing wrong when every schedule is covered and everyone is reachable', () => {
    expect(readiness(organisation([weekly('primary', ['a'], '2026-03-02'), weekly('backup', ['b'], '2026-03-02')], [person('a'), person('b')]), NOW)).toEqual([]);
  });

  it('reports a gap in the next 14 days and the policy level that pages nobody then', () => {
    const problems = readiness(organisation([weekly('primary', ['a']), weekly('backup', ['b'])], [person('a'), person('b')]), NOW);
    expect(problems).toContainEqual({ kind: 'gap', schedule: 'primary', start: NOW.toISOString(), end: '2026-04-06T08:00:00.000Z' });
    expect(problems).toContainEqual({ kind: 'empty-level', policy: 'incident-command', level: 1, start: NOW.toISOString() });
  });

  it('reports someone on call with no contact method a notifier can reach', () => {
    const smsOnly = person('b', [{ channel: 'sms', to: '+15550100' }]);
    const problems = readiness(organisation([weekly('primary', ['a'], '2026-03-02'), weekly('backup', ['b'], '2026-03-02')], [person('a'), smsOnly]), NOW);
    expect(problems).toEqual([{ kind: 'unreachable', person: 'b', onCallFrom: NOW.toISOString(), where: 'schedule backup' }]);
    const withTwilio = organisation([weekly('primary', ['a'], '2026-03-02'), weekly('backup', ['b'], '2026-03-02')], [person('a'), smsOnly], ['email', 'sms', 'voice']);
    expect(readiness(withTwilio, NOW)).toEqual([]);
  });
});
