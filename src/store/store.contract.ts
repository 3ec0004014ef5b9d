import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideAndCommit } from '../app/commit-loop.js';
import {
  LeaseLost,
  VersionConflict,
  type Commit,
  type IncidentRow,
  type JobSpec,
  type NewEvent,
  type RecordedEvent,
  type Store,
} from '../ports.js';

const T0 = '2030-01-01T00:00:00.000Z';

function at(offsetMs: number): string {
  return new Date(Date.parse(T0) + offsetMs).toISOString();
}

function event(type: string, data: Record<string, unknown> = {}): NewEvent {
  return { type, at: T0, actor: 'alice', data };
}

function job(key: string, dueAt: string, payload: Record<string, unknown> = {}): JobSpec {
  return { key, kind: 'page', dueAt, payload };
}

function incident(id: number, overrides: Partial<IncidentRow> = {}): IncidentRow {
  return {
    id,
    title: `Incident ${id}`,
    severity: 2,
    status: 'open',
    room: 'room-1',
    lobby: 'incident-chat',
    private: false,
    declaredAt: at(id * 1000),
    updatedAt: at(id * 1000),
    version: 1,
    ...overrides,
  };
}

/** Appends to `stream` at whatever version it is now, deciding again on `VersionConflict` (the engine's one loop). */
async function appendWithRetry(store: Store, stream: string, newEvent: NewEvent): Promise<RecordedEvent[]> {
  const { recorded } = await decideAndCommit(
    { store },
    async () => ({ commit: { appends: [{ stream, expectedVersion: (await store.readStream(stream)).length, events: [newEvent] }] }, result: undefined }),
    { maxAttempts: 1000 },
  );
  return recorded;
}

