import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { ServerProcess, storeEnv, TEST_DATABASE_URL } from '../support/server-process.js';
import { until } from '../support/until.js';

/** Reads `text/event-stream` until `done` says so (or the time runs out). */
async function readUntil(url: string, token: string, done: (data: any) => boolean, timeoutMs: number): Promise<any[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const seen: any[] = [];
  try {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return seen;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (!data) continue;
        seen.push(JSON.parse(data.slice('data: '.length)));
        if (done(seen.at(-1))) {
          controller.abort();
          return seen;
        }
      }
    }
  } catch (error) {
    if (controller.signal.aborted) return seen;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Two instances on one PostgreSQL database: a client of the live feed on
 * instance B sees a line typed on instance A. B's own polling is turned far
 * down, so only the database's notification can bring it over.
 */
describe('the live feed across instances on PostgreSQL', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  const env = storeEnv('postgres');

  beforeAll(async () => {
    const options = { env: { DONT_PANIC_LIVE_POLL_MS: '600000', ...env } };
    a = await ServerProcess.start(options);
    b = await ServerProcess.start({ ...options, dataDir: a.dataDir });
  }, 60_000);
  afterAll(async () => {
    await b?.kill('SIGTERM');
    await a?.stop();
  });

  it('brings a note typed on A to a live client of B', async () => {
    const token = await a.token('carol');
    const declared = await a.say('incident-chat', '!declare 2 queue backlog growing', token);
    const room = declared.body.incident.room;
    const hello = await readUntil(`${b.url}/api/v1/live`, token, () => true, 10_000);
    expect(hello[0]).toMatchObject({ position: expect.any(Number) });

    let note = false;
    let line = false;
    const live = readUntil(`${b.url}/api/v1/live?after=${hello[0].position}`, token, (data) => {
      note ||= data.kind === 'incident' && data.event?.text === 'drained partition 7';
      line ||= data.kind === 'room' && data.message?.text === '!note drained partition 7';
      return note && line;
    }, 20_000);
    // The feed on B is open (its hello came) before the line is typed on A.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await a.say(room, '!note drained partition 7', token)).status).toBe(200);
    const seen = await live;
    expect(seen.find((data) => data.kind === 'incident' && data.event?.type === 'note.added')).toMatchObject({ incidentId: declared.body.incident.id, event: { text: 'drained partition 7', actor: 'carol' } });
    expect(seen.find((data) => data.kind === 'room' && data.message?.text === '!note drained partition 7')).toMatchObject({ room });
  });

  it('keeps a live client of B through a page typed on A and the index of pages it writes', async () => {
    const token = await a.token('carol');
    const declared = await a.say('incident-chat', '!declare 3 cache misses climbing', token);
    const room = declared.body.incident.room;
    const hello = await readUntil(`${b.url}/api/v1/live`, token, () => true, 10_000);
    const live = readUntil(`${b.url}/api/v1/live?after=${hello[0].position}`, token, (data) => data.kind === 'incident' && data.event?.text === 'paged and still here', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await a.say(room, '!ic page cache misses climbing', token)).status).toBe(200);
    // The page's job writes the incident's index of pages (`incident-pages-N`): a stream the live feed must not read as an incident's.
    await until(async () => ((await a.request('GET', `/api/v1/incidents/${declared.body.incident.id}/pages`, { token })).body.pages?.length ? true : undefined), 'the page');
    expect((await a.say(room, '!note paged and still here', token)).status).toBe(200);
    const seen = await live;
    expect(seen.at(-1)).toMatchObject({ kind: 'incident', incidentId: declared.body.incident.id, event: { text: 'paged and still here' } });
  });

  it('brings a commit announced while an older transaction holds it back for longer than a read waits', async () => {
    const token = await a.token('carol');
    const declared = await a.say('incident-chat', '!declare 3 search slow', token);
    const room = declared.body.incident.room;
    const hello = await readUntil(`${b.url}/api/v1/live`, token, () => true, 10_000);
    // A transaction with an id, begun before the note and left open for longer than `readAll` waits (1 s).
    const older = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await older.connect();
    await older.query('BEGIN');
    await older.query('SELECT pg_current_xact_id()');
    try {
      const live = readUntil(`${b.url}/api/v1/live?after=${hello[0].position}`, token, (data) => data.kind === 'incident' && data.event?.text === 'reindexed', 20_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await a.say(room, '!note reindexed', token)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await older.query('COMMIT');
      const seen = await live;
      expect(seen.find((data) => data.kind === 'incident' && data.event?.type === 'note.added')).toMatchObject({ incidentId: declared.body.incident.id, event: { text: 'reindexed' } });
    } finally {
      await older.end();
    }
  });

  it('publishes an approved public update on both instances’ status pages, the one it was typed on and the other', async () => {
    const token = await a.token('carol');
    const declared = await a.say('incident-chat', '!declare 2 checkout errors in eu-west', token);
    const { id, room } = declared.body.incident;
    await a.say(room, '!ic take', token);
    await a.say(room, '!public [api] We are investigating errors on the API.', token);
    await a.say(room, '!approve 1', token);
    const published = (server: ServerProcess) => async () => {
      const { body } = await server.request('GET', '/api/v2/incidents/unresolved.json');
      return body.incidents.find((incident: { id: string }) => incident.id === String(id));
    };
    for (const server of [a, b]) {
      const incident = await until(published(server), `incident #${id} on the status page`, 15_000);
      expect(incident).toMatchObject({ status: 'investigating', incident_updates: [{ body: 'We are investigating errors on the API.' }] });
      expect(JSON.stringify(incident)).not.toContain('eu-west');
    }
  });

  it('brings a commit that ends after one with higher positions, already sent, to the live client', async () => {
    // Positions are taken at insert, commits end in any order: here the second line gets the lower position but
    // commits last, after the first was sent. B polls far too rarely to matter, so only its wake-up can bring it.
    const schema = env.DONT_PANIC_DATABASE_SCHEMA;
    const token = await a.token('carol');
    // Named, so that the commits counted below are this store's, not those of another suite sharing the database.
    const name = `live-order-${randomUUID().slice(0, 8)}`;
    const instance = await PostgresStore.open(`${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}application_name=${name}`, { schema });
    const streamsLock = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    const jobLock = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    // Outside any transaction: pg_stat_activity stays as first read for the rest of one.
    const watcher = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await Promise.all([streamsLock.connect(), jobLock.connect(), watcher.connect()]);
    const line = (text: string) => ({ type: 'message.posted', at: new Date().toISOString(), actor: 'carol', data: { text } });
    /** Until `count` commits (each one call of the commit function) wait for a row lock held here. */
    const commitsWaiting = async (count: number) => {
      for (let tries = 0; tries < 250; tries++) {
        const { rows } = await watcher.query(
          `SELECT COUNT(DISTINCT pid)::int AS waiting FROM pg_locks l JOIN pg_stat_activity s USING (pid)
           WHERE NOT l.granted AND s.datname = current_database() AND s.application_name = $1 AND s.query LIKE 'SELECT * FROM dont_panic_commit%'`,
          [name],
        );
        if (rows[0].waiting >= count) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`fewer than ${count} commits wait for a lock`);
    };
    try {
      await instance.commit({ appends: [{ stream: 'room-incident-chat-zh', expectedVersion: 'any', events: [line('warm-up')] }] });
      await jobLock.query(`INSERT INTO jobs (key, kind, due_at, payload) VALUES ('live-order-block', 'none', '2999-01-01T00:00:00.000Z', '{}')`);
      const hello = await readUntil(`${b.url}/api/v1/live`, token, () => true, 10_000);
      const texts: string[] = [];
      const live = readUntil(`${b.url}/api/v1/live?after=${hello[0].position}`, token, (data) => {
        if (data.kind === 'room') texts.push(data.message.text);
        return texts.includes('second, lower position');
      }, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 300));

      // The first commit starts (it creates a stream row), then waits for a stream row held here.
      await streamsLock.query('BEGIN');
      await streamsLock.query(`SELECT 1 FROM streams WHERE stream = 'room-incident-chat-zh' FOR UPDATE`);
      const first = instance.commit({
        appends: [
          { stream: `live-order-${randomUUID()}`, expectedVersion: 0, events: [line('not shown')] },
          { stream: 'room-incident-chat-zh', expectedVersion: 'any', events: [line('first, higher position')] },
        ],
      });
      await commitsWaiting(1);
      // The second takes its position now, then waits for a job row held here.
      await jobLock.query('BEGIN');
      await jobLock.query(`SELECT 1 FROM jobs WHERE key = 'live-order-block' FOR UPDATE`);
      const second = instance.commit({
        appends: [{ stream: 'room-incident-chat', expectedVersion: 'any', events: [line('second, lower position')] }],
        schedule: [{ key: 'live-order-block', kind: 'none', dueAt: '2999-01-01T00:00:00.000Z', payload: {} }],
      });
      await commitsWaiting(2);
      await streamsLock.query('COMMIT');
      const [firstLine] = (await first).filter((event) => event.stream === 'room-incident-chat-zh');
      for (let tries = 0; tries < 250 && !texts.includes('first, higher position'); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(texts).toContain('first, higher position');
      await jobLock.query('COMMIT');
      const [secondLine] = await second;
      expect(secondLine.position).toBeLessThan(firstLine.position);

      await live;
      // The warm-up line may fall on either side of where the client started (an older transaction may have held it back).
      expect(texts.filter((text) => text !== 'warm-up')).toEqual(['first, higher position', 'second, lower position']);
    } finally {
      await streamsLock.query('ROLLBACK').catch(() => undefined);
      await jobLock.query('ROLLBACK').catch(() => undefined);
      await jobLock.query(`DELETE FROM jobs WHERE key = 'live-order-block'`).catch(() => undefined);
      await Promise.all([streamsLock.end(), jobLock.end(), watcher.end(), instance.close()]);
    }
  });
});
