import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { setPassword } from '../support/browser.js';
import { ServerProcess } from '../support/server-process.js';

const PASSWORD = 'correct horse battery';

// Access that ends: tokens that can be listed and revoked, schedules only their people change, people removed lose everything.
describe('access control, through the CLI and HTTP', { timeout: 120_000 }, () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await ServerProcess.start({
      config: (config) => {
        config.people.zoe = { name: 'Zoe Zhang', timezone: 'UTC', contacts: [] };
      },
    });
    await Promise.all([setPassword(server, 'carol', PASSWORD), setPassword(server, 'zoe', PASSWORD)]);
  });
  afterAll(() => server?.stop());

  const overrideBody = () => ({ start: new Date(Date.now() - 60_000).toISOString(), end: new Date(Date.now() + 3_600_000).toISOString(), person: 'dave' });

  it('issues labelled, expiring tokens, lists them without the secret, and revokes them', async () => {
    const issued = await server.cli('token', 'carol', '--label', 'laptop', '--expires', '30d');
    expect(issued.code).toBe(0);
    const token = issued.stdout.trim();
    expect(token).toMatch(/^dp_/);
    const id = /Token (\w{12}) for carol \(laptop\), expires /.exec(issued.stderr)?.[1];
    expect(id).toBeDefined();
    expect((await server.request('GET', '/api/v1/incidents', { token })).status).toBe(200);

    const listed = await server.cli('tokens', 'carol', '--json');
    const rows = JSON.parse(listed.stdout) as { id: string; label: string; expiresAt: string | null; lastUsedAt: string | null }[];
    const mine = rows.find((row) => row.id === id)!;
    expect(mine).toMatchObject({ label: 'laptop' });
    expect(Date.parse(mine.expiresAt!) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(mine.lastUsedAt).not.toBeNull();
    expect(listed.stdout).not.toContain(token);
    const table = await server.cli('tokens');
    expect(table.stdout).toMatch(/^ID\s+PERSON\s+LABEL\s+CREATED\s+LAST USED\s+EXPIRES/);

    expect((await server.cli('token', 'carol', '--expires', 'soon')).stderr).toContain('"soon" is not a duration');
    const revoked = await server.cli('token', '--revoke', id!);
    expect(revoked.stdout).toContain(`Revoked token ${id} of carol (laptop)`);
    const after = await server.request('GET', '/api/v1/incidents', { token });
    expect(after.status).toBe(401);
    expect((await server.cli('token', '--revoke', id!)).stderr).toContain(`No token has the id "${id}"`);
  });

  it('lets only a schedule’s rotation, its team and admins override it: dave on ic-primary gets 403', async () => {
    const dave = await server.token('dave');
    const refused = await server.request('POST', '/api/v1/oncall/schedules/ic-primary/overrides', { token: dave, body: overrideBody() });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('You may not change who is on call for ic-primary');
    const own = await server.request('POST', '/api/v1/oncall/schedules/platform-oncall/overrides', { token: dave, body: overrideBody() });
    expect(own.status).toBe(201);
    const alice = await server.token('alice');
    const byAdmin = await server.request('POST', '/api/v1/oncall/schedules/ic-primary/overrides', { token: alice, body: { ...overrideBody(), person: 'bob' } });
    expect(byAdmin.status).toBe(201);
    const removal = await server.request('DELETE', `/api/v1/oncall/schedules/ic-primary/overrides/${byAdmin.body.override.id}`, { token: dave });
    expect(removal.status).toBe(403);
  });

  it('ends the caller’s own running shift with DELETE …/shift, and says so when there is none, in the reader’s language', async () => {
    const carol = await server.token('carol');
    const taken = await server.request('POST', '/api/v1/oncall/schedules/web-oncall/overrides', { token: carol, body: { ...overrideBody(), person: 'carol' } });
    expect(taken.status).toBe(201);
    const ended = await server.request('DELETE', '/api/v1/oncall/schedules/web-oncall/shift', { token: carol });
    expect(ended.status).toBe(200);
    expect(ended.body).toEqual({ ended: 1 });
    const left = await server.request('GET', '/api/v1/oncall/schedules/web-oncall/overrides', { token: carol });
    expect(left.body.overrides.filter((override: { person: string }) => override.person === 'carol')).toEqual([]);

    const again = await server.request('DELETE', '/api/v1/oncall/schedules/web-oncall/shift', { token: carol });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/is not covering web-oncall now, so there is no shift to end/);
    const inChinese = await server.request('DELETE', '/api/v1/oncall/schedules/web-oncall/shift', { token: await server.token('mei') });
    expect(inChinese.status).toBe(409);
    expect(inChinese.body.error.message).toBe('王美 (@mei) 目前没有在 web-oncall 代班，无可结束的值班。输入 !值班 可查看当前值班人。');
    const unknown = await server.request('DELETE', '/api/v1/oncall/schedules/nope/shift', { token: carol });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('ic-primary');
    expect((await server.request('DELETE', '/api/v1/oncall/schedules/web-oncall/shift')).status).toBe(401);
  });

  it('takes every token and session from a person removed from the configuration: 401, never 500', async () => {
    const token = await server.token('zoe');
    const signedIn = await server.request('POST', '/api/v1/session', { body: { person: 'zoe', password: PASSWORD } });
    expect(signedIn.status).toBe(200);
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
    expect((await server.request('GET', '/api/v1/session', { headers: { cookie } })).status).toBe(200);

    const config = parse(readFileSync(server.configFile, 'utf8'));
    delete config.people.zoe;
    writeFileSync(server.configFile, stringify(config));
    await server.restart();

    const byToken = await server.request('GET', '/api/v1/incidents', { token });
    expect(byToken.status).toBe(401);
    const bySession = await server.request('GET', '/api/v1/session', { headers: { cookie } });
    expect(bySession.status).toBe(401);
    expect(bySession.body.error.code).toBeDefined();
    expect((await server.request('GET', '/api/v1/session', { headers: { cookie } })).status).toBe(401);
  });


  it('limits 50 parallel wrong passwords: the attempt counts before the password check', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) => server.request('POST', '/api/v1/session', { body: { person: 'carol', password: `guess ${index}` } })),
    );
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10);
  });
});
