import { describe, expect, it } from 'vitest';
import { fastPagerDutyEvent } from './pagerduty-fast-path.js';
import { parsePagerDutyEvent, parseWithSchema } from './pagerduty-event.js';

const KEY = 'k'.repeat(32);
const payload = { summary: 'Disk full on db-1', source: 'db-1', severity: 'critical' };
const trigger = { routing_key: KEY, event_action: 'trigger', dedup_key: 'disk/db-1', payload };

/** Bodies near every edge the schema checks: each must get the schema's own answer, or fall back to it. */
const bodies: unknown[] = [
  trigger,
  { ...trigger, client: 'Alertmanager', client_url: 'https://am.example', extra: 1 },
  { ...trigger, payload: { ...payload, timestamp: '2015-07-17T08:42:58.315+0000', component: 'pg', group: 'prod', class: 'disk', custom_details: { free: '1%' } } },
  { ...trigger, payload: { ...payload, timestamp: 'yesterday' } },
  { ...trigger, payload: { ...payload, timestamp: 12 } },
  { ...trigger, payload: { ...payload, custom_details: [1, 2] } },
  { ...trigger, payload: { ...payload, custom_details: null } },
  { ...trigger, payload: { ...payload, summary: '' } },
  { ...trigger, payload: { ...payload, summary: 'x'.repeat(1024) } },
  { ...trigger, payload: { ...payload, summary: 'x'.repeat(1025) } },
  { ...trigger, payload: { ...payload, summary: '😀'.repeat(512) } },
  { ...trigger, payload: { ...payload, summary: '😀'.repeat(513) } },
  { ...trigger, payload: { ...payload, source: '' } },
  { ...trigger, payload: { ...payload, severity: 'high' } },
  { ...trigger, payload: { ...payload, class: 3 } },
  { ...trigger, payload: { ...payload, component: null } },
  { ...trigger, payload: null },
  { ...trigger, payload: 'text' },
  { ...trigger, routing_key: 'short' },
  { ...trigger, routing_key: 32 },
  { ...trigger, event_action: 'snooze' },
  { ...trigger, dedup_key: '' },
  { ...trigger, dedup_key: 'd'.repeat(255) },
  { ...trigger, dedup_key: 'd'.repeat(256) },
  { ...trigger, dedup_key: 7 },
  { ...trigger, client: 5 },
  { ...trigger, links: [{ href: 'https://grafana.example/d/1' }] },
  { routing_key: KEY, event_action: 'resolve', dedup_key: 'disk/db-1' },
  { routing_key: KEY, event_action: 'acknowledge', dedup_key: 'disk/db-1', payload: 'ignored' },
  { routing_key: KEY, event_action: 'resolve' },
  [trigger],
  null,
  'trigger',
];

describe('the fast path for well-formed PagerDuty events', () => {
  it.each(bodies.map((body) => [JSON.stringify(body)?.slice(0, 80), body]))('agrees with the schema on %s', (_name, body) => {
    const fast = fastPagerDutyEvent(body);
    if (fast) expect(parseWithSchema(body)).toEqual({ ok: true, value: fast });
    expect(parsePagerDutyEvent(body)).toEqual(parseWithSchema(body));
  });

  it('takes the common shapes itself', () => {
    expect(fastPagerDutyEvent(trigger)).toEqual({ action: 'trigger', routingKey: KEY, dedupKey: 'disk/db-1', alert: { dedupKey: 'disk/db-1', ...payload } });
    expect(fastPagerDutyEvent(bodies[2])).toBeDefined();
    expect(fastPagerDutyEvent(bodies[27])).toEqual({ action: 'resolve', routingKey: KEY, dedupKey: 'disk/db-1' });
    // Everything the schema refuses, the fast path leaves to it.
    expect(bodies.filter((body) => !parseWithSchema(body).ok).every((body) => fastPagerDutyEvent(body) === undefined)).toBe(true);
  });

  it('leaves a trigger without a dedup key to the schema, which gives it a new one', () => {
    const { dedup_key: _omitted, ...anonymous } = trigger;
    expect(fastPagerDutyEvent(anonymous)).toBeUndefined();
    expect(parseWithSchema(anonymous)).toMatchObject({ ok: true, value: { action: 'trigger' } });
  });
});
