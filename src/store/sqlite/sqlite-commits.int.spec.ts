import Database from 'better-sqlite3';
import { fdatasync, fstatSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailable, type NewEvent } from '../../ports.js';
import { SqliteStore } from './sqlite-store.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import { WalFlusher } from './wal-flusher.js';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dont-panic-commits-'));
  dirs.push(dir);
  return dir;
}

async function open(options: ConstructorParameters<typeof SqliteStore>[1] = {}): Promise<{ store: SqliteStore; file: string }> {
  const file = join(await tempDir(), 'store.sqlite');
  const store = new SqliteStore(file, options);
  stores.push(store);
  return { store, file };
}

const note = (text: string): NewEvent => ({ type: 'note.added', at: '2030-01-01T00:00:00.000Z', actor: 'alice', data: { text } });

function holdWriteLock(file: string): Database.Database {
  const other = new Database(file);
  other.pragma('busy_timeout = 0');
  other.exec('BEGIN IMMEDIATE');
  return other;
}

describe('SQLite commits', () => {
  it('wait for another process’s write lock between attempts, keeping the event loop free, and fail whole past the limit', async () => {
    const { store, file } = await open({ lockTimeoutMs: 400 });
    await store.commit({ appends: [{ stream: 's', expectedVersion: 0, events: [note('first')] }] });
    const other = holdWriteLock(file);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    try {
      await expect(store.commit({ appends: [{ stream: 's', expectedVersion: 1, events: [note('stuck')] }] })).rejects.toBeInstanceOf(StoreUnavailable);
      expect(ticks).toBeGreaterThanOrEqual(5);
      expect(store.health()).toEqual({ ok: false, reason: expect.stringMatching(/^the database file stayed locked for 400 ms/) });
    } finally {
      clearInterval(ticker);
      other.exec('ROLLBACK');
      other.close();
    }
    await store.commit({ appends: [{ stream: 's', expectedVersion: 1, events: [note('later')] }] });
    expect(store.health()).toEqual({ ok: true });
    expect((await store.readStream('s')).map((event) => event.data.text)).toEqual(['first', 'later']);
  });

  it('are stored once the lock is let go within the limit, and so are the small writes queued behind it', async () => {
    const { store, file } = await open({ lockTimeoutMs: 5000 });
    const other = holdWriteLock(file);
    const committed = store.commit({ appends: [{ stream: 's', expectedVersion: 0, events: [note('waited')] }] });
    const counted = store.nextIncidentId();
    await new Promise((resolve) => setTimeout(resolve, 150));
    other.exec('ROLLBACK');
    other.close();
    expect((await committed).map((event) => event.version)).toEqual([1]);
    expect(await counted).toBe(1);
  });
});

describe('SQLite small writes', () => {
  it('answer claims and lease renewals without waiting for the disk, and counters only once flushed', async () => {
    let syncs = 0;
    const { store } = await open({ sync: (fd, done) => (syncs++, fdatasync(fd, done)) });
    await store.commit({ appends: [], schedule: [{ key: 'job-a', kind: 'send', dueAt: '2030-01-01T00:00:00.000Z', payload: {} }] });
    const synced = () => {
      const count = syncs;
      syncs = 0;
      return count;
    };
    synced();
    const [job] = await store.claimDueJobs('2030-01-01T00:00:01.000Z', 1, 30_000, 'worker-1');
    expect(job).toMatchObject({ key: 'job-a', attempts: 1 });
    expect(synced()).toBe(0);
    await store.renewLease(job, '2030-01-01T00:00:02.000Z', 30_000);
    expect(synced()).toBe(0);
    expect(await store.nextIncidentId()).toBe(1);
    expect(synced()).toBe(1);
    await store.commit({ appends: [{ stream: 's', expectedVersion: 0, events: [note('durable')] }] });
    expect(synced()).toBe(1);
  });
});

