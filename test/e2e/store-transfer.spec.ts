import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pagingConfig } from '../support/paging-config.js';
import { ServerProcess, storeEnv } from '../support/server-process.js';
import { SmtpSink } from '../support/smtp-sink.js';

/** What a person sees of an incident: the list, the incident, its timeline and its room. */
async function views(server: ServerProcess, token: string, id: number) {
  const get = async (path: string) => {
    const result = await server.request('GET', path, { token });
    expect(result.status, path).toBe(200);
    return result.body;
  };
  return {
    list: await get('/api/v1/incidents'),
    incident: await get(`/api/v1/incidents/${id}`),
    timeline: await get(`/api/v1/incidents/${id}/timeline`),
    room: await get(`/api/v1/rooms/inc-${id}/messages`),
  };
}

/**
 * `dont-panic export` and `dont-panic import` move a whole store: SQLite →
 * PostgreSQL → SQLite, through the CLI, with identical incident views (and
 * API tokens that still work) at every step.
 */
describe('moving a store between SQLite and PostgreSQL with export and import', () => {
  const servers: ServerProcess[] = [];
  let smtp: SmtpSink | undefined;
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await smtp?.stop();
  });

  it('round-trips SQLite → PostgreSQL → SQLite with identical incident views', async () => {
    const first = await ServerProcess.start();
    servers.push(first);
    const token = await first.token('carol');
    const declared = await first.say('incident-chat', '!declare 2 payments are timing out', token);
    const id = declared.body.incident.id as number;
    const room = declared.body.incident.room as string;
    for (const line of ['!ic take', '!note retries at 3x normal', '!sev 1', 'looking at the pool settings', '!todo alert on pool saturation', '!resolve']) {
      expect((await first.say(room, line, token)).status, line).toBe(200);
    }
    await first.say('incident-chat', '!declare 4 a typo on the status page', token);
    expect((await first.cli('token', 'dave', '--expires', '30d', '--label', 'ci')).code).toBe(0);
    const before = await views(first, token, id);
    await first.kill('SIGTERM');
    // Tokens keep their expiry and last use: an import must not make an expiring token last for ever.
    const tokensBefore = JSON.parse((await first.cli('tokens', '--json')).stdout);
    expect(tokensBefore.find((listed: { person: string }) => listed.person === 'dave').expiresAt).toBeDefined();
    expect(tokensBefore.find((listed: { person: string }) => listed.person === 'carol').lastUsedAt).toBeDefined();

    const sqliteExport = join(first.dataDir, 'export.jsonl');
    expect((await first.cli('export', '--output', sqliteExport)).code).toBe(0);
    const lines = readFileSync(sqliteExport, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.filter((record) => record.table === 'incident')).toHaveLength(2);
    expect(lines.at(-1)).toEqual({ table: 'counter', name: 'incident', value: id + 1 });

    const postgres = ServerProcess.create({ env: storeEnv('postgres') });
    servers.push(postgres);
    expect((await postgres.cli('migrate')).stdout).toMatch(/^The postgres store's schema is at version (\d+) of \1\.$/m);
    const imported = await postgres.cli('import', sqliteExport);
    expect(lines.slice(0, 2).map((record) => record.table)).toEqual(['secret', 'secret']);
    expect(imported.stdout.trim().split('\n')).toEqual([
      `Imported ${lines.length - 2} records into the postgres store.`,
      `Restored the data directory’s secrets (link-secret, ack-link-secret) in ${postgres.dataDir}: links sent before the export keep working.`,
    ]);
    // A second import into the same store changes nothing and says why.
    const again = await postgres.cli('import', sqliteExport);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Nothing was imported: the target store is not empty');
    const postgresExport = join(postgres.dataDir, 'export.jsonl');
    await postgres.cli('export', '--output', postgresExport);
    expect(readFileSync(postgresExport, 'utf8')).toBe(readFileSync(sqliteExport, 'utf8'));
    expect(JSON.parse((await postgres.cli('tokens', '--json')).stdout)).toEqual(tokensBefore);

    await postgres.start();
    expect(await views(postgres, token, id)).toEqual(before);
    // The store keeps counting where it left off.
    const next = await postgres.say('incident-chat', '!declare 3 a new one after the move', token);
    expect(next.body.incident.id).toBe(id + 2);
    await postgres.kill('SIGTERM');

    const back = ServerProcess.create();
    servers.push(back);
    await postgres.cli('export', '--output', postgresExport);
    expect((await back.cli('import', postgresExport)).code).toBe(0);
    await back.start();
    const after = await views(back, token, id);
    expect(after.incident).toEqual(before.incident);
    expect(after.timeline).toEqual(before.timeline);
    expect(after.room).toEqual(before.room);
    expect(after.list.incidents.map((incident: { id: number }) => incident.id)).toEqual([id + 2, ...before.list.incidents.map((incident: { id: number }) => incident.id)]);
  }, 180_000);

  it('carries the data directory’s secrets, so unsubscribe and ack links sent before the move still work; files are 0600', async () => {
    smtp = await SmtpSink.start();
    const sink = smtp;
    const mode = (file: string) => statSync(file).mode & 0o777;
    const secrets = (dir: string) => ['link-secret', 'ack-link-secret'].map((name) => readFileSync(join(dir, name), 'utf8'));
    // Ack links stay valid for a day and a level waits an hour: nothing expires or escalates during the test.
    const first = await ServerProcess.start({ config: pagingConfig({ smtp: sink }, 60) });
    servers.push(first);
    for (const name of ['dont-panic.sqlite', 'link-secret', 'ack-link-secret']) expect(mode(join(first.dataDir, name)), name).toBe(0o600);

    expect((await first.request('POST', '/status/subscribe', { body: { email: 'reader@example.org', lang: 'en' } })).status).toBe(202);
    const confirmation = await sink.waitFor((mail) => mail.to.includes('reader@example.org'), 60_000);
    const path = (name: string) => new RegExp(`https?://[^\\s/]+(/status/${name}\\?token=[\\w.-]+)`).exec(confirmation.text)![1];
    expect((await first.request('GET', path('confirm'))).status).toBe(200);
    const carol = await first.token('carol');
    const id = (await first.say('incident-chat', '!ic page db is down', carol)).body.incident.id;
    const page = await sink.waitFor((mail) => mail.to.includes('alice@example.com') && mail.subject.includes(`#${id}:`), 60_000);
    const ackToken = /\/ack\/([\w-]+\.[\w-]+)/.exec(page.text)![1];
    await first.kill('SIGTERM');

    // An export file that is already there (0644) is made 0600 too: it now holds the secrets.
    const exported = join(mkdtempSync(join(tmpdir(), 'dont-panic-export-')), 'store.jsonl');
    writeFileSync(exported, '', { mode: 0o644 });
    expect((await first.cli('export', '--output', exported)).code).toBe(0);
    expect(mode(exported)).toBe(0o600);
    const [linkSecret, ackSecret] = secrets(first.dataDir);
    expect(readFileSync(exported, 'utf8').split('\n').slice(0, 2).map((line) => JSON.parse(line))).toEqual([
      { table: 'secret', name: 'link-secret', value: linkSecret },
      { table: 'secret', name: 'ack-link-secret', value: ackSecret },
    ]);

    // The new machine's server ran once and made secrets of its own, but its store is empty: nothing used them.
    const second = await ServerProcess.start({ config: pagingConfig({ smtp: sink }, 60) });
    servers.push(second);
    await second.kill('SIGTERM');
    expect(secrets(second.dataDir)).not.toEqual([linkSecret, ackSecret]);
    const imported = await second.cli('import', exported);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Restored the data directory’s secrets (link-secret, ack-link-secret)');
    expect(secrets(second.dataDir)).toEqual([linkSecret, ackSecret]);
    for (const name of ['link-secret', 'ack-link-secret']) expect(mode(join(second.dataDir, name)), name).toBe(0o600);

    await second.start();
    const acknowledged = await second.request('POST', `/ack/${ackToken}`, { headers: { accept: 'application/json' } });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ pageId: `${id}-1`, status: 'acknowledged', acknowledgedBy: 'alice' });
    const unsubscribed = await second.request('POST', path('unsubscribe'), { rawBody: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(unsubscribed.status).toBe(200);
    expect(unsubscribed.body).toContain('You are unsubscribed');
    await second.kill('SIGTERM');

    // A data directory whose secrets signed links of a store with events is not fresh: a different secret there
    // is never overwritten, even when the target store (PostgreSQL here) is empty. Nothing is imported.
    const used = mkdtempSync(join(tmpdir(), 'dont-panic-used-'));
    cpSync(second.dataDir, used, { recursive: true });
    writeFileSync(join(used, 'link-secret'), 'a-secret-that-signed-links-people-still-hold', { mode: 0o600 });
    const postgres = ServerProcess.create({ dataDir: used, env: storeEnv('postgres') });
    servers.push(postgres);
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await postgres.cli('import', exported);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe(
        `Nothing was imported: ${join(used, 'link-secret')} already holds a different secret, which links already sent depend on; import into a new data directory.`,
      );
    }
    expect(readFileSync(join(used, 'link-secret'), 'utf8')).toBe('a-secret-that-signed-links-people-still-hold');
    expect(readFileSync(join(used, 'ack-link-secret'), 'utf8')).toBe(ackSecret);
  }, 180_000);
});
