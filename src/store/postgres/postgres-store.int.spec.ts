import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Commit, LeasedJob, RecordedEvent, Store } from '../../ports.js';
import { describeStoreContract } from '../store.contract.js';
import { PostgresStore } from './postgres-store.js';
import { POSTGRES_MIGRATIONS } from './schema.js';

const url = process.env.DONT_PANIC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Pool({ connectionString: url, max: 2 });
const schemas: string[] = [];

function freshSchema(): string {
  const schema = `dont_panic_test_${randomUUID().replaceAll('-', '')}`;
  schemas.push(schema);
  return schema;
}

afterEach(async () => {
  for (const schema of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
});

afterAll(async () => {
  await admin.end();
});

/**
 * The contract says when time passes by the `now` it passes; PostgreSQL decides due and expired by the database's
 * clock. In the contract's own schema, that clock is made to read the `now` of the last call, so the same SQL runs.
 */
async function openWithTestClock(): Promise<Store> {
  const schema = freshSchema();
  const store = await PostgresStore.open(url, { schema });
  await admin.query(`CREATE TABLE ${schema}.test_clock (now text NOT NULL); INSERT INTO ${schema}.test_clock VALUES ('2000-01-01T00:00:00.000Z')`);
  await admin.query(`CREATE OR REPLACE FUNCTION ${schema}.database_clock(offset_ms bigint) RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT to_char((now::timestamptz + offset_ms * interval '1 millisecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM ${schema}.test_clock $$`);
  const nowArgument: Record<string, number> = { claimDueJobs: 0, renewLease: 1, jobStats: 0 };
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const index = nowArgument[property as string];
      if (index === undefined) return value.bind(target);
      return async (...args: unknown[]) => {
        await admin.query(`UPDATE ${schema}.test_clock SET now = $1`, [args[index]]);
        return value.apply(target, args);
      };
    },
  });
}

describeStoreContract('PostgresStore', openWithTestClock);

