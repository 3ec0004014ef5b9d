import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ServerProcess } from '../support/server-process.js';
import { until } from '../support/until.js';

const run = promisify(execFile);
const CLI = join(ROOT, 'bin/dont-panic.js');
/** An instant `hours` from now, so windows lie ahead whenever the suite runs. */
const ahead = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/**
 * What the API answers to what it must refuse: one status per meaning of a refusal (403 may not, 404 no such
 * thing, 400 wrong input, 409 not in this state), JSON bodies taken as sent (a number is not text), and a data
 * directory only its owner can enter.
 */
describe('a strict API, against the real server', () => {
  let server: ServerProcess;
  let carol: string;
  let dave: string;
  let mei: string;

  beforeAll(async () => {
    server = await ServerProcess.start();
    [carol, dave, mei] = await Promise.all([server.token('carol'), server.token('dave'), server.token('mei')]);
  });
  afterAll(() => server?.stop());

  it('answers a refusal by its meaning: 403 to whoever may not act, 400 to wrong input, 409 to a state that does not allow it', async () => {
    // Team web's on-call is carol or erin; dave and mei were not paged.
    const paged = await server.say('incident-chat', '!page web checkout is slow', carol);
    expect(paged.status).toBe(200);
    const id = paged.body.incident.id as number;
    await until(async () => ((await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol })).body.pages.length ? true : undefined), 'the page of team web');
    const notYours = await server.request('POST', `/api/v1/pages/${id}-1/ack`, { token: dave });
    expect(notYours.status).toBe(403);
    expect(notYours.body.error).toEqual({ code: 'refusal.page.not_yours', message: `Page ${id}-1 did not page you, so you cannot acknowledge it. The people it paged type !ack.` });
    const notYoursZh = await server.request('POST', `/api/v1/pages/${id}-1/ack`, { token: mei });
    expect(notYoursZh.status).toBe(403);
    expect(notYoursZh.body.error.message).toBe(`呼叫 ${id}-1 呼叫的不是您，您不能确认。请让被呼叫的人输入 !确认。`);
    // A page that does not exist is still 404.
    const missing = await server.request('POST', `/api/v1/pages/${id}-9/ack`, { token: dave });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain(`There is no page ${id}-9.`);

    // A window that ends before it starts is wrong whatever the state: 400 (it was 422), in the asker's language.
    const backwards = await server.request('POST', '/api/v1/maintenances', { token: dave, body: { services: ['api'], from: ahead(26), to: ahead(24), text: 'Failover' } });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toMatch(/^The window must end after it starts \(.+ → .+\)\.$/);
    const unknownZh = await server.request('POST', '/api/v1/maintenances', { token: mei, body: { services: ['billing'], from: ahead(24), to: ahead(26), text: '切换' } });
    expect(unknownZh.status).toBe(400);
    expect(unknownZh.body.error.message).toBe('未知的服务：billing。可用的服务：api、web、database。');
    // Ending a window twice is a state that does not allow it: 409 (it was 422).
    const window = await server.request('POST', '/api/v1/maintenances', { token: dave, body: { services: ['api'], from: ahead(24), to: ahead(26), text: 'Failover' } });
    expect(window.status).toBe(201);
    expect((await server.request('POST', `/api/v1/maintenances/${window.body.id}/end`, { token: dave })).status).toBe(200);
    const again = await server.request('POST', `/api/v1/maintenances/${window.body.id}/end`, { token: dave });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(`Maintenance #${window.body.id} is already over.`);
  });

  it('refuses a number, a boolean or a list where a field must be text, naming the field, and stores nothing', async () => {
    const before = (await server.request('GET', '/api/v1/rooms/incident-chat/messages', { token: carol })).body.messages.length;
    for (const text of [5, true, ['!ic page db is down']]) {
      const sent = await server.request('POST', '/api/v1/rooms/incident-chat/messages', { token: carol, body: { text } });
      expect(sent.status, JSON.stringify(text)).toBe(400);
      expect(sent.body.error).toEqual({ code: 'invalid_request', message: 'The request is not valid: “text” must be text' });
    }
    const zh = await server.request('POST', '/api/v1/rooms/incident-chat-zh/messages', { token: mei, body: { text: 5 } });
    expect(zh.status).toBe(400);
    expect(zh.body.error.message).toBe('请求无效：“text”必须是文本');
    expect((await server.request('GET', '/api/v1/rooms/incident-chat/messages', { token: carol })).body.messages).toHaveLength(before);

    // A single service is not a list of them, and a number is no description.
    const services = await server.request('POST', '/api/v1/maintenances', { token: dave, body: { services: 'api', from: ahead(48), to: ahead(50), text: 'Failover' } });
    expect(services.status).toBe(400);
    expect(services.body.error.message).toBe('The request is not valid: “services” must be a list');
    const description = await server.request('POST', '/api/v1/maintenances', { token: mei, body: { services: ['database'], from: ahead(48), to: ahead(50), text: 42 } });
    expect(description.status).toBe(400);
    expect(description.body.error.message).toBe('请求无效：“text”必须是文本');
    const override = await server.request('POST', '/api/v1/oncall/schedules/web-oncall/overrides', { token: carol, body: { start: ahead(48), end: ahead(56), person: 7 } });
    expect(override.status).toBe(400);
    expect(override.body.error.message).toBe('The request is not valid: “person” must be text');
    const signIn = await server.request('POST', '/api/v1/session', { body: { person: 'carol', password: 123456 }, headers: { 'accept-language': 'zh-CN' } });
    expect(signIn.status).toBe(400);
    expect(signIn.body.error.message).toBe('请求无效：“password”必须是文本');

    // The status page's JSON subscription: an address is text.
    const subscribe = await server.request('POST', '/status/subscribe', { body: { email: 12345 }, headers: { 'accept-language': 'en' } });
    expect(subscribe.status).toBe(400);
    expect(subscribe.body.error.message).toBe('The request is not valid: “email” must be text');
    const subscribeZh = await server.request('POST', '/status/subscribe', { body: { email: 'reader@example.org', lang: 86 }, headers: { 'accept-language': 'zh-CN' } });
    expect(subscribeZh.status).toBe(400);
    expect(subscribeZh.body.error.message).toBe('请求无效：“lang”必须是文本');
  });

  describe('the data directory', () => {
    const parent = mkdtempSync(join(tmpdir(), 'dont-panic-data-'));
    const cli = (data: string, ...args: string[]) => run(process.execPath, [CLI, ...args, '--config', server.configFile, '--data', data], { cwd: ROOT, env: process.env });
    const mode = (dir: string) => statSync(dir).mode & 0o777;

    it('is created for its owner only (0700) by the CLI, parents too', async () => {
      const data = join(parent, 'fresh', 'data');
      const issued = await cli(data, 'token', 'carol');
      expect(issued.stdout.trim()).toMatch(/^dp_/);
      expect(issued.stderr).not.toContain('Warning');
      expect(mode(data).toString(8)).toBe('700');
      expect(mode(join(parent, 'fresh')).toString(8)).toBe('700');
    });

    it('is created 0700 by the server, with its database inside (0600)', async () => {
      const data = join(parent, 'served');
      const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--config', server.configFile, '--data', data], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        await new Promise<void>((ready, fail) => {
          child.once('exit', (code) => fail(new Error(`serve exited with ${code}`)));
          createInterface({ input: child.stdout! }).on('line', (line) => line.includes('"ready"') && ready());
        });
        expect(mode(data).toString(8)).toBe('700');
        expect(mode(join(data, 'dont-panic.sqlite')).toString(8)).toBe('600');
      } finally {
        child.kill('SIGTERM');
      }
    });

    it('is left as the operator made it, with a warning when other users may enter it', async () => {
      const data = join(parent, 'shared');
      mkdirSync(data);
      chmodSync(data, 0o755);
      const issued = await cli(data, 'token', 'carol');
      expect(issued.stdout.trim()).toMatch(/^dp_/);
      expect(issued.stderr).toContain(`Warning: the data directory ${data} is open to other users (mode 0755); it holds the database and the secrets that sign links. Make it yours only with: chmod 700 ${data}`);
      expect(mode(data).toString(8)).toBe('755');
      const own = join(parent, 'own');
      mkdirSync(own);
      chmodSync(own, 0o700);
      expect((await cli(own, 'token', 'carol')).stderr).not.toContain('Warning');
    });
  });
});
