import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ServerProcess, storeEnv } from '../support/server-process.js';

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
  afterAll(async () => {
    for (const server of servers) await server.stop();
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
    expect(imported.stdout.trim()).toBe(`Imported ${lines.length} records into the postgres store.`);
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
});