describe('the write-ahead log flusher', () => {
  /** A flusher over a fresh file whose syncs are recorded and finished by the test. */
  async function recordingFlusher() {
    const file = join(await tempDir(), 'log');
    writeFileSync(file, 'x');
    const calls: { done: (error: NodeJS.ErrnoException | null) => void; inode: number }[] = [];
    const sync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => calls.push({ done, inode: fstatSync(fd).ino });
    return { file, calls, flusher: new WalFlusher(file, sync) };
  }

  it('answers a flush only after a sync that began after it, sharing one sync among those that waited', async () => {
    const { calls, flusher } = await recordingFlusher();
    const settled: string[] = [];
    const first = flusher.flush().then(() => settled.push('first'));
    const second = flusher.flush().then(() => settled.push('second'));
    const third = flusher.flush().then(() => settled.push('third'));
    expect(calls).toHaveLength(1);
    calls[0].done(null);
    await first;
    // The second and third were asked for while the first sync ran: one more sync covers both.
    expect(settled).toEqual(['first']);
    expect(calls).toHaveLength(2);
    calls[1].done(null);
    await Promise.all([second, third]);
    expect(settled).toEqual(['first', 'second', 'third']);
    expect(calls).toHaveLength(2);
  });

  it('fails the flushes of a sync that failed, and only those', async () => {
    const { calls, flusher } = await recordingFlusher();
    const failed = flusher.flush();
    const next = flusher.flush();
    calls[0].done(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await expect(failed).rejects.toThrow('EIO');
    calls[1].done(null);
    await expect(next).resolves.toBeUndefined();
  });

  it('syncs the file that is there now when the old one was deleted and made again', async () => {
    const { file, calls, flusher } = await recordingFlusher();
    const before = flusher.flush();
    calls[0].done(null);
    await before;
    rmSync(file);
    writeFileSync(file, 'y');
    const after = flusher.flush();
    expect(calls[1].inode).toBe(statSync(file).ino);
    calls[1].done(null);
    await after;
    await flusher.close();
  });

  it('flushes a real file with fdatasync', async () => {
    const file = join(await tempDir(), 'log');
    writeFileSync(file, 'x');
    const flusher = new WalFlusher(file, fdatasync);
    await expect(Promise.all([flusher.flush(), flusher.flush()])).resolves.toEqual([undefined, undefined]);
    await flusher.close();
  });
});

describe('checkpoints of the write-ahead log', () => {
  const page = (i: number): NewEvent => note(`${i} ${'x'.repeat(1000)}`);
  const walBytes = (file: string) => statSync(`${file}-wal`).size;

  it('move to a thread of their own once the log grows long, and keep it short while commits go on', async () => {
    const { store, file } = await open({ checkpoints: { startAtPages: 20, intervalMs: 5, restartAtPages: 80 } });
    const threshold = 20 * (4096 + 24);
    let largest = 0;
    for (let i = 0; i < 600; i++) {
      await store.commit({ appends: [{ stream: `s-${i % 7}`, expectedVersion: 'any', events: [page(i), page(i), page(i), page(i)] }] });
      largest = Math.max(largest, walBytes(file));
    }
    // 600 back-to-back commits of 4 KB of events each: a log that is copied back but never started
    // again from the top grows to 18 MB here (measured with no restart); restarted, to 1–3 MB.
    expect(largest).toBeGreaterThanOrEqual(threshold);
    expect(largest).toBeLessThan(6_000_000);
    await store.close();
    stores.splice(stores.indexOf(store), 1);
    const reopened = new SqliteStore(file);
    stores.push(reopened);
    const all = await reopened.readAll(0, 10_000);
    expect(all).toHaveLength(2400);
    expect(all.at(-1)!.data.text).toMatch(/^599 /);
  });

  it('stay inline while the log is short: no thread for a quiet store', async () => {
    const file = join(await tempDir(), 'store.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    const checkpointer = new WalCheckpointer(file, db, { startAtPages: 20 });
    checkpointer.written(19 * (4096 + 24));
    expect(checkpointer.running).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    checkpointer.written(20 * (4096 + 24));
    expect(checkpointer.running).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await checkpointer.close();
    // Stopped, it hands checkpoints back to SQLite, and never starts again.
    expect(checkpointer.running).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    checkpointer.written(100 * (4096 + 24));
    expect(checkpointer.running).toBe(false);
    db.close();
  });
});
