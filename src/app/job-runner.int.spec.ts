import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { InProcessFeed } from './live-feed.js';
import { JobRunner } from './job-runner.js';
import type { JobHandler } from './jobs/job-handler.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };

describe('JobRunner leases', () => {
  const stores: SqliteStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('does not start a claimed job once half its lease is spent: another worker may hold it by then', async () => {
    const store = new SqliteStore(':memory:');
    stores.push(store);
    let now = Date.parse('2026-04-01T10:00:00Z');
    const clock = { now: () => new Date(now) };
    const ran: string[] = [];
    const slow: JobHandler = {
      kind: 'slow',
      async run(job) {
        ran.push(job.key);
        now += 600;
        return { appends: [] };
      },
    };
    const at = new Date(now).toISOString();
    await store.commit({ appends: [], schedule: ['a', 'b', 'c'].map((key) => ({ key, kind: 'slow', dueAt: at, payload: {} })) });
    const runner = new JobRunner(
      { store, clock, feed: new InProcessFeed(), log: quiet, context: { store, organisation: undefined as never, renderContext: () => undefined as never } },
      [slow],
      { leaseMs: 1000, batch: 10 },
    );
    // Each job takes 600 ms of a 1000 ms lease: after one, the rest of the batch waits for its lease to run out.
    await runner.cycle();
    expect(ran).toEqual(['a']);
    expect(await store.getJob('a')).toBeUndefined();
    expect(await store.getJob('b')).toBeDefined();
    now += 1000;
    await runner.cycle();
    expect(ran).toEqual(['a', 'b']);
    now += 1000;
    await runner.cycle();
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(await store.getJob('c')).toBeUndefined();
  });
});
