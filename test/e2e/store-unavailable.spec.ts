import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';

/**
 * The SQLite file stays locked by another process's connection (a backup tool,
 * a stray `sqlite3` shell): commands fail fast with a clear 503 in the room's
 * language, `/healthz` says why, and once the lock is gone the next command works.
 */
describe('a SQLite store that cannot take commits', () => {
  let server: ServerProcess;
  let token: string;
  let mei: string;

  beforeAll(async () => {
    server = await ServerProcess.start({ env: { DONT_PANIC_SQLITE_COMMIT_TIMEOUT_MS: '1500' } });
    token = await server.token('carol');
    mei = await server.token('mei');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers 503 instead of hanging, reports it on /healthz, and recovers', async () => {
    const declared = await server.say('incident-chat', '!declare 2 disk full on db-3', token);
    expect(declared.status).toBe(200);
    const room = declared.body.incident.room;
    const lock = new Database(join(server.dataDir, 'dont-panic.sqlite'));
    lock.exec('BEGIN IMMEDIATE');
    try {
      const refused = await server.say(room, '!note rotating logs', token);
      expect(refused.status).toBe(503);
      expect(refused.body.error).toEqual({ code: 'store_unavailable', message: 'The database cannot store changes right now; try again in a moment.' });
      const zh = await server.say(room, '!笔记 轮换日志', mei);
      expect(zh.status).toBe(503);
      expect(zh.body.error.message).toBe('数据库暂时无法保存更改；请稍后重试。');
      const health = await server.request('GET', '/healthz');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'unavailable', store: 'sqlite', reason: expect.stringMatching(/did not answer within 1500 ms|stayed locked/) });
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    let accepted;
    for (let tries = 0; tries < 20; tries++) {
      accepted = await server.say(room, '!note logs rotated, 40% free', token);
      if (accepted.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(accepted!.status).toBe(200);
    expect((await server.request('GET', '/healthz')).status).toBe(200);
    const timeline = await server.request('GET', `/api/v1/incidents/${declared.body.incident.id}/timeline`, { token });
    expect(timeline.body.events.filter((event: { type: string }) => event.type === 'note.added').map((event: { text: string }) => event.text)).toContain('logs rotated, 40% free');
  });
});