/** The behaviour every `Store` adapter must share. `open` must return an empty store each time. */
export function describeStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`${name} (Store contract)`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      await store.close();
    });

    describe('events', () => {
      it('appends to a new stream and reads it back with versions from 1 and increasing positions', async () => {
        const data = { zeta: 1, alpha: { nested: [1, 'two', null], b: true }, text: 'é 🚒' };
        const recorded = await store.commit({
          appends: [{ stream: 'incident-1', expectedVersion: 0, events: [event('declared', data), event('ack'), event('noted')] }],
        });

        expect(recorded.map((e) => e.version)).toEqual([1, 2, 3]);
        expect(recorded.every((e) => typeof e.position === 'number')).toBe(true);
        expect(recorded[1].position).toBeGreaterThan(recorded[0].position);
        expect(recorded[2].position).toBeGreaterThan(recorded[1].position);
        expect(recorded[0]).toMatchObject({ stream: 'incident-1', type: 'declared', at: T0, actor: 'alice', data });
        expect(JSON.stringify(recorded[0].data)).toBe(JSON.stringify(data));

        const read = await store.readStream('incident-1');
        expect(read).toEqual(recorded);
        expect(JSON.stringify(read[0].data)).toBe(JSON.stringify(data));
        expect(await store.readStream('nobody')).toEqual([]);
      });

      it('continues a stream from its current version', async () => {
        await store.commit({ appends: [{ stream: 's', expectedVersion: 0, events: [event('a')] }] });
        const second = await store.commit({ appends: [{ stream: 's', expectedVersion: 1, events: [event('b'), event('c')] }] });
        expect(second.map((e) => e.version)).toEqual([2, 3]);
        expect((await store.readStream('s')).map((e) => e.type)).toEqual(['a', 'b', 'c']);
      });

      it('reads a long stream whole and in order, letting other work run while it reads', async () => {
        for (let chunk = 0; chunk < 10; chunk++) {
          const events = Array.from({ length: 500 }, (_, i) => event('n', { i: chunk * 500 + i }));
          await store.commit({ appends: [{ stream: 'flood', expectedVersion: chunk * 500, events }] });
        }
        let otherWorkRan = false;
        setImmediate(() => (otherWorkRan = true));
        const read = await store.readStream('flood');
        expect(otherWorkRan).toBe(true);
        expect(read.map((e) => e.version)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
        expect(read.at(-1)!.data).toEqual({ i: 4999 });
        expect((await store.readStream('flood', 4998)).map((e) => e.version)).toEqual([4999, 5000]);
      });

      it('throws VersionConflict on a stale expected version and stores nothing', async () => {
        await store.commit({ appends: [{ stream: 's', expectedVersion: 0, events: [event('a'), event('b')] }] });
        const before = await store.lastPosition();

        await expect(
          store.commit({ appends: [{ stream: 's', expectedVersion: 1, events: [event('late')] }] }),
        ).rejects.toBeInstanceOf(VersionConflict);
        await expect(
          store.commit({ appends: [{ stream: 'new', expectedVersion: 3, events: [event('ghost')] }] }),
        ).rejects.toBeInstanceOf(VersionConflict);

        expect((await store.readStream('s')).map((e) => e.type)).toEqual(['a', 'b']);
        expect(await store.readStream('new')).toEqual([]);
        expect(await store.lastPosition()).toBe(before);
      });

      it('checks the expected version of an append without events', async () => {
        await store.commit({ appends: [{ stream: 's', expectedVersion: 0, events: [event('a')] }] });
        await expect(
          store.commit({ appends: [{ stream: 's', expectedVersion: 0, events: [] }], schedule: [job('j', T0)] }),
        ).rejects.toBeInstanceOf(VersionConflict);
        expect(await store.getJob('j')).toBeUndefined();
        await store.commit({ appends: [{ stream: 's', expectedVersion: 1, events: [] }], schedule: [job('j', T0)] });
        expect(await store.getJob('j')).toBeDefined();
      });

      it("skips the check with 'any'", async () => {
        await store.commit({ appends: [{ stream: 's', expectedVersion: 'any', events: [event('a')] }] });
        const recorded = await store.commit({ appends: [{ stream: 's', expectedVersion: 'any', events: [event('b')] }] });
        expect(recorded.map((e) => e.version)).toEqual([2]);
      });

      it('stores a commit of many streams and events, one stream appended twice, with contiguous positions and versions', async () => {
        await store.commit({ appends: [{ stream: 's-3', expectedVersion: 0, events: [event('before')] }] });
        const streams = Array.from({ length: 90 }, (_, i) => `s-${i}`);
        const recorded = await store.commit({
          appends: [
            ...streams.map((stream) => ({ stream, expectedVersion: stream === 's-3' ? 1 : 0, events: [event(`${stream}/a`), event(`${stream}/b`)] })),
            { stream: 's-7', expectedVersion: 2, events: [event('s-7/c')] },
            { stream: 's-8', expectedVersion: 2, events: [] },
          ],
        });
        expect(recorded).toHaveLength(181);
        expect(recorded.map((e) => e.position)).toEqual(recorded.map((_, i) => recorded[0].position + i));
        expect((await store.readStream('s-3')).map((e) => [e.version, e.type])).toEqual([[1, 'before'], [2, 's-3/a'], [3, 's-3/b']]);
        expect((await store.readStream('s-7')).map((e) => [e.version, e.type])).toEqual([[1, 's-7/a'], [2, 's-7/b'], [3, 's-7/c']]);
        expect((await store.readStream('s-89')).map((e) => e.position)).toEqual(recorded.slice(178, 180).map((e) => e.position));
        // On PostgreSQL a transaction still open elsewhere in the database (another suite's) holds them back a while.
        await expect.poll(() => store.readAll(recorded[0].position - 1, 500), { timeout: 15_000 }).toEqual(recorded);
        await expect(store.commit({ appends: [{ stream: 's-7', expectedVersion: 2, events: [event('stale')] }] })).rejects.toBeInstanceOf(VersionConflict);
        expect((await store.commit({ appends: [{ stream: 's-7', expectedVersion: 3, events: [event('s-7/d')] }] }))[0].version).toBe(4);
      });

      /** A commit over streams `a` and `b` that expects `b` empty (it holds `b1`), with a job and an incident row. */
      const staleOnItsSecondStream = (): Commit => ({
        appends: [
          { stream: 'a', expectedVersion: 0, events: [event('a1')] },
          { stream: 'b', expectedVersion: 0, events: [event('b-stale')] },
        ],
        schedule: [job('a-job', T0)],
        incidents: [incident(1)],
      });
      const expectNothingOfTheStaleCommit = async () => {
        expect(await store.readStream('a')).toEqual([]);
        expect((await store.readStream('b')).map((e) => e.type)).toEqual(['b1']);
        expect(await store.getJob('a-job')).toBeUndefined();
        expect(await store.getIncident(1)).toBeUndefined();
      };

      it('stores a commit over two streams atomically: a conflict on the second stores nothing of the first', async () => {
        await store.commit({ appends: [{ stream: 'b', expectedVersion: 0, events: [event('b1')] }] });
        const before = await store.lastPosition();

        await expect(
          store.commit(staleOnItsSecondStream()),
        ).rejects.toBeInstanceOf(VersionConflict);

        await expectNothingOfTheStaleCommit();
        expect(await store.lastPosition()).toBe(before);

        const recorded = await store.commit({
          appends: [
            { stream: 'a', expectedVersion: 0, events: [event('a1')] },
            { stream: 'b', expectedVersion: 1, events: [event('b2')] },
          ],
        });
        expect(recorded.map((e) => `${e.stream}@${e.version}`)).toEqual(['a@1', 'b@2']);
      });

      it('stores commits made at the same moment each on its own: the one that conflicts stores nothing, the others all they hold', async () => {
        await store.commit({ appends: [{ stream: 'b', expectedVersion: 0, events: [event('b1')] }] });
        const settled = await Promise.allSettled([
          store.commit({ appends: [{ stream: 'first', expectedVersion: 0, events: [event('first1')] }], schedule: [job('first-job', T0)] }),
          store.commit(staleOnItsSecondStream()),
          store.commit({ appends: [{ stream: 'last', expectedVersion: 0, events: [event('last1')] }], incidents: [incident(2)] }),
          store.nextIncidentId(),
        ]);
        expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
        expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflict);
        await expectNothingOfTheStaleCommit();
        expect((await store.readStream('first')).map((e) => e.type)).toEqual(['first1']);
        expect(await store.getJob('first-job')).toBeDefined();
        expect((await store.readStream('last')).map((e) => e.type)).toEqual(['last1']);
        expect((await store.getIncident(2))?.id).toBe(2);
        expect((settled[3] as PromiseFulfilledResult<number>).value).toBe(1);
      });

      it('reads a stream after a version', async () => {
        await store.commit({ appends: [{ stream: 's', expectedVersion: 0, events: ['1', '2', '3', '4'].map((t) => event(t)) }] });
        expect((await store.readStream('s', 2)).map((e) => e.version)).toEqual([3, 4]);
        expect(await store.readStream('s', 4)).toEqual([]);
      });

      it('reads a stream backwards in pages', async () => {
        await store.commit({ appends: [{ stream: 's', expectedVersion: 0, events: ['1', '2', '3', '4', '5'].map((t) => event(t)) }] });
        expect((await store.readStreamBackwards('s', undefined, 2)).map((e) => e.version)).toEqual([5, 4]);
        expect((await store.readStreamBackwards('s', 4, 2)).map((e) => e.version)).toEqual([3, 2]);
        expect((await store.readStreamBackwards('s', 2, 10)).map((e) => e.version)).toEqual([1]);
        expect(await store.readStreamBackwards('s', 1, 10)).toEqual([]);
      });

      it('reads all streams by position and knows the last position', async () => {
        expect(await store.lastPosition()).toBe(0);
        expect(await store.readAll(0, 10)).toEqual([]);

        const recorded: RecordedEvent[] = [];
        recorded.push(...(await store.commit({ appends: [{ stream: 'a', expectedVersion: 0, events: [event('a1'), event('a2')] }] })));
        recorded.push(...(await store.commit({ appends: [{ stream: 'b', expectedVersion: 0, events: [event('b1')] }] })));
        recorded.push(...(await store.commit({ appends: [{ stream: 'a', expectedVersion: 2, events: [event('a3')] }] })));

        await expect.poll(() => store.readAll(0, 100), { timeout: 15_000 }).toEqual(recorded);
        expect((await store.readAll(recorded[0].position, 2)).map((e) => e.type)).toEqual(['a2', 'b1']);
        expect(await store.readAll(recorded[3].position, 100)).toEqual([]);
        expect(await store.lastPosition()).toBe(recorded[3].position);
      });

      it('lands 50 concurrent commits to one stream exactly once with contiguous versions', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => appendWithRetry(store, 'hot', event('tick', { i }))),
        );

        const events = await store.readStream('hot');
        expect(events.map((e) => e.version)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        expect(new Set(events.map((e) => e.data.i)).size).toBe(50);
        expect(results.flat().map((e) => e.version).sort((x, y) => x - y)).toEqual(events.map((e) => e.version));
        const positions = events.map((e) => e.position);
        expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      });
    });

    describe('jobs', () => {
      it('schedules a job and claims it only when due', async () => {
        await store.commit({ appends: [], schedule: [job('j1', at(60_000), { incident: 1 })] });
        expect(await store.getJob('j1')).toMatchObject({ key: 'j1', kind: 'page', dueAt: at(60_000), payload: { incident: 1 } });

        expect(await store.claimDueJobs(T0, 10, 30_000, 'w1')).toEqual([]);
        const claimed = await store.claimDueJobs(at(60_000), 10, 30_000, 'w1');
        expect(claimed).toHaveLength(1);
        expect(claimed[0]).toMatchObject({ key: 'j1', kind: 'page', dueAt: at(60_000), payload: { incident: 1 }, attempts: 1 });
        expect(claimed[0].leaseToken).toEqual(expect.any(String));
        expect(claimed[0].leaseToken).not.toBe('');
      });

      it('claims at most `limit` jobs, earliest due first', async () => {
        await store.commit({ appends: [], schedule: [job('late', at(3000)), job('early', at(1000)), job('mid', at(2000))] });
        const claimed = await store.claimDueJobs(at(10_000), 2, 30_000, 'w1');
        expect(claimed.map((j) => j.key).sort()).toEqual(['early', 'mid']);
      });

      it('does not claim a leased job again until its lease expires', async () => {
        await store.commit({ appends: [], schedule: [job('j1', T0)] });
        const [first] = await store.claimDueJobs(T0, 10, 30_000, 'w1');
        expect(first).toBeDefined();

        expect(await store.claimDueJobs(at(10_000), 10, 30_000, 'w2')).toEqual([]);
        expect(await store.claimDueJobs(at(30_000), 10, 30_000, 'w2')).toEqual([]);

        const [second] = await store.claimDueJobs(at(31_000), 10, 30_000, 'w2');
        expect(second).toMatchObject({ key: 'j1', attempts: 2 });
        expect(second.leaseToken).not.toBe(first.leaseToken);

        await expect(
          store.commit({ appends: [], finish: { key: 'j1', leaseToken: first.leaseToken } }),
        ).rejects.toBeInstanceOf(LeaseLost);
        await store.commit({ appends: [], finish: { key: 'j1', leaseToken: second.leaseToken } });
        expect(await store.getJob('j1')).toBeUndefined();
      });

      it('finishes a job in the same commit as its events', async () => {
        await store.commit({ appends: [], schedule: [job('j1', T0)] });
        const [leased] = await store.claimDueJobs(T0, 10, 30_000, 'w1');

        const recorded = await store.commit({
          appends: [{ stream: 's', expectedVersion: 0, events: [event('paged')] }],
          finish: { key: 'j1', leaseToken: leased.leaseToken },
        });

        expect(recorded).toHaveLength(1);
        expect(await store.getJob('j1')).toBeUndefined();
        expect(await store.nextDueAt()).toBeUndefined();
      });

      it('throws LeaseLost for a wrong token and rolls back the whole commit', async () => {
        await store.commit({ appends: [], schedule: [job('j1', T0)] });
        const [leased] = await store.claimDueJobs(T0, 10, 30_000, 'w1');
        const before = await store.lastPosition();

        await expect(
          store.commit({
            appends: [{ stream: 's', expectedVersion: 0, events: [event('paged')] }],
            schedule: [job('j2', T0)],
            cancel: ['j1'],
            incidents: [incident(1)],
            finish: { key: 'j1', leaseToken: `${leased.leaseToken}-forged` },
          }),
        ).rejects.toBeInstanceOf(LeaseLost);

        expect(await store.readStream('s')).toEqual([]);
        expect(await store.lastPosition()).toBe(before);
        expect(await store.getJob('j1')).toBeDefined();
        expect(await store.getJob('j2')).toBeUndefined();
        expect(await store.getIncident(1)).toBeUndefined();
        await expect(
          store.commit({ appends: [], finish: { key: 'missing', leaseToken: leased.leaseToken } }),
        ).rejects.toBeInstanceOf(LeaseLost);
      });

      it('moves a job when its key is scheduled again, never doubling it', async () => {
        await store.commit({ appends: [], schedule: [job('j1', at(1000), { v: 1 })] });
        await store.commit({ appends: [], schedule: [job('j1', at(5000), { v: 2 })] });

        expect(await store.getJob('j1')).toMatchObject({ dueAt: at(5000), payload: { v: 2 } });
        expect(await store.nextDueAt()).toBe(at(5000));
        expect(await store.claimDueJobs(at(1000), 10, 30_000, 'w1')).toEqual([]);
        const claimed = await store.claimDueJobs(at(60_000), 10, 30_000, 'w1');
        expect(claimed).toHaveLength(1);
        expect(claimed[0]).toMatchObject({ payload: { v: 2 } });
      });

      it('invalidates a lease when the job is scheduled again, even if the same owner claims it again', async () => {
        await store.commit({ appends: [], schedule: [job('j1', T0)] });
        const [first] = await store.claimDueJobs(T0, 10, 30_000, 'w1');
        await store.commit({ appends: [], schedule: [job('j1', T0)] });
        const [second] = await store.claimDueJobs(T0, 10, 30_000, 'w1');

        expect(second.leaseToken).not.toBe(first.leaseToken);
        await expect(
          store.commit({ appends: [], finish: { key: 'j1', leaseToken: first.leaseToken } }),
        ).rejects.toBeInstanceOf(LeaseLost);
        expect(await store.getJob('j1')).toBeDefined();
      });

      it('cancels jobs', async () => {
        await store.commit({ appends: [], schedule: [job('j1', T0), job('j2', at(1000))] });
        await store.commit({ appends: [], cancel: ['j1', 'unknown'] });
        expect(await store.getJob('j1')).toBeUndefined();
        expect(await store.getJob('j2')).toBeDefined();
      });

      it('retries a job: moves its due time and frees its lease', async () => {
        await store.commit({ appends: [], schedule: [job('j1', T0)] });
        const [leased] = await store.claimDueJobs(T0, 10, 600_000, 'w1');

        await store.retryJob(leased, at(60_000), 'pager timed out');
        expect(await store.getJob('j1')).toMatchObject({ dueAt: at(60_000) });
        expect(await store.nextDueAt()).toBe(at(60_000));
        expect(await store.claimDueJobs(at(30_000), 10, 600_000, 'w2')).toEqual([]);

        const [again] = await store.claimDueJobs(at(60_000), 10, 600_000, 'w2');
        expect(again).toMatchObject({ key: 'j1', attempts: 2 });
        await expect(
          store.commit({ appends: [], finish: { key: 'j1', leaseToken: leased.leaseToken } }),
        ).rejects.toBeInstanceOf(LeaseLost);
      });

      it('ignores a retry from a worker that lost its lease', async () => {
        await store.commit({ appends: [], schedule: [job('j1', T0)] });
        const [first] = await store.claimDueJobs(T0, 10, 1000, 'w1');
        const [second] = await store.claimDueJobs(at(2000), 10, 600_000, 'w2');

        await store.retryJob(first, at(60_000), 'too late');
        expect(await store.getJob('j1')).toMatchObject({ dueAt: T0 });
        expect(await store.claimDueJobs(at(3000), 10, 600_000, 'w3')).toEqual([]);
        await store.commit({ appends: [], finish: { key: 'j1', leaseToken: second.leaseToken } });
      });

      it('knows the next due time', async () => {
        expect(await store.nextDueAt()).toBeUndefined();
        await store.commit({ appends: [], schedule: [job('j1', at(5000)), job('j2', at(2000)), job('j3', at(9000))] });
        expect(await store.nextDueAt()).toBe(at(2000));
        await store.commit({ appends: [], cancel: ['j2'] });
        expect(await store.nextDueAt()).toBe(at(5000));
      });

      it('renews a held lease (a heartbeat) and refuses to renew a lost one', async () => {
        await store.commit({ appends: [], schedule: [job('j1', T0)] });
        const [first] = await store.claimDueJobs(T0, 10, 1000, 'w1');
        expect(await store.renewLease(first, at(900), 1000)).toBe(true);
        // Renewed until 1900: nobody else may claim it at 1500.
        expect(await store.claimDueJobs(at(1500), 10, 1000, 'w2')).toEqual([]);
        const [second] = await store.claimDueJobs(at(2000), 10, 1000, 'w2');
        expect(second.key).toBe('j1');
        expect(await store.renewLease(first, at(2100), 1000)).toBe(false);
        expect(await store.renewLease(second, at(2100), 1000)).toBe(true);
      });

      it('fences a commit by a lease without finishing the job', async () => {
        await store.commit({ appends: [], schedule: [job('j1', T0)] });
        const [first] = await store.claimDueJobs(T0, 10, 1000, 'w1');
        await store.commit({ appends: [{ stream: 's', expectedVersion: 'any', events: [event('attempt')] }], lease: { key: 'j1', leaseToken: first.leaseToken } });
        expect(await store.getJob('j1')).toBeDefined();
        const [second] = await store.claimDueJobs(at(2000), 10, 1000, 'w2');
        await expect(
          store.commit({ appends: [{ stream: 's', expectedVersion: 'any', events: [event('late')] }], lease: { key: 'j1', leaseToken: first.leaseToken } }),
        ).rejects.toBeInstanceOf(LeaseLost);
        expect((await store.readStream('s')).map((e) => e.type)).toEqual(['attempt']);
        await store.commit({ appends: [], lease: { key: 'j1', leaseToken: second.leaseToken } });
      });

      it('parks a job: never claimed again, listed and counted, until it is scheduled again', async () => {
        await store.commit({ appends: [], schedule: [job('j1', T0, { person: 'alice' }), job('j2', T0)] });
        expect(await store.jobStats(at(5000))).toEqual({ due: 2, parked: 0, oldestDueAt: T0 });
        const leased = await store.claimDueJobs(T0, 10, 1000, 'w1');
        const j1 = leased.find((j) => j.key === 'j1')!;
        await store.commit({ appends: [], park: { key: 'j1', leaseToken: j1.leaseToken, error: 'SMTP 451', at: at(100) } });
        const [j2] = await store.claimDueJobs(at(60_000), 10, 1000, 'w2');
        expect(j2.key).toBe('j2');
        await store.commit({ appends: [], finish: { key: 'j2', leaseToken: j2.leaseToken } });
        expect(await store.parkedJobs(10)).toEqual([{ key: 'j1', kind: 'page', dueAt: T0, payload: { person: 'alice' }, attempts: 1, parkedAt: at(100), lastError: 'SMTP 451' }]);
        expect(await store.jobStats(at(60_000))).toMatchObject({ parked: 1 });
        await expect(store.commit({ appends: [], park: { key: 'j1', leaseToken: j1.leaseToken, error: 'again', at: at(200) } })).rejects.toBeInstanceOf(LeaseLost);
        await store.commit({ appends: [], schedule: [job('j1', at(70_000))] });
        expect(await store.parkedJobs(10)).toEqual([]);
        expect(await store.claimDueJobs(at(70_000), 10, 1000, 'w3')).toMatchObject([{ key: 'j1' }]);
      });

      it('never leases one job to two racing claimers', async () => {
        await store.commit({ appends: [], schedule: Array.from({ length: 20 }, (_, i) => job(`j${i}`, at(i))) });

        const batches = await Promise.all(
          Array.from({ length: 8 }, (_, i) => store.claimDueJobs(at(60_000), 5, 30_000, `w${i}`)),
        );
        const keys = batches.flat().map((j) => j.key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys.length).toBeLessThanOrEqual(20);

        const rest = await store.claimDueJobs(at(60_000), 100, 30_000, 'late');
        expect(new Set([...keys, ...rest.map((j) => j.key)]).size).toBe(20);
        expect(keys.length + rest.length).toBe(20);
      });
    });

    describe('incidents', () => {
      it('upserts and reads incident rows', async () => {
        expect(await store.getIncident(1)).toBeUndefined();
        const row = incident(1, { commander: 'bob', private: true, severity: 1 });
        await store.commit({ appends: [{ stream: 'incident-1', expectedVersion: 0, events: [event('declared')] }], incidents: [row] });
        expect(await store.getIncident(1)).toEqual(row);

        const resolved = incident(1, {
          commander: 'bob',
          private: true,
          severity: 1,
          status: 'resolved',
          resolvedAt: at(90_000),
          updatedAt: at(90_000),
          version: 2,
        });
        await store.commit({ appends: [{ stream: 'incident-1', expectedVersion: 1, events: [event('resolved')] }], incidents: [resolved] });
        expect(await store.getIncident(1)).toEqual(resolved);
        expect((await store.getIncident(1))?.commander).toBe('bob');
        expect(await store.getIncident(2)).toBeUndefined();
      });

      it('updates a row in place, commander and version alike, and moves it when its lobby or status changes', async () => {
        await store.commit({ appends: [], incidents: [incident(1, { lobby: 'ops' })] });
        const handedOver = incident(1, { lobby: 'ops', commander: 'carol', title: 'checkout down', version: 2, updatedAt: at(60_000) });
        await store.commit({ appends: [], incidents: [handedOver] });
        expect(await store.getIncident(1)).toEqual(handedOver);
        const moved = incident(1, { lobby: 'payments', commander: 'carol', title: 'checkout down', status: 'resolved', resolvedAt: at(90_000), version: 3 });
        await store.commit({ appends: [], incidents: [moved] });
        expect(await store.getIncident(1)).toEqual(moved);
        expect((await store.listIncidents({ status: 'open' })).map((row) => row.id)).toEqual([]);
        expect((await store.listIncidents({ status: 'resolved' })).map((row) => row.id)).toEqual([1]);
      });

      it('omits absent optional fields', async () => {
        await store.commit({ appends: [], incidents: [incident(1)] });
        const row = await store.getIncident(1);
        expect(row).toEqual(incident(1));
        expect(row?.commander).toBeUndefined();
        expect(row?.resolvedAt).toBeUndefined();
      });

      it('lists incidents newest first, filtered by status and limited', async () => {
        await store.commit({
          appends: [],
          incidents: [
            incident(1, { room: 'r1' }),
            incident(2, { room: 'r2', status: 'resolved', resolvedAt: at(5000) }),
            incident(3, { room: 'r3' }),
            incident(4, { room: 'r4' }),
          ],
        });
        expect((await store.listIncidents({})).map((i) => i.id)).toEqual([4, 3, 2, 1]);
        expect((await store.listIncidents({ status: 'open' })).map((i) => i.id)).toEqual([4, 3, 1]);
        expect((await store.listIncidents({ status: 'resolved' })).map((i) => i.id)).toEqual([2]);
        expect((await store.listIncidents({ status: 'open', limit: 2 })).map((i) => i.id)).toEqual([4, 3]);
      });

      it('lists a lobby’s incidents, by status too, and no other lobby’s', async () => {
        await store.commit({
          appends: [],
          incidents: [
            incident(1, { room: 'inc-1', lobby: 'payments' }),
            incident(2, { room: 'inc-2', lobby: 'search' }),
            incident(3, { room: 'inc-3', lobby: 'payments', status: 'resolved', resolvedAt: at(5000) }),
            incident(4, { room: 'inc-4', lobby: 'payments' }),
          ],
        });
        expect((await store.listIncidents({ lobby: 'payments' })).map((i) => i.id)).toEqual([4, 3, 1]);
        expect((await store.listIncidents({ lobby: 'payments', status: 'open' })).map((i) => i.id)).toEqual([4, 1]);
        expect((await store.listIncidents({ lobby: 'payments', status: 'open', limit: 1 })).map((i) => i.id)).toEqual([4]);
        expect((await store.listIncidents({ lobby: 'search', status: 'resolved' })).map((i) => i.id)).toEqual([]);
        expect((await store.listIncidents({ lobby: 'nowhere' })).map((i) => i.id)).toEqual([]);
      });

      it('keeps several open incidents of one lobby, each in its own room, with the lobby stored', async () => {
        await store.commit({ appends: [], incidents: [incident(1, { room: 'inc-1' }), incident(2, { room: 'inc-2' })] });
        const open = await store.listIncidents({ status: 'open' });
        expect(open.map((row) => [row.id, row.room, row.lobby])).toEqual([
          [2, 'inc-2', 'incident-chat'],
          [1, 'inc-1', 'incident-chat'],
        ]);
      });

      it('hands out strictly increasing incident ids, never twice', async () => {
        const a = await store.nextIncidentId();
        const b = await store.nextIncidentId();
        expect(b).toBeGreaterThan(a);
        const concurrent = await Promise.all(Array.from({ length: 10 }, () => store.nextIncidentId()));
        expect(new Set(concurrent).size).toBe(10);
        expect(Math.min(...concurrent)).toBeGreaterThan(b);
        expect(concurrent.every((id) => Number.isInteger(id))).toBe(true);
      });
    });

    describe('tokens', () => {
      it('saves token hashes and finds their person', async () => {
        await store.saveToken('hash-1', 'alice', T0, 'laptop');
        await store.saveToken('hash-2', 'bob', T0, 'ci');
        expect(await store.personForToken('hash-1', T0)).toBe('alice');
        expect(await store.personForToken('hash-2', T0)).toBe('bob');
        expect(await store.personForToken('unknown', T0)).toBeUndefined();
      });

      it('lists, expires and revokes tokens, recording their last use', async () => {
        const later = new Date(Date.parse(T0) + 3_600_000).toISOString();
        await store.saveToken('aaaaaaaaaaaa-carol', 'carol', T0, 'laptop');
        await store.saveToken('bbbbbbbbbbbb-carol', 'carol', T0, 'ci', later);
        expect(await store.personForToken('bbbbbbbbbbbb-carol', T0)).toBe('carol');
        expect(await store.personForToken('bbbbbbbbbbbb-carol', later)).toBeUndefined();
        expect(await store.listTokens('carol')).toEqual([
          { id: 'aaaaaaaaaaaa', person: 'carol', label: 'laptop', createdAt: T0 },
          { id: 'bbbbbbbbbbbb', person: 'carol', label: 'ci', createdAt: T0, lastUsedAt: T0, expiresAt: later },
        ]);
        expect((await store.listTokens()).map((token) => token.person)).toContain('carol');
        expect(await store.revokeToken('aaaaaaaaaaaa')).toMatchObject({ id: 'aaaaaaaaaaaa', person: 'carol' });
        expect(await store.revokeToken('aaaaaaaaaaaa')).toBeUndefined();
        expect(await store.personForToken('aaaaaaaaaaaa-carol', T0)).toBeUndefined();
      });
    });

    describe('web sessions', () => {
      it('saves, replaces and reads password hashes', async () => {
        expect(await store.passwordHash('alice')).toBeUndefined();
        await store.savePasswordHash('alice', 'scrypt$first', T0);
        await store.savePasswordHash('alice', 'scrypt$second', at(1000));
        await store.savePasswordHash('bob', 'scrypt$bob', T0);
        expect(await store.passwordHash('alice')).toBe('scrypt$second');
        expect(await store.passwordHash('bob')).toBe('scrypt$bob');
      });

      it('saves sessions, finds them by id hash, and deletes one or all of a person', async () => {
        const session = (idHash: string, person: string) => ({ idHash, person, csrfToken: `csrf-${idHash}`, createdAt: T0, expiresAt: at(3_600_000) });
        await store.saveSession(session('s1', 'alice'));
        await store.saveSession(session('s2', 'alice'));
        await store.saveSession(session('s3', 'bob'));
        expect(await store.findSession('s1')).toEqual(session('s1', 'alice'));
        expect(await store.findSession('nope')).toBeUndefined();

        await store.deleteSession('s1');
        expect(await store.findSession('s1')).toBeUndefined();
        expect(await store.findSession('s2')).toBeDefined();

        await store.deleteSessionsOf('alice');
        expect(await store.findSession('s2')).toBeUndefined();
        expect(await store.findSession('s3')).toEqual(session('s3', 'bob'));
      });
    });
  });
}
