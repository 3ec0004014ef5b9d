import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerProcess } from '../support/alertmanager-process.js';
import { ServerProcess } from '../support/server-process.js';
import { eventually } from '../support/until.js';

const API_KEY = 't4p469tasznf3h9hevbta1hkkfkvdv5p';
const WEB_KEY = '69apfoaic0pa2l3bbcn0ovg3omssm469';

interface Row {
  id: number;
  title: string;
  room: string;
  lobby: string;
  status: string;
  severity: string;
}

describe('alerts from the real Prometheus Alertmanager, through pagerduty_configs and webhook_configs', () => {
  let server: ServerProcess;
  let alertmanager: AlertmanagerProcess;
  let carol: string;

  beforeAll(async () => {
    server = await ServerProcess.start({
      config: (config) => {
        config.rooms['web-incidents'] = { locale: 'en' };
        config.services.web.room = 'web-incidents';
      },
    });
    carol = await server.token('carol');
    // The configuration docs/ingest.md documents, with short timings for a test.
    alertmanager = await AlertmanagerProcess.start({
      route: {
        receiver: 'dont-panic-pagerduty',
        group_by: ['alertname'],
        group_wait: '1s',
        group_interval: '1s',
        repeat_interval: '1h',
        routes: [{ receiver: 'dont-panic-webhook', matchers: ['team="web"'] }],
      },
      receivers: [
        {
          name: 'dont-panic-pagerduty',
          pagerduty_configs: [{ routing_key: API_KEY, url: `${server.url}/v2/enqueue`, severity: '{{ .CommonLabels.severity }}', send_resolved: true }],
        },
        {
          name: 'dont-panic-webhook',
          webhook_configs: [{ url: `${server.url}/v1/alertmanager`, send_resolved: true, http_config: { authorization: { type: 'Bearer', credentials: WEB_KEY } } }],
        },
      ],
    });
  });

  afterAll(async () => {
    await alertmanager?.stop();
    await server?.stop();
  });

  const incidents = async (): Promise<Row[]> => (await server.request('GET', '/api/v1/incidents', { token: carol })).body.incidents;

  it('opens one incident per alert group and resolves it when Alertmanager sends resolved', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const alerts = [
      { labels: { alertname: 'ApiErrors', team: 'platform', severity: 'critical', instance: 'api-1' }, annotations: { summary: 'API 5xx above 5%' } },
      { labels: { alertname: 'ApiErrors', team: 'platform', severity: 'critical', instance: 'api-2' }, annotations: { summary: 'API 5xx above 5%' } },
      { labels: { alertname: 'WebSlow', team: 'web', severity: 'warning', instance: 'web-1' }, annotations: { summary: 'Checkout p99 above 3 s' } },
    ];
    await alertmanager.post(alerts.map((alert) => ({ ...alert, startsAt, endsAt: later, generatorURL: 'http://prometheus.example/graph' })));

    const opened = await eventually(incidents, (rows) => rows.filter((row) => row.status === 'open').length >= 2, 'an incident for each alert group');
    const api = opened.filter((row) => row.lobby === 'incident-chat');
    const web = opened.filter((row) => row.lobby === 'web-incidents');
    expect(api).toHaveLength(1);
    expect(web).toHaveLength(1);
    expect(api[0]).toMatchObject({ severity: 'SEV-2', status: 'open' });
    expect(api[0].title).toMatch(/^\[FIRING:\d\] ApiErrors/);
    expect(web[0]).toMatchObject({ title: 'Checkout p99 above 3 s', severity: 'SEV-4', status: 'open' });

    // Two firing alerts of one group are one alert here: keyed by the group, never by text.
    for (const row of [api[0], web[0]]) {
      const group = await server.request('GET', `/api/v1/incidents/${row.id}/alerts`, { token: carol });
      expect(group.body.counts.total, row.room).toBe(1);
    }
    const apiTimeline = await server.request('GET', `/api/v1/incidents/${api[0].id}/timeline`, { token: carol });
    expect(apiTimeline.body.events.map((event: { type: string }) => event.type)).toContain('commander.paged');
    const webLobby = (await server.request('GET', '/api/v1/rooms/web-incidents/messages', { token: carol })).body.messages.map((m: { text: string }) => m.text);
    expect(webLobby.join('\n')).toContain(`#inc-${web[0].id}`);
    const webLines = (await server.request('GET', `/api/v1/rooms/${web[0].room}/messages`, { token: carol })).body.messages.map((m: { text: string }) => m.text);
    expect(webLines.join('\n')).toContain('A warning alert from web opened incident');

    const now = new Date().toISOString();
    await alertmanager.post(alerts.map((alert) => ({ ...alert, startsAt, endsAt: now })));
    const closed = await eventually(
      incidents,
      (rows) => [api[0].id, web[0].id].every((id) => rows.find((row) => row.id === id)?.status === 'resolved'),
      'both incidents resolved',
    );
    expect(closed.filter((row) => row.status === 'open')).toEqual([]);
    const apiLines = (await server.request('GET', `/api/v1/rooms/${api[0].room}/messages`, { token: carol })).body.messages.map((m: { text: string }) => m.text);
    expect(apiLines.join('\n')).toContain(`The one alert of incident #${api[0].id} resolved.`);
  }, 90_000);

  it('refuses a webhook without the service routing key, or that is not version 4', async () => {
    const payload = { version: '4', groupKey: 'g', status: 'firing', receiver: 'r', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am', alerts: [] };
    const anonymous = await server.request('POST', '/v1/alertmanager', { body: payload });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.message).toContain('Authorization: Bearer ROUTING_KEY');
    const old = await server.request('POST', '/v1/alertmanager', { body: { ...payload, version: '3' }, headers: { authorization: `Bearer ${WEB_KEY}` } });
    expect(old.status).toBe(400);
    expect(old.body.error.message).toContain('version');
    // Several problems, each its own clause, joined as the reader's language joins clauses.
    const broken = { ...payload, version: '3', alerts: 'none' };
    const english = await server.request('POST', '/v1/alertmanager', { body: broken, headers: { authorization: `Bearer ${WEB_KEY}` } });
    expect(english.body.error.message).toMatch(/^This is not an Alertmanager webhook of version 4: [^；]+; [^；]+$/);
    const chinese = await server.request('POST', '/v1/alertmanager', { body: broken, headers: { authorization: `Bearer ${WEB_KEY}`, 'accept-language': 'zh-CN' } });
    expect(chinese.body.error.message).toMatch(/^这不是第 4 版的 Alertmanager webhook：[^;]+；[^;]+$/);
  });
});
