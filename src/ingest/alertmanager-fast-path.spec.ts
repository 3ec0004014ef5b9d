import { describe, expect, it } from 'vitest';
import { fastAlertmanagerWebhook } from './alertmanager-fast-path.js';
import { parseAlertmanagerWebhook, parseWithSchema } from './alertmanager-webhook.js';

const alert = { status: 'firing', labels: { alertname: 'ApiErrors', instance: 'a' }, annotations: { summary: 'A' }, startsAt: '2030-01-01T00:00:00Z', generatorURL: 'http://prom/1' };
const webhook = {
  version: '4',
  groupKey: '{}:{alertname="ApiErrors"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'dont-panic',
  groupLabels: { alertname: 'ApiErrors' },
  commonLabels: { alertname: 'ApiErrors', severity: 'page' },
  commonAnnotations: { summary: 'API errors above 5%' },
  externalURL: 'http://alertmanager.example:9093',
  alerts: [alert, { ...alert, status: 'resolved', labels: { alertname: 'ApiErrors', instance: 'b' }, extra: true }],
};

/** Bodies near every edge the schema checks: each must get the schema's own answer, or fall back to it. */
const bodies: unknown[] = [
  webhook,
  { ...webhook, status: 'resolved' },
  { ...webhook, truncatedAlerts: undefined, alerts: [] },
  { ...webhook, truncatedAlerts: 1.5 },
  { ...webhook, truncatedAlerts: -1 },
  { ...webhook, truncatedAlerts: '2' },
  { ...webhook, version: '3' },
  { ...webhook, version: 4 },
  { ...webhook, groupKey: '' },
  { ...webhook, status: 'pending' },
  { ...webhook, receiver: undefined },
  { ...webhook, externalURL: 9093 },
  { ...webhook, groupLabels: { alertname: 1 } },
  { ...webhook, commonLabels: null },
  { ...webhook, commonAnnotations: [] },
  { ...webhook, alerts: {} },
  { ...webhook, alerts: [{ ...alert, status: 'unknown' }] },
  { ...webhook, alerts: [{ ...alert, labels: { instance: 7 } }] },
  { ...webhook, alerts: [{ ...alert, annotations: 'text' }] },
  { ...webhook, alerts: [{ ...alert, startsAt: 1 }] },
  { ...webhook, alerts: [{ ...alert, fingerprint: false }] },
  [webhook],
  null,
];

describe('the fast path for well-formed Alertmanager webhooks', () => {
  it.each(bodies.map((body) => [JSON.stringify(body)?.slice(0, 80), body]))('agrees with the schema on %s', (_name, body) => {
    expect(parseAlertmanagerWebhook(body)).toEqual(parseWithSchema(body));
  });

  it('takes the common shapes itself, and leaves malformed ones to the schema', () => {
    expect(fastAlertmanagerWebhook(webhook)).toBe(webhook);
    expect(fastAlertmanagerWebhook(bodies[1])).toBeDefined();
    expect(fastAlertmanagerWebhook(bodies[2])).toBeDefined();
    expect(bodies.slice(3).every((body) => fastAlertmanagerWebhook(body) === undefined)).toBe(true);
    expect(bodies.slice(3).every((body) => !parseWithSchema(body).ok)).toBe(true);
  });
});
