import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, STORES, storeEnv } from '../support/server-process.js';
import { eventually } from '../support/until.js';

const API_KEY = 't4p469tasznf3h9hevbta1hkkfkvdv5p';
const DB_KEY = '9t370pfqsehcwzl3ysyc06t8q66udrpv';
const OPS_KEY = 'opsopsopsopsopsopsopsopsopsops12';
const CHUNK_KEY = 'chunkedchunkedchunkedchunked0001';
const STORAGE_KEY = 'storagestoragestoragestorage0001';
const QUEUE_KEY = 'queuesqueuesqueuesqueuesqueues01';

function trigger(dedupKey: string | undefined, summary: string, severity = 'critical', routingKey = API_KEY) {
  return { routing_key: routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary, source: 'db-1.example.com', severity } };
}

function followUp(action: 'acknowledge' | 'resolve', dedupKey: string, routingKey = API_KEY) {
  return { routing_key: routingKey, event_action: action, dedup_key: dedupKey };
}

async function roomLines(server: ServerProcess, room: string, token: string): Promise<string[]> {
  const history = await server.request('GET', `/api/v1/rooms/${room}/messages?limit=1000`, { token });
  return history.body.messages.map((message: { text: string }) => message.text);
}

/** Posts `body` in chunks with no declared length, as a streaming sender does. */
function postChunked(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    const middle = Math.floor(body.length / 2);
    req.write(body.slice(0, middle));
    req.end(body.slice(middle));
  });
}

