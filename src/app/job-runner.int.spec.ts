import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { LeasedJob } from '../ports.js';
import { InProcessFeed } from './live-feed.js';
import { JobRunner, wakeOnSchedule } from './job-runner.js';
import type { JobHandler } from './jobs/job-handler.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const context = (store: SqliteStore) => ({ store, organisation: undefined as never, renderContext: () => undefined as never });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('JobRunner', () => {
  const stores: SqliteStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });
  const open = () => {
    const store = new SqliteStore(':memory:');
    stores.push(store);
    return store;
  };
  const schedule = (store: SqliteStore, kind: string, keys: string[]) =>
    store.commit({ appends: [], schedule: keys.map((key) => ({ key, kind, dueAt: new Date().toISOString(), payload: {} })) });

  it('runs several jobs at once: a slow one does not hold up the others', async () => {
    const store = open();
    const clock = { now: () => new Date() };
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const done: string[] = [];
    const handler: JobHandler = {
      kind: 'send',
      async run(job) {
        if (job.key === 'slow') await gate;
        done.push(job.key);
        return { appends: [] };
      },
    };
    await schedule(store, 'send', ['slow', 'a', 'b', 'c']);
    const runner = new JobRunner({ store, clock, feed: new InProcessFeed(), log: quiet, context: context(store) }, [handler], { concurrency: 4 });
    const cycle = runner.cycle();
    while (done.length < 3) await sleep(5);
    expect(done.sort()).toEqual(['a', 'b', 'c']);
    expect(await store.getJob('slow')).toBeDefined();
    release();
    expect(await cycle).toBe(4);
    expect(await store.getJob('slow')).toBeUndefined();
  });

  it('renews the lease while a handler runs past it, so no other worker takes the job', async () => {
    const store = open();
    const clock = { now: () => new Date() };
    const runs: string[] = [];
    const handler: JobHandler = {
      kind: 'slow',
      timeLimitMs: 5000,
      async run(job) {
        runs.push(job.leaseToken);
        await sleep(900);
        return { appends: [] };
      },
    };
    await schedule(store, 'slow', ['j']);
    const runner = new JobRunner({ store, clock, feed: new InProcessFeed(), log: quiet, context: context(store) }, [handler], { leaseMs: 300 });
    const cycle = runner.cycle();
    await sleep(600);
    // Twice the lease later, the job is still leased to the first runner.
    expect(await store.claimDueJobs(new Date().toISOString(), 10, 300, 'other')).toEqual([]);
    await cycle;
    expect(runs).toHaveLength(1);
    expect(await store.getJob('j')).toBeUndefined();
  });

  it('aborts a run past its kind’s time limit and retries it later', async () => {
    const store = open();
    const clock = { now: () => new Date() };
    let signalled = false;
    const handler: JobHandler = {
      kind: 'hang',
      timeLimitMs: 100,
      backoffMs: () => 60_000,
      run: (_job, _context, run) =>
        new Promise((_, reject) => run.signal.addEventListener('abort', () => ((signalled = true), reject(run.signal.reason)))),
    };
    await schedule(store, 'hang', ['j']);
    const runner = new JobRunner({ store, clock, feed: new InProcessFeed(), log: quiet, context: context(store) }, [handler]);
    await runner.cycle();
    expect(signalled).toBe(true);
    const job = await store.getJob('j');
    expect(Date.parse(job!.dueAt)).toBeGreaterThan(Date.now() + 30_000);
  });

  it('decides again at once after a version conflict', async () => {
    const store = open();
    const clock = { now: () => new Date() };
    const decisions: number[] = [];
    const handler: JobHandler = {
      kind: 'append',
      async run(_job, _context, run) {
        decisions.push(run.decision);
        const version = (await store.readStream('s')).length;
        // Another writer moves the stream under the first decision.
        if (run.decision === 1) await store.commit({ appends: [{ stream: 's', expectedVersion: version, events: [{ type: 'other', at: 'x', actor: 'y', data: {} }] }] });
        return { appends: [{ stream: 's', expectedVersion: version, events: [{ type: 'mine', at: 'x', actor: 'y', data: {} }] }] };
      },
    };
    await schedule(store, 'append', ['j']);
    const runner = new JobRunner({ store, clock, feed: new InProcessFeed(), log: quiet, context: context(store) }, [handler]);
    await runner.cycle();
    expect(decisions).toEqual([1, 2]);
    expect((await store.readStream('s')).map((event) => event.type)).toEqual(['other', 'mine']);
    expect(await store.getJob('j')).toBeUndefined();
  });

  it('parks a job after its kind’s last attempt, and a job of an unknown kind at once', async () => {
    const store = open();
    let now = Date.now();
    const clock = { now: () => new Date(now) };
    const tried: LeasedJob[] = [];
    const handler: JobHandler = {
      kind: 'flaky',
      maxAttempts: 3,
      backoffMs: () => 1000,
      async run(job) {
        tried.push(job);
        throw new Error(`provider said no (${job.attempts})`);
      },
    };
    await store.commit({ appends: [], schedule: [{ key: 'f', kind: 'flaky', dueAt: new Date(now).toISOString(), payload: {} }, { key: 'u', kind: 'from-the-future', dueAt: new Date(now).toISOString(), payload: {} }] });
    const runner = new JobRunner({ store, clock, feed: new InProcessFeed(), log: quiet, context: context(store) }, [handler]);
    for (let round = 0; round < 5; round++) {
      await runner.cycle();
      now += 2000;
    }
    expect(tried.map((job) => job.attempts)).toEqual([1, 2, 3]);
    const parked = await store.parkedJobs(10);
    expect(parked.map((job) => [job.key, job.attempts, job.lastError])).toEqual([
      ['u', 1, 'no handler for job kind from-the-future'],
      ['f', 3, 'provider said no (3)'],
    ]);
    expect((await store.jobStats(new Date(now).toISOString())).parked).toBe(2);
  });

  describe('woken by the commits that schedule jobs', () => {
    /** A runner that would poll only once a minute, told of every commit's jobs, counting its claims. */
    const wokenRunner = (store: SqliteStore, handler: JobHandler) => {
      const claims = { count: 0 };
      const claim = store.claimDueJobs.bind(store);
      store.claimDueJobs = (...args) => {
        claims.count++;
        return claim(...args);
      };
      const runner = new JobRunner({ store, clock: { now: () => new Date() }, feed: new InProcessFeed(), log: quiet, context: context(store) }, [handler], { pollMs: 60_000 });
      wakeOnSchedule(store, () => runner);
      return { runner, claims };
    };
    const ran = () => {
      const keys: string[] = [];
      const handler: JobHandler = {
        kind: 'send',
        async run(job) {
          keys.push(job.key);
          return { appends: [] };
        },
      };
      return { keys, handler };
    };
    const until = async (done: () => boolean) => {
      for (let waited = 0; !done() && waited < 10_000; waited += 10) await sleep(10);
    };
    const dueIn = (ms: number) => new Date(Date.now() + ms).toISOString();

    it('runs a job due now at once, and one due shortly when it falls due, not at the next poll', async () => {
      const store = open();
      const { keys, handler } = ran();
      const { runner } = wokenRunner(store, handler);
      runner.start();
      try {
        await store.commit({ appends: [], schedule: [{ key: 'now', kind: 'send', dueAt: dueIn(0), payload: {} }] });
        await until(() => keys.length === 1);
        expect(keys).toEqual(['now']);
        await store.commit({ appends: [], schedule: [{ key: 'soon', kind: 'send', dueAt: dueIn(300), payload: {} }] });
        await sleep(50);
        expect(keys).toEqual(['now']);
        await until(() => keys.length === 2);
        expect(keys).toEqual(['now', 'soon']);
      } finally {
        await runner.stop();
      }
    });

    it('runs both jobs of a commit that schedules one due now and one due shortly', async () => {
      const store = open();
      const { keys, handler } = ran();
      const { runner } = wokenRunner(store, handler);
      runner.start();
      try {
        await store.commit({
          appends: [],
          schedule: [
            { key: 'deliver', kind: 'send', dueAt: dueIn(0), payload: {} },
            { key: 'escalate', kind: 'send', dueAt: dueIn(300), payload: {} },
          ],
        });
        await until(() => keys.length === 2);
        expect(keys).toEqual(['deliver', 'escalate']);
      } finally {
        await runner.stop();
      }
    });

    it('makes no claim for commits that only move timers due later', async () => {
      const store = open();
      const { keys, handler } = ran();
      const { runner, claims } = wokenRunner(store, handler);
      runner.start();
      try {
        await until(() => claims.count === 1);
        for (let i = 0; i < 20; i++) await store.commit({ appends: [], schedule: [{ key: `later-${i}`, kind: 'send', dueAt: dueIn(3_600_000), payload: {} }] });
        await sleep(100);
        expect(claims.count).toBe(1);
        expect(keys).toEqual([]);
      } finally {
        await runner.stop();
      }
    });
  });
});
