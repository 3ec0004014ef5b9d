import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { toAlertPolicies } from './alert-policies.js';
import { ConfigError, parseConfig } from './load-config.js';

const example = readFileSync(new URL('../../config/example.yaml', import.meta.url), 'utf8');

function withEdits(edit: (config: Record<string, any>) => void): string {
  const config = parse(example);
  edit(config);
  return stringify(config);
}

describe('alert policies from the configuration', () => {
  it('give every service the defaults, its own overrides, and a room', () => {
    const config = parseConfig(
      withEdits((config) => {
        config.teams.web.room = 'incident-chat-zh';
        config.services.database.room = 'executive-summary-updates';
        config.services.api.alerts = { severities: { critical: 1 }, groupWindowSeconds: 5, autoResolve: false };
      }),
      'test.yaml',
    );
    const policies = toAlertPolicies(config);
    expect(policies.get('api')).toMatchObject({
      routingKey: 't4p469tasznf3h9hevbta1hkkfkvdv5p',
      room: 'incident-chat',
      severities: { critical: 1, error: 3, warning: 4, info: 5 },
      grouping: { windowSeconds: 5 },
      autoResolve: false,
    });
    expect(policies.get('web')?.room).toBe('incident-chat-zh');
    expect(policies.get('database')).toMatchObject({ room: 'executive-summary-updates', severities: { critical: 2 }, rateLimit: { events: 600, perSeconds: 60 } });
  });

  it('names the path of a room that does not exist and of a bad severity', () => {
    const text = withEdits((config) => {
      config.services.api.room = 'nowhere';
      config.services.web.alerts = { severities: { critical: 0 } };
    });
    expect(() => parseConfig(text, 'test.yaml')).toThrow(ConfigError);
    try {
      parseConfig(text, 'test.yaml');
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('services.api.room: unknown room "nowhere"');
      expect(problems).toContain('services.web.alerts.severities.critical: expected a severity from 1 to 5');
    }
  });
});