describe.each(STORES)('alerts in through the PagerDuty Events API v2, against the real server on %s', (store) => {
  let server: ServerProcess;
  let carol: string;

  beforeAll(async () => {
    server = await ServerProcess.start({
      env: storeEnv(store),
      config: (config) => {
        config.rooms.ops = { locale: 'en' };
        config.services.database.room = 'incident-chat-zh';
        config.services.api.alerts = { groupWindowSeconds: 1 };
        config.services.uploads = { team: 'platform', routingKey: CHUNK_KEY, room: 'ops' };
        config.services.storage = { team: 'platform', routingKey: STORAGE_KEY, room: 'ops' };
        config.rooms.queues = { locale: 'en' };
        config.services.queues = { team: 'platform', routingKey: QUEUE_KEY, room: 'queues', alerts: { groupWindowSeconds: 1 } };
        config.services.batch = { team: 'platform', routingKey: OPS_KEY, room: 'ops', alerts: { rateLimit: { events: 5, perSeconds: 60 } } };
      },
    });
    carol = await server.token('carol');
  });
  afterAll(() => server?.stop());

  it('answers every malformed event as PagerDuty does, and stores nothing', async () => {
    const before = await server.request('GET', '/api/v1/incidents', { token: carol });
    const cases: [string, unknown, RegExp][] = [
      ['missing routing key', { event_action: 'trigger', payload: { summary: 's', source: 'h', severity: 'info' } }, /“routing_key” is missing/],
      ['short routing key', { ...trigger('k', 's'), routing_key: 'abc' }, /Length of “routing_key” is incorrect \(should be 32 characters\)/],
      ['unknown routing key', { ...trigger('k', 's'), routing_key: 'x'.repeat(32) }, /No service has this routing key/],
      ['bad action', { ...trigger('k', 's'), event_action: 'explode' }, /“event_action” is invalid \(must be one of: trigger, acknowledge, resolve\)/],
      ['missing action', { routing_key: API_KEY, payload: { summary: 's', source: 'h', severity: 'info' } }, /“event_action” is missing/],
      ['missing payload', { routing_key: API_KEY, event_action: 'trigger' }, /“payload” is missing/],
      ['missing summary', { ...trigger('k', 's'), payload: { source: 'h', severity: 'info' } }, /“payload.summary” is missing/],
      ['missing source', { ...trigger('k', 's'), payload: { summary: 's', severity: 'info' } }, /“payload.source” is missing/],
      ['missing severity', { ...trigger('k', 's'), payload: { summary: 's', source: 'h' } }, /“payload.severity” is missing/],
      ['bad severity', trigger('k', 's', 'urgent'), /“payload.severity” is invalid \(must be one of: critical, error, warning, info\)/],
      ['long summary', trigger('k', 'x'.repeat(1025)), /“payload.summary” is too long \(maximum is 1024 characters\)/],
      ['long dedup key', trigger('k'.repeat(256), 's'), /“dedup_key” is too long \(maximum is 255 characters\)/],
      ['bad timestamp', { ...trigger('k', 's'), payload: { summary: 's', source: 'h', severity: 'info', timestamp: 'yesterday' } }, /“payload.timestamp” is not a timestamp/],
      ['resolve without dedup key', { routing_key: API_KEY, event_action: 'resolve' }, /“dedup_key” is required to resolve/],
      ['not an object', [1, 2], /“event” has the wrong type/],
    ];
    for (const [name, body, expected] of cases) {
      const result = await server.request('POST', '/v2/enqueue', { body });
      expect(result.status, name).toBe(400);
      expect(result.body.status, name).toBe('invalid event');
      expect(result.body.message, name).toBe('Event object is invalid');
      expect(result.body.errors.join('\n'), name).toMatch(expected);
    }

    const invalidJson = await server.request('POST', '/v2/enqueue', { rawBody: '{"routing_key": ' });
    expect(invalidJson.status).toBe(400);
    expect(invalidJson.body).toMatchObject({ status: 'invalid event', errors: ['The body is not valid JSON: send one JSON object, with Content-Type: application/json.'] });
    const misplaced = await server.request('POST', '/v2/enqueue', { rawBody: '{routing_key: 1}', headers: { 'accept-language': 'zh-CN' } });
    expect(misplaced.body.errors).toEqual(['请求体不是有效的 JSON（第 2 个字符处出错）：请发送一个 JSON 对象，并设置 Content-Type: application/json。']);

    // A JSON body sent as text/plain is refused for its type, saying which to send.
    const plain = await server.request('POST', '/v2/enqueue', { rawBody: JSON.stringify(trigger('k', 's')), headers: { 'content-type': 'text/plain' } });
    expect(plain.status).toBe(400);
    expect(plain.body.errors).toEqual(['Send the event as JSON with “Content-Type: application/json”']);

    const oversized = await server.oversized('/v2/enqueue', 'not-needed', 640 * 1024);
    expect(oversized.status).toBe(413);
    expect(oversized.body).toMatchObject({ status: 'invalid event', errors: [expect.stringMatching(/larger than 512 KB/)] });

    const zh = await server.request('POST', '/v2/enqueue', { body: { ...trigger('k', 's'), routing_key: 'abc' }, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.body.errors[0]).toContain('长度不正确');
    const zhSeverity = await server.request('POST', '/v2/enqueue', { body: trigger('k', 's', 'urgent'), headers: { 'accept-language': 'zh-CN' } });
    expect(zhSeverity.body.errors).toEqual(['“payload.severity”无效（必须是以下之一：critical、error、warning、info）']);

    const change = await server.request('POST', '/v2/change/enqueue', { body: { routing_key: API_KEY, payload: { source: 'ci' } } });
    expect(change.status).toBe(400);
    expect(change.body.errors.join()).toMatch(/“payload.summary” is missing/);

    const after = await server.request('GET', '/api/v1/incidents', { token: carol });
    expect(after.body.incidents).toEqual(before.body.incidents);
  });

  it('answers an event sent in chunks with no declared length as it answers one of a declared length', async () => {
    const poisoned = (key: string) => JSON.stringify(trigger('chunked-4', 'Poisoned', 'info', CHUNK_KEY)).replace(/^\{/, `{${key}, `);
    const cases: [string, string][] = [
      ['a valid trigger', JSON.stringify(trigger('chunked-1', 'Chunked upload', 'info', CHUNK_KEY))],
      ['a bad severity', JSON.stringify(trigger('chunked-2', 's', 'urgent', CHUNK_KEY))],
      ['invalid JSON', '{"routing_key": '],
      ['prototype poisoning', `{"routing_key": "${CHUNK_KEY}", "__proto__": {"admin": true}}`],
      // Otherwise valid triggers: only the poisoned key can make them 400.
      ['escaped prototype poisoning', poisoned('"\\u005f_proto__": {"admin": true}')],
      ['constructor poisoning', poisoned('"constructor": {"prototype": {"admin": true}}')],
      ['a byte-order mark', `\ufeff${JSON.stringify(trigger('chunked-3', 'With a BOM', 'info', CHUNK_KEY))}`],
    ];
    for (const [name, body] of cases) {
      const declared = await server.request('POST', '/v2/enqueue', { rawBody: body });
      const chunked = await postChunked(`${server.url}/v2/enqueue`, body);
      expect(chunked.status, name).toBe(declared.status);
      expect(chunked.body.status, name).toBe(declared.body.status);
      expect(chunked.body.message, name).toBe(declared.body.message);
      expect(chunked.body.errors?.length ?? 0, name).toBe(declared.body.errors?.length ?? 0);
    }
    const accepted = await server.request('POST', '/v2/enqueue', { rawBody: cases[0][1] });
    expect(accepted.status).toBe(202);
    expect((await postChunked(`${server.url}/v2/enqueue`, '{"routing_key": "x", "__proto__": {}}')).status).toBe(400);
    for (const poisoned of [cases[4][1], cases[5][1]]) expect((await server.request('POST', '/v2/enqueue', { rawBody: poisoned })).status).toBe(400);
  });

  it('opens an incident titled by the alert, pages the IC for a critical alert, de-duplicates by key and resolves with the alerts', async () => {
    const deploy = await server.request('POST', '/v2/change/enqueue', {
      body: { routing_key: API_KEY, payload: { summary: 'Deploy api v2.4.1', source: 'ci', timestamp: '2026-01-05T09:00:00Z' }, links: [{ href: 'https://ci.example.com/1' }] },
    });
    expect(deploy.status).toBe(202);
    expect(deploy.body).toEqual({ status: 'success', message: 'Change event processed' });

    const first = await server.request('POST', '/v2/enqueue', { body: trigger('db-latency', 'DB latency above 2 s') });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'db-latency' });
    const generated = await server.request('POST', '/v2/enqueue', { body: trigger(undefined, 'DB latency above 2 s', 'warning') });
    expect(generated.status).toBe(202);
    expect(generated.body.dedup_key).toMatch(/^[0-9a-f-]{36}$/);
    expect((await server.request('POST', '/v2/enqueue', { body: trigger('db-latency', 'DB latency above 3 s') })).status).toBe(202);

    const open = await server.request('GET', '/api/v1/incidents?status=open', { token: carol });
    const incident = open.body.incidents.find((row: { lobby: string }) => row.lobby === 'incident-chat');
    expect(incident).toMatchObject({ title: 'DB latency above 2 s', severity: 'SEV-2' });

    const alerts = await server.request('GET', `/api/v1/incidents/${incident.id}/alerts`, { token: carol });
    // Same summary, different dedup keys: two alerts. Same key again: one alert, counted twice.
    expect(alerts.body.counts).toMatchObject({ total: 2, open: 2, triggers: 3 });
    expect(alerts.body.alerts.find((alert: { dedupKey: string }) => alert.dedupKey === 'db-latency')).toMatchObject({ count: 2, summary: 'DB latency above 3 s' });
    expect(alerts.body.changes[0]).toMatchObject({ service: 'api', summary: 'Deploy api v2.4.1' });

    const timeline = await server.request('GET', `/api/v1/incidents/${incident.id}/timeline`, { token: carol });
    // The critical alert paged the IC; the warning one the service's own escalation policy, once.
    expect(timeline.body.events.map((event: { type: string }) => event.type)).toEqual(['incident.declared', 'commander.paged', 'responders.paged']);

    expect((await roomLines(server, 'incident-chat', carol)).join('\n')).toContain(`#inc-${incident.id}-db-latency-above-2-s`);
    const lines = await roomLines(server, incident.room, carol);
    expect(lines.join('\n')).toContain(`A critical alert from api opened incident #${incident.id} as SEV-2: “DB latency above 2 s”`);
    expect(lines.join('\n')).toMatch(/Paging the Incident Commander on call: primary .* and backup/);
    expect(lines.join('\n')).toContain('Deploy api v2.4.1');
    expect(lines.join('\n')).toMatch(/Page requested for the on-call of team platform \(service api\)/);
    // Paging again names who paged first: the alert, in words, not an internal handle.
    const again = (await server.say(incident.room, '!ic page', carol)).body.replies[0].text as string;
    expect(again).toMatch(/^The IC was already paged for this incident at \d{2}:\d{2} UTC by an alert of api: paging again\.$/);

    const status = await server.say('incident-chat', '!status', carol);
    expect(status.body.replies[0].text).toContain('Alerts: 2 (2 open, 0 acknowledged, 0 resolved) from api.');
    expect(status.body.replies[0].text).toMatch(/Recent changes:\n.*api: Deploy api v2\.4\.1/);

    expect((await server.request('POST', '/v2/enqueue', { body: followUp('acknowledge', 'db-latency') })).status).toBe(202);
    expect((await server.request('POST', '/v2/enqueue', { body: followUp('resolve', 'db-latency') })).status).toBe(202);
    expect((await server.request('POST', '/v2/enqueue', { body: followUp('resolve', 'never-seen') })).status).toBe(202);
    expect((await server.request('GET', `/api/v1/incidents/${incident.id}`, { token: carol })).body.status).toBe('open');
    expect((await server.request('POST', '/v2/enqueue', { body: followUp('resolve', generated.body.dedup_key) })).status).toBe(202);

    const resolved = await server.request('GET', `/api/v1/incidents/${incident.id}`, { token: carol });
    expect(resolved.body).toMatchObject({ status: 'resolved' });
    const after = (await roomLines(server, incident.room, carol)).join('\n');
    expect(after).toContain(`All 2 alerts of incident #${incident.id} resolved. Nobody took command, so the incident is resolved with them.`);
    expect(after).toContain(`Incident #${incident.id} resolved after`);
    expect((await server.request('GET', `/api/v1/incidents/${incident.id}/alerts`, { token: carol })).body.allResolved).toBe(true);
  });

  it('leaves ending to the IC when someone took command, and says the alerts resolved', async () => {
    await server.request('POST', '/v2/enqueue', { body: trigger('cpu', 'CPU saturated', 'critical') });
    await server.say('incident-chat', '!ic take', carol);
    await server.request('POST', '/v2/enqueue', { body: followUp('resolve', 'cpu') });
    const open = await server.request('GET', '/api/v1/incidents?status=open', { token: carol });
    const cpu = open.body.incidents.find((row: { title: string }) => row.title === 'CPU saturated');
    const lines = (await roomLines(server, cpu.room, carol)).join('\n');
    expect(lines).toMatch(/The one alert of incident #\d+ resolved\. The IC decides when it ends: type !resolve\./);
    const status = await server.say('incident-chat', '!status', carol);
    expect(status.body.replies[0].text).toContain('Alerts: the one alert resolved.');
    expect(status.body.replies[0].text).toContain('· open ·');
    const resolved = (await server.say('incident-chat', '!resolve', carol)).body.replies.map((reply: { text: string }) => reply.text);
    expect(resolved[0]).toMatch(/^Incident #\d+ resolved after/);
    // Its alerts are all over: nothing to warn of.
    expect(resolved.join('\n')).not.toContain('still firing');
  });

  it('warns whoever resolves an incident whose alerts still fire', async () => {
    await server.request('POST', '/v2/enqueue', { body: trigger('mem', 'Memory pressure on api-3', 'critical') });
    await server.request('POST', '/v2/enqueue', { body: trigger('mem-2', 'Memory pressure on api-4', 'critical') });
    const open = await server.request('GET', '/api/v1/incidents?status=open', { token: carol });
    const mem = open.body.incidents.find((row: { title: string }) => row.title === 'Memory pressure on api-3');
    await server.request('POST', '/v2/enqueue', { body: followUp('acknowledge', 'mem') });
    const resolved = (await server.say(mem.room, '!resolve', carol)).body.replies.map((reply: { text: string }) => reply.text);
    expect(resolved).toContain('Note: 2 alerts of this incident are still firing (api); if one fires again, it opens a new incident.');
  });

  it('shows a flood as one growing alert group and pages once', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `disk-${i}`);
    const results = await Promise.all(keys.map((key) => server.request('POST', '/v2/enqueue', { body: trigger(key, 'Disk almost full', 'error') })));
    expect(results.every((result) => result.status === 202)).toBe(true);

    const open = await server.request('GET', '/api/v1/incidents?status=open', { token: carol });
    const flooded = open.body.incidents.filter((row: { lobby: string }) => row.lobby === 'incident-chat');
    expect(flooded).toHaveLength(1);
    const alerts = await server.request('GET', `/api/v1/incidents/${flooded[0].id}/alerts`, { token: carol });
    expect(alerts.body.counts.total).toBe(300);

    const digest = await eventually(
      () => roomLines(server, flooded[0].room, carol),
      (lines) => lines.some((line) => line.includes(`Alert group of incident #${flooded[0].id}: 300 alerts`)),
      'a digest line with all 300 alerts',
    );
    const mine = digest.filter((line) => line.includes(`#${flooded[0].id}`) || line.includes('Disk almost full'));
    expect(mine.length).toBeLessThan(10);
    expect(digest.filter((line) => line.includes('Page requested')).length).toBeLessThanOrEqual(3);
    const timeline = await server.request('GET', `/api/v1/incidents/${flooded[0].id}/timeline`, { token: carol });
    const pages = timeline.body.events.filter((event: { type: string }) => event.type === 'commander.paged' || event.type === 'responders.paged');
    expect(pages.length).toBeLessThanOrEqual(1);
  }, 90_000);

  it('counts every repeat of a flood once, while digests and readers read the group as it grows', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `queue-${i}`);
    const readers: Promise<unknown>[] = [];
    for (let wave = 0; wave < 15; wave++) {
      const sent = await Promise.all(keys.map((key) => server.request('POST', '/v2/enqueue', { body: trigger(key, 'Queue backlog growing', 'error', QUEUE_KEY) })));
      expect(sent.every((result) => result.status === 202)).toBe(true);
      // Readers of the group while it grows: the alerts API, and the digests of the 1 s windows.
      const open = await server.request('GET', '/api/v1/incidents?status=open', { token: carol });
      const queues = open.body.incidents.find((row: { lobby: string }) => row.lobby === 'queues');
      readers.push(server.request('GET', `/api/v1/incidents/${queues.id}/alerts`, { token: carol }));
      if (wave % 5 === 4) await new Promise((done) => setTimeout(done, 1100));
    }
    await Promise.all(readers);
    // One more alert starts a window whose digest reports the whole group.
    expect((await server.request('POST', '/v2/enqueue', { body: trigger('queue-last', 'Queue backlog growing', 'error', QUEUE_KEY) })).status).toBe(202);

    const open = await server.request('GET', '/api/v1/incidents?status=open', { token: carol });
    const queues = open.body.incidents.filter((row: { lobby: string }) => row.lobby === 'queues');
    expect(queues).toHaveLength(1);
    const alerts = await server.request('GET', `/api/v1/incidents/${queues[0].id}/alerts`, { token: carol });
    expect(alerts.body.counts).toMatchObject({ total: 21, triggers: 301 });
    expect(alerts.body.alerts.filter((alert: { count: number }) => alert.count === 15)).toHaveLength(20);
    await eventually(
      () => roomLines(server, queues[0].room, carol),
      (lines) => lines.some((line) => line.includes(`Alert group of incident #${queues[0].id}: 21 alerts`) && line.includes('301 triggers received in all')),
      'a digest line with 21 alerts and 301 triggers',
    );
  }, 90_000);

  it('throttles a routing key that floods with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let throttled: Awaited<ReturnType<ServerProcess['request']>> | undefined;
    for (let i = 0; i < 8; i++) {
      const result = await server.request('POST', '/v2/enqueue', { body: trigger(`job-${i}`, 'Batch job failed', 'warning', OPS_KEY) });
      statuses.push(result.status);
      if (result.status === 429) throttled = result;
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429, 429]);
    expect(throttled!.body).toMatchObject({ status: 'throttle event' });
    expect(Number(throttled!.headers.get('retry-after'))).toBeGreaterThan(0);
    const incidents = await server.request('GET', '/api/v1/incidents', { token: carol });
    const ops = incidents.body.incidents.find((row: { lobby: string }) => row.lobby === 'ops');
    const alerts = await server.request('GET', `/api/v1/incidents/${ops.id}/alerts`, { token: carol });
    expect(alerts.body.counts.total).toBe(5);
  });

  it('speaks Chinese in a Chinese room, with a warning alert declaring a lower severity', async () => {
    const result = await server.request('POST', '/v2/enqueue', { body: trigger('replica-lag', '从库延迟过高', 'warning', DB_KEY) });
    expect(result.status).toBe(202);
    const open = await server.request('GET', '/api/v1/incidents?status=open', { token: carol });
    const lag = open.body.incidents.find((row: { title: string }) => row.title === '从库延迟过高');
    expect(lag.lobby).toBe('incident-chat-zh');
    expect((await roomLines(server, 'incident-chat-zh', carol)).join('\n')).toContain(`#inc-${lag.id}`);
    const lines = (await roomLines(server, lag.room, carol)).join('\n');
    expect(lines).toMatch(/来自 database 的 warning 告警已开启事件 #\d+，严重级别 SEV-4：“从库延迟过高”/);
    expect(lines).toContain('已请求呼叫团队 data 的值班人员');

    // A critical alert makes it major: the IC on call is paged at once, so the room is not told to page one too.
    expect((await server.request('POST', '/v2/enqueue', { body: trigger('primary-down', '主库不可用', 'critical', DB_KEY) })).status).toBe(202);
    const raised = (await roomLines(server, lag.room, carol)).join('\n');
    expect(raised).toContain('正在呼叫值班事件指挥官：主指挥官');
    expect(raised).not.toContain('请输入 !指挥官 呼叫');

    // An English room's alert incident merged into this one: its alerts are then told of here, in Chinese.
    expect((await server.request('POST', '/v2/enqueue', { body: trigger('disk-full', 'Disk full on batch-1', 'warning', STORAGE_KEY) })).status).toBe(202);
    const disk = (await server.request('GET', '/api/v1/incidents?status=open', { token: carol })).body.incidents.find((row: { title: string }) => row.title === 'Disk full on batch-1');
    expect((await server.say(lag.room, `!合并 #${disk.id}`, carol)).status).toBe(200);
    expect((await server.request('POST', '/v2/enqueue', { body: followUp('resolve', 'disk-full', STORAGE_KEY) })).status).toBe(202);
    const merged = await roomLines(server, lag.room, carol);
    // The line names the merged incident whose alerts are over; this one's own still fire, so it stays open.
    expect(merged).toContain(`事件 #${disk.id} 的唯一一条告警已恢复。何时结束由事件指挥官决定：输入 !解决。`);
    expect(merged.join('\n')).not.toContain('alert of incident');
    const after = (await server.request('GET', `/api/v1/incidents/${lag.id}`, { token: carol })).body;
    expect(after.status).toBe('open');
    // !状态 counts its own alerts and the merged incident's: three in all, one resolved.
    const status = (await server.say(lag.room, '!状态', carol)).body.replies.map((reply: { text: string }) => reply.text).join('\n');
    expect(status).toContain('告警：共 3 条（2 条未处理，0 条已确认，1 条已恢复），来自 database、storage。');
  });
});

