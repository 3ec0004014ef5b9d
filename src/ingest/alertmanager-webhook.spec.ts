import { describe, expect, it } from 'vitest';
import { parseAlertmanagerWebhook } from './alertmanager-webhook.js';

function notification(status: 'firing' | 'resolved', groupKey = '{}:{alertname="ApiErrors"}') {
  return {
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    status,
    receiver: 'dont-panic',
    groupLabels: { alertname: 'ApiErrors' },
    commonLabels: { alertname: 'ApiErrors', severity: 'page' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    alerts: [
      { status: 'firing', labels: { alertname: 'ApiErrors', instance: 'a' }, annotations: { summary: 'A' }, startsAt: '2030-01-01T00:00:00Z', generatorURL: 'http://prom/1' },
      { status, labels: { alertname: 'ApiErrors', instance: 'b' }, annotations: { summary: 'B' }, startsAt: '2030-01-01T00:00:00Z' },
    ],
  };
}

describe('Alertmanager webhook (version 4) parsing', () => {
  it('turns a firing group into one trigger keyed by the group key', () => {
    const parsed = parseAlertmanagerWebhook(notification('firing'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok || parsed.value.action !== 'trigger') throw new Error('expected a trigger');
    expect(parsed.value.dedupKey).toBe('{}:{alertname="ApiErrors"}');
    expect(parsed.value.alert).toMatchObject({ summary: '[FIRING:2] ApiErrors', severity: 'critical', source: 'alertmanager.example:9093', class: 'ApiErrors' });
    expect(parsed.value.alert.links).toEqual([{ href: 'http://prom/1', text: 'ApiErrors' }]);
  });

  it('resolves the same key, and hashes a group key longer than 255 characters', () => {
    expect(parseAlertmanagerWebhook(notification('resolved'))).toEqual({ ok: true, value: { action: 'resolve', dedupKey: '{}:{alertname="ApiErrors"}' } });
    const long = parseAlertmanagerWebhook(notification('resolved', `{}:{alertname="${'x'.repeat(300)}"}`));
    expect(long.ok && long.value.dedupKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses other versions and shapes', () => {
    expect(parseAlertmanagerWebhook({ ...notification('firing'), version: '3' }).ok).toBe(false);
    expect(parseAlertmanagerWebhook({ version: '4' }).ok).toBe(false);
  });
});