describe('PostgresStore across instances', () => {
  it('announces the last position of every commit to the other instances, and only of committed work', async () => {
    const schema = freshSchema();
    const [writer, reader] = await Promise.all([PostgresStore.open(url, { schema }), PostgresStore.open(url, { schema })]);
    const other = await PostgresStore.open(url, { schema: freshSchema() });
    try {
      const heard: number[] = [];
      const elsewhere: number[] = [];
      const stop = reader.watchCommits((position) => heard.push(position));
      other.watchCommits((position) => elsewhere.push(position));
      // The listener connects on first use; give it its LISTEN before committing.
      for (let tries = 0; tries < 50 && heard.length === 0; tries++) {
        await writer.commit({ appends: [{ stream: 'warm-up', expectedVersion: 'any', events: [{ type: 'x', at: 'now', actor: 'a', data: {} }] }] });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      heard.length = 0;
      const recorded = await writer.commit({
        appends: [{ stream: 's', expectedVersion: 0, events: [1, 2, 3].map((n) => ({ type: 'n', at: 'now', actor: 'a', data: { n } })) }],
      });
      await expect(writer.commit({ appends: [{ stream: 's', expectedVersion: 0, events: [{ type: 'late', at: 'now', actor: 'a', data: {} }] }] })).rejects.toThrow();
      for (let tries = 0; tries < 50 && !heard.includes(recorded[2].position); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(heard).toEqual([recorded[2].position]);
      expect(elsewhere).toEqual([]);
      stop();
    } finally {
      await Promise.all([writer.close(), reader.close(), other.close()]);
    }
  });

  it('migrates once when two instances open the same schema at the same time', async () => {
    const schema = freshSchema();
    const stores = await Promise.all([PostgresStore.open(url, { schema }), PostgresStore.open(url, { schema })]);
    try {
      const { rows } = await admin.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
      expect(rows).toEqual(POSTGRES_MIGRATIONS.map((_, index) => ({ version: index + 1 })));
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('leases each of 20 due jobs to only one of two racing instances', async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([PostgresStore.open(url, { schema }), PostgresStore.open(url, { schema })]);
    try {
      const now = new Date(Date.now() - 1000).toISOString();
      await a.commit({
        appends: [],
        schedule: Array.from({ length: 20 }, (_, i) => ({ key: `job-${i}`, kind: 'page', dueAt: now, payload: { i } })),
      });

      async function drain(store: PostgresStore, owner: string): Promise<LeasedJob[]> {
        const claimed: LeasedJob[] = [];
        for (;;) {
          const batch = await Promise.all([1, 2, 3].map(() => store.claimDueJobs(now, 3, 60_000, owner)));
          if (batch.every((jobs) => jobs.length === 0)) return claimed;
          claimed.push(...batch.flat());
        }
      }
      const [fromA, fromB] = await Promise.all([drain(a, 'a'), drain(b, 'b')]);

      const keys = [...fromA, ...fromB].map((job) => job.key);
      expect(keys).toHaveLength(20);
      expect(new Set(keys).size).toBe(20);
      expect(fromA.every((job) => job.leaseToken.startsWith('a:'))).toBe(true);
      expect(fromB.every((job) => job.leaseToken.startsWith('b:'))).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('gives a reader following readAll every committed event exactly once while instances commit side by side', async () => {
    const schema = freshSchema();
    const instances = await Promise.all([1, 2, 3].map(() => PostgresStore.open(url, { schema })));
    const [reader] = instances;
    const blocker = await admin.connect();
    try {
      const tick = (n: number) => ({ type: 'tick', at: '2030-01-01T00:00:00.000Z', actor: 'alice', data: { n } });
      const incident = { id: 1, title: 'slow', severity: 2, status: 'open' as const, room: 'inc-1', lobby: 'incident-chat', private: false, declaredAt: 'x', updatedAt: 'x', version: 1 };
      const seen: RecordedEvent[] = [];
      let cursor = 0;
      const readPage = async () => {
        const page = await reader.readAll(cursor, 7);
        seen.push(...page);
        cursor = page.at(-1)?.position ?? cursor;
        return page;
      };

      // One commit takes its positions first, then waits (on a row lock held here) while later ones commit.
      await admin.query(`INSERT INTO ${schema}.incidents (id, title, severity, status, room, private, declared_at, updated_at, version, lobby)
        VALUES (1, 'slow', 2, 'open', 'inc-1', false, 'x', 'x', 0, 'incident-chat')`);
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM ${schema}.incidents WHERE id = 1 FOR UPDATE`);
      const slow = instances[1].commit({ appends: [{ stream: 'slow', expectedVersion: 0, events: [tick(0), tick(1)] }], incidents: [incident] });
      for (let tries = 0; tries < 100; tries++) {
        const { rows } = await admin.query(`SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE NOT l.granted AND a.query LIKE 'INSERT INTO incidents%'`);
        if (rows.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      let polling = true;
      let rounds = 0;
      const polls = (async () => {
        for (; polling; rounds++) await readPage();
      })();
      // Many committers on different streams, from three pools as from three instances; every fifth one fails
      // after its events took positions (a NOT NULL violation on its incident row), so it is rolled back.
      const commits: Promise<RecordedEvent[] | undefined>[] = [];
      for (let i = 0; i < 90; i++) {
        const store = instances[i % 3];
        const appends: Commit['appends'] = [{ stream: `s-${i}`, expectedVersion: 0, events: [tick(i), tick(i + 1000)].slice(0, 1 + (i % 2)) }];
        if (i % 5 === 4) {
          const broken = { ...incident, id: 100 + i, title: null as unknown as string };
          commits.push(store.commit({ appends, incidents: [broken] }).then(() => Promise.reject(new Error('should have failed')), () => undefined));
        } else commits.push(store.commit({ appends }));
      }
      const committed = (await Promise.all(commits)).flatMap((recorded) => recorded ?? []);
      // The reader polls on past everything committed so far before the slow commit ends.
      for (const until = rounds + 2; rounds < until; ) await new Promise((resolve) => setTimeout(resolve, 10));
      await blocker.query('COMMIT');
      committed.push(...(await slow));

      const key = (event: RecordedEvent) => `${event.stream}@${event.version}`;
      const deadline = Date.now() + 20_000;
      while (seen.length < committed.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      polling = false;
      await polls;
      expect(await reader.readAll(cursor, 100)).toEqual([]);

      expect(committed).toHaveLength(110);
      expect(seen.map(key).sort()).toEqual(committed.map(key).sort());
      expect(new Set(seen.map((event) => event.position)).size).toBe(seen.length);
      expect(seen.some((event) => event.stream === 's-4')).toBe(false);
      // The slow commit took its positions before others that committed first, and it was read all the same.
      const slowPositions = committed.filter((event) => event.stream === 'slow').map((event) => event.position);
      expect(committed.some((event) => event.stream !== 'slow' && event.position > Math.max(...slowPositions))).toBe(true);
      expect(seen.filter((event) => event.stream === 'slow').map((event) => event.position)).toEqual(slowPositions);
      expect(await reader.lastPosition()).toBe(cursor);
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      blocker.release();
      await Promise.all(instances.map((store) => store.close()));
    }
  });

  it('decides due and expired by the database clock, whatever the clock of the instance asking', async () => {
    const schema = freshSchema();
    const [a, skewed] = await Promise.all([PostgresStore.open(url, { schema }), PostgresStore.open(url, { schema })]);
    try {
      const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
      await a.commit({
        appends: [],
        schedule: [
          { key: 'later', kind: 'page', dueAt: minutes(5), payload: {} },
          { key: 'now', kind: 'page', dueAt: minutes(-1 / 60), payload: {} },
        ],
      });

      // Ten minutes fast: the job due in five minutes is not due yet.
      expect(await skewed.jobStats(minutes(10))).toMatchObject({ due: 1 });
      const [held] = await a.claimDueJobs(minutes(0), 10, 60_000, 'a');
      expect(held).toMatchObject({ key: 'now' });
      expect(await skewed.claimDueJobs(minutes(10), 10, 60_000, 'skewed')).toEqual([]);

      // A heartbeat from an instance ten minutes slow still extends the lease from the database's now.
      expect(await a.renewLease(held, minutes(-10), 60_000)).toBe(true);
      expect(await skewed.claimDueJobs(minutes(10), 10, 60_000, 'skewed')).toEqual([]);
      expect(await skewed.jobStats(minutes(10))).toMatchObject({ due: 0 });
      await a.commit({ appends: [], finish: { key: 'now', leaseToken: held.leaseToken } });
      expect(await a.getJob('later')).toMatchObject({ attempts: 0 });
    } finally {
      await Promise.all([a.close(), skewed.close()]);
    }
  });
});
