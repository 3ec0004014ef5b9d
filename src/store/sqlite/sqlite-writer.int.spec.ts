import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailable, type NewEvent } from '../../ports.js';
import { SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function open(options: ConstructorParameters<typeof SqliteStore>[1] = {}): Promise<{ store: SqliteStore; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'dont-panic-writer-'));
  dirs.push(dir);
  const file = join(dir, 'store.sqlite');
  const store = new SqliteStore(file, { writerThread: true, ...options });
  stores.push(store);
  return { store, file };
}

const note = (text: string): NewEvent => ({ type: 'note.added', at: '2030-01-01T00:00:00.000Z', actor: 'alice', data: { text } });

describe('the SQLite writer thread', () => {
  it('is restarted when it dies: the next commit is stored, and health says why meanwhile', async () => {
    const { store } = await open();
    await store.commit({ appends: [{ stream: 's', expectedVersion: 0, events: [note('before')] }] });
    expect(store.health()).toEqual({ ok: true });

    await store.writerThread!.terminate();
    expect(store.health()).toEqual({ ok: false, reason: 'the SQLite writer thread stopped (exit code 1)' });

    const recorded = await store.commit({ appends: [{ stream: 's', expectedVersion: 1, events: [note('after')] }] });
    expect(recorded.map((event) => event.version)).toEqual([2]);
    expect(store.health()).toEqual({ ok: true });
    expect((await store.readStream('s')).map((event) => event.data.text)).toEqual(['before', 'after']);
  });

  it('fails the commits a dying thread held with StoreUnavailable, never leaving them waiting', async () => {
    const { store } = await open();
    await store.commit({ appends: [{ stream: 's', expectedVersion: 0, events: [note('first')] }] });
    const thread = store.writerThread!;
    const pending = Array.from({ length: 20 }, (_, index) => store.commit({ appends: [{ stream: `p${index}`, expectedVersion: 0, events: [note(String(index))] }] }));
    await thread.terminate();
    const outcomes = await Promise.allSettled(pending);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(StoreUnavailable);
    }
    // Each was one transaction, stored whole or not at all (a failed one may have been stored just before its answer was lost).
    for (const [index, outcome] of outcomes.entries()) {
      const stored = (await store.readStream(`p${index}`)).length;
      if (outcome.status === 'fulfilled') expect(stored).toBe(1);
      else expect(stored).toBeLessThanOrEqual(1);
    }
    await store.commit({ appends: [{ stream: 's', expectedVersion: 1, events: [note('again')] }] });
  });

  it('answers a commit stuck behind another connection’s lock with StoreUnavailable within the time limit, then recovers', async () => {
    const { store, file } = await open({ writer: { commitTimeoutMs: 500 } });
    await store.commit({ appends: [{ stream: 's', expectedVersion: 0, events: [note('first')] }] });
    const other = new Database(file);
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    try {
      await expect(store.commit({ appends: [{ stream: 's', expectedVersion: 1, events: [note('stuck')] }] })).rejects.toBeInstanceOf(StoreUnavailable);
      expect(store.health()).toEqual({ ok: false, reason: 'the SQLite writer did not answer within 500 ms' });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // The thread answers again once the lock is gone (the stuck commit, given up by its caller, is stored or not, whole).
    for (let waited = 0; !store.health().ok && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
    const version = (await store.readStream('s')).length;
    await store.commit({ appends: [{ stream: 's', expectedVersion: version, events: [note('later')] }] });
    expect(store.health()).toEqual({ ok: true });
    expect((await store.readStream('s')).map((event) => event.data.text).at(-1)).toBe('later');
  });
});