describe.each(STORES)('durable acceptance on %s', (store) => {
  it('keeps every acknowledged event through kill -9 under load', async () => {
    const server = await ServerProcess.start({ env: storeEnv(store), config: (config) => (config.alerts = { rateLimit: { events: 1_000_000, perSeconds: 60 } }) });
    try {
      const acknowledged: string[] = [];
      let sent = 0;
      let stop = false;
      const worker = async () => {
        while (!stop && sent < 5000) {
          const key = `load-${sent++}`;
          try {
            const result = await server.request('POST', '/v2/enqueue', { body: trigger(key, 'Load alert', 'error') });
            if (result.status === 202) acknowledged.push(key);
          } catch {
            return; // the server died under us: this event was never acknowledged
          }
        }
      };
      const workers = Array.from({ length: 24 }, worker);
      await eventually(async () => acknowledged.length, (count) => count >= 150, '150 acknowledged events');
      await server.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      expect(acknowledged.length).toBeGreaterThanOrEqual(150);

      await server.start();
      const token = await server.token('carol');
      const incidents = await server.request('GET', '/api/v1/incidents', { token });
      const stored = new Set<string>();
      for (const row of incidents.body.incidents) {
        const alerts = await server.request('GET', `/api/v1/incidents/${row.id}/alerts`, { token });
        for (const alert of alerts.body.alerts) stored.add(alert.dedupKey);
      }
      expect(acknowledged.filter((key) => !stored.has(key))).toEqual([]);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
