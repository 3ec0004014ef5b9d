import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LeasedJob } from '../../ports.js';
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

describeStoreContract('PostgresStore', () => PostgresStore.open(url, { schema: freshSchema() }));

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
      const now = '2030-01-01T00:00:00.000Z';
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

  it('lets readAll see positions in commit order under concurrent appends', async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([PostgresStore.open(url, { schema }), PostgresStore.open(url, { schema })]);
    try {
      const event = { type: 'tick', at: '2030-01-01T00:00:00.000Z', actor: 'alice', data: {} };
      const seen: number[] = [];
      let done = false;
      const reader = (async () => {
        let after = 0;
        while (!done || after < (await a.lastPosition())) {
          const page = await a.readAll(after, 100);
          for (const recorded of page) seen.push(recorded.position);
          after = page.at(-1)?.position ?? after;
        }
      })();
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          (i % 2 ? a : b).commit({ appends: [{ stream: `s-${i}`, expectedVersion: 0, events: [event, event] }] }),
        ),
      );
      done = true;
      await reader;

      const all = (await a.readAll(0, 1000)).map((recorded) => recorded.position);
      expect(all).toHaveLength(120);
      expect(seen).toEqual(all);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
