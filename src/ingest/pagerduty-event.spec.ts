import { describe, expect, it } from 'vitest';
import { parseChangeEvent } from './change-event.js';
import { parsePagerDutyEvent } from './pagerduty-event.js';

const KEY = 'k'.repeat(32);
const payload = { summary: 'Disk full on db-1', source: 'db-1', severity: 'critical' };

describe('PagerDuty Events API v2 parsing', () => {
  it('takes a full trigger, keeping every PD-CEF field', () => {
    const parsed = parsePagerDutyEvent({
      routing_key: KEY,
      event_action: 'trigger',
      dedup_key: 'disk/db-1',
      payload: { ...payload, timestamp: '2015-07-17T08:42:58.315+0000', component: 'postgres', group: 'prod', class: 'disk', custom_details: { free: '1%' } },
      links: [{ href: 'https://grafana.example/d/1', text: 'Dashboard' }],
      images: [{ src: 'https://grafana.example/render/1.png' }],
      client: 'Alertmanager',
      client_url: 'https://am.example',
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        action: 'trigger',
        routingKey: KEY,
        dedupKey: 'disk/db-1',
        alert: {
          dedupKey: 'disk/db-1',
          ...payload,
          timestamp: '2015-07-17T08:42:58.315+0000',
          component: 'postgres',
          group: 'prod',
          class: 'disk',
          details: { free: '1%' },
          links: [{ href: 'https://grafana.example/d/1', text: 'Dashboard' }],
          images: [{ src: 'https://grafana.example/render/1.png' }],
        },
      },
    });
  });

  it('makes up a dedup key for a trigger without one, a different one each time', () => {
    const first = parsePagerDutyEvent({ routing_key: KEY, event_action: 'trigger', payload });
    const second = parsePagerDutyEvent({ routing_key: KEY, event_action: 'trigger', payload });
    expect(first.ok && second.ok && first.value.dedupKey !== second.value.dedupKey).toBe(true);
  });

  it('takes acknowledge and resolve without a payload, but not without a dedup key', () => {
    expect(parsePagerDutyEvent({ routing_key: KEY, event_action: 'resolve', dedup_key: 'x' })).toEqual({
      ok: true,
      value: { action: 'resolve', routingKey: KEY, dedupKey: 'x' },
    });
    expect(parsePagerDutyEvent({ routing_key: KEY, event_action: 'acknowledge' })).toEqual({
      ok: false,
      problems: [{ key: 'dedup_key_required', params: { field: 'dedup_key', action: 'acknowledge' } }],
    });
  });

  it('names every field that is wrong', () => {
    const parsed = parsePagerDutyEvent({ routing_key: 'abc', event_action: 'trigger', payload: { summary: '', severity: 'fatal' } });
    expect(parsed).toEqual({ ok: false, problems: [{ key: 'wrong_length', params: { field: 'routing_key', length: 32 } }] });
    const payloadProblems = parsePagerDutyEvent({ routing_key: KEY, event_action: 'trigger', payload: { summary: '', severity: 'fatal' } });
    expect(payloadProblems.ok === false && payloadProblems.problems.map((problem) => [problem.key, problem.params?.field])).toEqual([
      ['missing', 'payload.summary'],
      ['missing', 'payload.source'],
      ['not_one_of', 'payload.severity'],
    ]);
  });

  it('parses a change event', () => {
    expect(parseChangeEvent({ routing_key: KEY, payload: { summary: 'Deploy v2', source: 'ci', custom_details: { sha: 'abc' } }, links: [{ href: 'https://ci/1' }] })).toEqual({
      ok: true,
      value: { routingKey: KEY, change: { summary: 'Deploy v2', source: 'ci', details: { sha: 'abc' }, links: [{ href: 'https://ci/1' }] } },
    });
    expect(parseChangeEvent({ routing_key: KEY, payload: {} }).ok).toBe(false);
  });
});
