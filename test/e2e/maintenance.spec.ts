import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { endpointSchemas, type Endpoint } from './statuspage-schema.js';

const API_KEY = 't4p469tasznf3h9hevbta1hkkfkvdv5p';
const texts = (result: { body: { replies: { text: string }[] } }) => result.body.replies.map((reply) => reply.text).join('\n');
const trigger = (dedupKey: string, summary: string, severity = 'critical') => ({ routing_key: API_KEY, event_action: 'trigger', dedup_key: dedupKey, payload: { summary, source: 'api-1', severity } });

describe('maintenance windows, against the real server', () => {
  let server: ServerProcess;
  let sink: SmtpSink;
  let carol: string;
  let dave: string;
  let mei: string;
  let incidentId: number;
  let incidentRoom: string;

  async function statuspage(endpoint: Endpoint) {
    const response = await server.request('GET', `/api/v2/${endpoint}`);
    const parsed = endpointSchemas[endpoint].safeParse(response.body);
    expect(parsed.success, `${endpoint}: ${parsed.error?.message}`).toBe(true);
    return response.body;
  }

  async function roomText(room: string): Promise<string> {
    const history = await server.request('GET', `/api/v1/rooms/${room}/messages?limit=1000`, { token: carol });
    return history.body.messages.map((message: { text: string }) => message.text).join('\n');
  }

  async function pagingEvents(id: number): Promise<string[]> {
    const timeline = await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol });
    return timeline.body.events.map((event: { type: string }) => event.type).filter((type: string) => type === 'commander.paged' || type === 'responders.paged');
  }

  beforeAll(async () => {
    sink = await SmtpSink.start();
    server = await ServerProcess.start({
      config: (config) => {
        config.notifications = { email: { host: '127.0.0.1', port: sink.port, secure: false, from: 'status@example.com' } };
        config.maintenances = { 'db-upgrade': { services: ['database'], from: '2026-12-20T01:00:00Z', to: '2026-12-20T03:00:00Z', text: 'Database upgrade to PostgreSQL 16' } };
      },
    });
    [carol, dave, mei] = await Promise.all([server.token('carol'), server.token('dave'), server.token('mei')]);
    const asked = await server.request('POST', '/status/subscribe', { body: { email: 'reader@example.org' }, headers: { 'accept-language': 'en' } });
    expect(asked.status).toBe(202);
    const confirmation = await sink.waitFor((mail) => mail.to.includes('reader@example.org'), 60_000);
    const confirm = /https?:\/\/[^\s]+(\/status\/confirm\?token=[A-Za-z0-9_.-]+)/.exec(confirmation.text)![1];
    expect((await server.request('GET', confirm)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
    await sink?.stop();
  });

  it('announces a window of the configuration ahead of time: API, status page, feed and Statuspage endpoints', async () => {
    const list = await server.request('GET', '/api/v1/maintenances', { token: carol });
    expect(list.body.maintenances).toEqual([expect.objectContaining({ id: 1, name: 'db-upgrade', services: ['database'], status: 'scheduled', by: 'system' })]);
    const [upcoming] = (await statuspage('scheduled-maintenances/upcoming.json')).scheduled_maintenances;
    expect(upcoming).toMatchObject({ id: 'm1', name: 'Database upgrade to PostgreSQL 16', status: 'scheduled', impact: 'maintenance', scheduled_for: '2026-12-20T01:00:00.000Z', scheduled_until: '2026-12-20T03:00:00.000Z' });
    expect(upcoming.components.map((component: { name: string }) => component.name)).toEqual(['database']);
    expect((await statuspage('scheduled-maintenances/active.json')).scheduled_maintenances).toEqual([]);
    expect((await statuspage('summary.json')).scheduled_maintenances.map((window: { id: string }) => window.id)).toEqual(['m1']);
    const html = await (await fetch(`${server.url}/status`)).text();
    expect(html).toContain('Scheduled maintenance');
    expect(html).toContain('Database upgrade to PostgreSQL 16 · Scheduled');
    expect(html).toContain('<time datetime="2026-12-20T01:00:00.000Z"');
    expect(await (await fetch(`${server.url}/status/feed.atom`)).text()).toContain('<title>Scheduled maintenance: Database upgrade to PostgreSQL 16</title>');
  });

  it('refuses windows it cannot understand, with a localized reason and nothing stored', async () => {
    const badTime = await server.say('incident-chat', '!maintenance api tomorrow 03:00 Failover', carol);
    expect(badTime.body.replies[0]).toMatchObject({ error: true, text: expect.stringContaining('“tomorrow” is not a time I understand') });
    const unknown = await server.say('incident-chat', '!maintenance billing now +1h Failover', carol);
    expect(unknown.body.replies[0].text).toContain('Unknown services: billing. Services: api, web, database.');
    const several = await server.say('incident-chat', '!maintenance billing,payroll now +1h Failover', carol);
    expect(several.body.replies[0]).toMatchObject({ error: true, text: 'Unknown services: billing, payroll. Services: api, web, database.' });
    const severalZh = await server.say('incident-chat-zh', '!维护 billing,payroll 现在 +1h 切换', mei);
    expect(severalZh.body.replies[0]).toMatchObject({ error: true, text: '未知的服务：billing、payroll。可用的服务：api、web、database。' });
    const overHttp = await server.request('POST', '/api/v1/maintenances', { token: mei, body: { services: ['billing', 'payroll'], from: '2026-12-02T01:00:00Z', to: '2026-12-02T03:00:00Z', text: 'x' } });
    expect(overHttp.status).toBe(400);
    expect(overHttp.body.error.message).toBe('未知的服务：billing、payroll。可用的服务：api、web、database。');
    const zh = await server.say('incident-chat-zh', '!维护 api 明天 03:00 切换', mei);
    expect(zh.body.replies[0].text).toContain('无法识别时间“明天”');
    const foreign = await server.say('incident-chat', '!maintenance api now +1h Failover', carol);
    expect(foreign.body.replies[0]).toMatchObject({ error: true, text: 'Only members of team platform, which owns api, can silence its pages with a maintenance window.' });
    const api = await server.request('POST', '/api/v1/maintenances', { token: dave, body: { services: ['api'], from: '2026-12-02T03:00:00Z', to: '2026-12-02T01:00:00Z', text: 'x' } });
    expect(api.status).toBe(400);
    expect(api.body.error.message).toContain('must end after it starts');
    expect((await server.request('POST', '/api/v1/maintenances', { body: { services: ['api'] } })).status).toBe(401);
    expect((await server.request('GET', '/api/v1/maintenances', { token: carol })).body.maintenances).toHaveLength(1);
  });

  it('records alerts during a window but pages nobody, says so in the room, and tells subscribers', async () => {
    const announced = await server.say('incident-chat', '!maintenance api now +2h API database failover', dave);
    expect(texts(announced)).toMatch(/^Maintenance #2 announced for api, .* UTC to .* UTC: “API database failover”\. While it runs, alerts of these services are recorded but page nobody\./);
    const mail = await sink.waitFor((received) => received.to.includes('reader@example.org') && received.subject.includes('maintenance of api'), 60_000);
    expect(mail.text).toContain('API database failover');
    expect(mail.text).toContain('/status/unsubscribe?token=');

    expect((await statuspage('scheduled-maintenances/active.json')).scheduled_maintenances.map((window: { id: string; status: string }) => [window.id, window.status])).toEqual([['m2', 'in_progress']]);
    expect((await statuspage('components.json')).components.find((component: { name: string }) => component.name === 'api').status).toBe('under_maintenance');
    expect((await statuspage('status.json')).status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });

    const alert = await server.request('POST', '/v2/enqueue', { body: trigger('api-5xx', 'API 5xx above 20%') });
    expect(alert.status).toBe(202);
    const open = await server.request('GET', '/api/v1/incidents?status=open', { token: carol });
    const incident = open.body.incidents.find((row: { title: string }) => row.title === 'API 5xx above 20%');
    expect(incident).toMatchObject({ severity: 'SEV-2' });
    incidentId = incident.id;
    incidentRoom = incident.room;
    const warning = await server.request('POST', '/v2/enqueue', { body: trigger('api-latency', 'API latency above 2 s', 'warning') });
    expect(warning.status).toBe(202);
    const alerts = await server.request('GET', `/api/v1/incidents/${incidentId}/alerts`, { token: carol });
    expect(alerts.body.counts).toMatchObject({ total: 2, open: 2 });
    expect(await pagingEvents(incidentId)).toEqual([]);
    expect((await server.request('GET', `/api/v1/incidents/${incidentId}/pages`, { token: carol })).body.pages).toEqual([]);
    expect(await roomText(incidentRoom)).toContain('api is in maintenance #2 until');
    expect(await roomText(incidentRoom)).toContain('the alert is recorded, nobody is paged.');
  });

  it('ends early by command, and paging resumes', async () => {
    const listed = await server.say('incident-chat', '!maintenance', carol);
    expect(texts(listed)).toContain('#2 · api ·');
    expect(texts(listed)).toContain('in progress, paging silenced');
    // carol may not announce one for api, nor end dave's: the refusal is about ending it.
    const refused = await server.say('incident-chat', '!maintenance end 2', carol);
    expect(refused.body.replies[0]).toMatchObject({ error: true });
    expect(texts(refused)).toBe('Only members of team platform, which owns api, and whoever announced it can end maintenance #2.');
    const ended = await server.say('incident-chat', '!maintenance end 2', dave);
    expect(texts(ended)).toBe('Maintenance #2 (api) ended early by Dave Davies (@dave): alerts of these services page again.');
    expect(texts(await server.say('incident-chat', '!maintenance end 2', dave))).toBe('Maintenance #2 is already over.');
    expect((await statuspage('scheduled-maintenances.json')).scheduled_maintenances.find((window: { id: string }) => window.id === 'm2').status).toBe('completed');
    expect((await statuspage('status.json')).status.indicator).toBe('none'); // the alert's incident was never published: the public sees nothing of it

    expect((await server.request('POST', '/v2/enqueue', { body: trigger('api-errors', 'API error budget burning', 'warning') })).status).toBe(202);
    expect(await pagingEvents(incidentId)).toEqual(['responders.paged']);
    expect(await roomText(incidentRoom)).toMatch(/Page requested for the on-call of team platform \(service api\)/);
  });

  it('works in Chinese rooms and over the API, ended by POST …/end', async () => {
    const refused = await server.say('incident-chat-zh', '!维护 web 现在 +30m 缓存集群升级', mei);
    expect(texts(refused)).toBe('只有负责 web 的团队 web 的成员才能用维护时段暂停它的呼叫。');
    const zh = await server.say('incident-chat-zh', '!维护 database 现在 +30m 数据库参数调整', mei);
    expect(texts(zh)).toMatch(/^已公布维护 #3：database，/);
    expect(texts(await server.say('incident-chat-zh', '!维护 结束 3', carol))).toBe('只有负责 database 的团队 data 的成员和公布者本人才能结束维护 #3。');
    const forbidden = await server.request('POST', '/api/v1/maintenances/3/end', { token: carol, headers: { 'accept-language': 'en' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toBe('Only members of team data, which owns database, and whoever announced it can end maintenance #3.');
    const ended = await server.request('POST', '/api/v1/maintenances/3/end', { token: mei });
    expect(ended.body).toMatchObject({ id: 3, status: 'completed', endedAt: expect.any(String) });
    expect((await server.request('POST', '/api/v1/maintenances/9/end', { token: carol })).status).toBe(404);
    const created = await server.request('POST', '/api/v1/maintenances', { token: carol, body: { services: ['web'], from: '2026-12-24T01:00:00Z', to: '2026-12-24T02:00:00Z', text: 'CDN change' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 4, status: 'scheduled', by: 'carol' });
    expect(texts(await server.say('incident-chat-zh', '!维护', mei))).toContain('#4 · web ·');
  });
});

describe('a maintenance window that ends on time, against the real server', () => {
  let server: ServerProcess;
  let carol: string;

  beforeAll(async () => {
    const start = Date.now();
    server = await ServerProcess.start({
      config: (config) => {
        config.maintenances = {
          'short-window': { services: ['api'], from: new Date(start - 60_000).toISOString(), to: new Date(start + 45_000).toISOString(), text: 'Load balancer swap' },
          'later-window': { services: ['web'], from: new Date(start + 25_000).toISOString(), to: new Date(start + 600_000).toISOString(), text: 'CDN switch' },
        };
      },
    });
    carol = await server.token('carol');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('silences pages until its end, says so when one starts and when one is over, and pages again after', async () => {
    expect((await server.request('POST', '/v2/enqueue', { body: trigger('lb-1', 'Load balancer health checks failing', 'warning') })).status).toBe(202);
    const open = await server.request('GET', '/api/v1/incidents?status=open', { token: carol });
    const id = open.body.incidents[0].id;
    let timeline = await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol });
    expect(timeline.body.events.map((event: { type: string }) => event.type)).not.toContain('responders.paged');

    const deadline = Date.now() + 90_000;
    let text = '';
    while (!text.includes('Maintenance #1 is over: alerts of api page again.') || !text.includes('Maintenance #2 has started: alerts of web are recorded but page nobody until')) {
      if (Date.now() > deadline) throw new Error(`no end-of-maintenance line in: ${text}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      const history = await server.request('GET', '/api/v1/rooms/incident-chat/messages?limit=1000', { token: carol });
      text = history.body.messages.map((message: { text: string }) => message.text).join('\n');
    }
    expect((await server.request('GET', '/api/v2/scheduled-maintenances.json')).body.scheduled_maintenances[0].status).toBe('completed');
    expect((await server.request('POST', '/v2/enqueue', { body: trigger('lb-2', 'Load balancer dropping connections', 'warning') })).status).toBe(202);
    timeline = await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol });
    expect(timeline.body.events.map((event: { type: string }) => event.type)).toContain('responders.paged');
  });
});

describe('a maintenance window given as clock times from chat', () => {
  let server: ServerProcess;
  let dave: string;
  beforeAll(async () => {
    server = await ServerProcess.start();
    dave = await server.token('dave');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('starts at the next such time, not at one that passed hours ago today', async () => {
    // dave's clock (America/Los_Angeles) three hours and one hour ago: typed as times of day, they mean tomorrow's.
    const now = Date.now();
    const clock = (hoursAgo: number) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Los_Angeles', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now - hoursAgo * 3_600_000);
    const announced = await server.say('incident-chat', `!maintenance api ${clock(3)} ${clock(1)} Clock drill`, dave);
    expect(texts(announced)).toMatch(/^Maintenance #1 announced for api, /);
    const [window] = (await server.request('GET', '/api/v1/maintenances', { token: dave })).body.maintenances;
    expect(window.status).toBe('scheduled');
    expect(Date.parse(window.from)).toBeGreaterThan(Date.now() + 20 * 3_600_000);
    // Two hours of wall-clock time (three or one, across a change of daylight saving time).
    expect([1, 2, 3].map((hours) => hours * 3_600_000)).toContain(Date.parse(window.to) - Date.parse(window.from));
    expect(texts(await server.say('incident-chat', '!maintenance', dave))).not.toContain('paging silenced');
  });
});
