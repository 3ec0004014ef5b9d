import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { whoIsOnCall } from '../domain/oncall/schedule.js';
import { ConfigError, parseConfig, toOrganisation } from './load-config.js';

const example = () => parse(readFileSync(new URL('../../config/example.yaml', import.meta.url), 'utf8'));

function load(edit: (config: Record<string, any>) => void) {
  const config = example();
  edit(config);
  return toOrganisation(parseConfig(stringify(config), 'test.yaml'));
}

describe('on-call configuration', () => {
  it('still reads the first form of layers: an instant and fixed shift hours', () => {
    const organisation = load((config) => {
      config.schedules['ic-primary'].layers[0] = { name: 'weekly', start: '2026-01-05T09:00:00Z', shiftHours: 168, people: ['alice', 'bob'] };
    });
    const schedule = organisation.schedules.get('ic-primary')!;
    expect(schedule.layers[0]).toMatchObject({ start: '2026-01-05', handoff: 540, rotation: { kind: 'hours', hours: 168 } });
    expect(whoIsOnCall(schedule, new Date('2026-01-12T08:59:00Z'))).toBe('alice');
    expect(whoIsOnCall(schedule, new Date('2026-01-12T09:00:00Z'))).toBe('bob');
  });

  it('reads override times without an offset in the schedule’s time zone', () => {
    const organisation = load(() => undefined);
    expect(organisation.schedules.get('data-oncall')!.overrides[0]).toEqual({
      start: '2026-03-06T16:00:00.000Z',
      end: '2026-03-07T16:00:00.000Z',
      person: 'mei',
      replaces: 'bob',
    });
  });

  it('turns ack timeouts into seconds, fractions of a minute included', () => {
    const organisation = load((config) => {
      config.escalationPolicies['incident-command'].levels[0].ackTimeoutMinutes = 0.05;
      delete config.escalationPolicies['incident-command'].levels[1].ackTimeoutMinutes;
      config.paging.ackTimeoutMinutes = 2;
    });
    const policy = organisation.escalationPolicies.get('incident-command')!;
    expect(policy.levels.map((level) => level.ackTimeoutSeconds)).toEqual([3, 120]);
    expect(organisation.paging.channels).toEqual(['email']);
  });

  it('refuses a layer with both rotation and shiftHours, by path', () => {
    expect(() =>
      load((config) => {
        config.schedules['ic-primary'].layers[0].shiftHours = 24;
      }),
    ).toThrow(ConfigError);
    try {
      load((config) => {
        config.schedules['ic-primary'].layers[0].shiftHours = 24;
      });
    } catch (error) {
      expect((error as ConfigError).problems).toContain('schedules.ic-primary.layers[0].rotation: give either rotation or shiftHours, not both');
    }
  });
});
