import type Database from 'better-sqlite3';
import { StoreUnavailable } from '../../ports.js';

interface Queued {
  readonly run: () => unknown;
  /** Answered only once the log is on disk; the others as soon as their transaction is. */
  readonly flush: boolean;
  readonly deadline: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

export interface GroupCommitOptions {
  /** How long a write waits for another process's write lock before it fails with `StoreUnavailable`. */
  readonly lockTimeoutMs: number;
  /** Resolves once the log written so far is on disk. */
  readonly flush: () => Promise<void>;
  /** Told when the store stops or starts taking writes again, with the reason. */
  readonly health: (down: string | undefined) => void;
}

const isBusy = (error: unknown) => (error as { code?: string }).code === 'SQLITE_BUSY';

/**
 * The writes made during one turn of the event loop (commits, claims,
 * counters), run in one IMMEDIATE transaction, each inside a savepoint of its
 * own: a write that fails (a version conflict, a lost lease) is rolled back
 * alone and told why, and the others are stored. Every transaction costs its
 * locks and its log frames (two writes to the log per page); twenty
 * responders typing at once share them instead of paying them twenty times.
 *
 * Another process holding the write lock is waited for between attempts,
 * never inside one, so the event loop keeps serving meanwhile; a write still
 * locked out past its time limit fails whole.
 */
export class GroupCommit {
  readonly #options: GroupCommitOptions;
  readonly #transaction: (queued: readonly Queued[]) => Outcome[];
  #queue: Queued[] = [];
  #scheduled = false;
  #pause = 2;
  #closed = false;

  constructor(db: Database.Database, options: GroupCommitOptions) {
    this.#options = options;
    const savepoint = db.transaction((run: () => unknown) => run());
    this.#transaction = db.transaction((queued: readonly Queued[]): Outcome[] => {
      // A write alone needs no savepoint: its failure rolls back the transaction, which holds nothing else.
      if (queued.length === 1) return [{ ok: true, value: queued[0].run() }];
      return queued.map((write): Outcome => {
        try {
          return { ok: true, value: savepoint(write.run) };
        } catch (error) {
          // An error that ended the transaction itself (the disk is full, say) fails every write in it.
          if (!db.inTransaction) throw error;
          return { ok: false, error };
        }
      });
    }).immediate;
  }

  /** Runs `run` in the next group transaction and answers with what it returned, once stored (and on disk, with `flush`). */
  write<T>(run: () => T, flush = true): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreUnavailable('the store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run, flush, deadline: Date.now() + this.#options.lockTimeoutMs, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule(0);
    });
  }

  /** Runs what is queued now; a write still locked out fails, and later ones are refused. */
  close(): void {
    this.#runQueued();
    this.#closed = true;
    for (const write of this.#queue.splice(0)) write.reject(new StoreUnavailable('the store is closed'));
  }

  #schedule(delayMs: number): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const run = () => {
      this.#scheduled = false;
      if (!this.#closed) this.#runQueued();
    };
    if (delayMs === 0) setImmediate(run);
    else setTimeout(run, delayMs);
  }

  #runQueued(): void {
    const queued = this.#queue;
    this.#queue = [];
    if (queued.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.#transaction(queued);
    } catch (error) {
      if (isBusy(error)) return this.#lockedOut(queued, error as Error);
      for (const write of queued) write.reject(error);
      return;
    }
    this.#pause = 2;
    this.#options.health(undefined);
    let flushed: Promise<void> | undefined;
    outcomes.forEach((outcome, index) => {
      const write = queued[index];
      if (!outcome.ok) return write.reject(outcome.error);
      if (!write.flush) return write.resolve(outcome.value);
      (flushed ??= this.#options.flush()).then(() => write.resolve(outcome.value), write.reject);
    });
  }

  /** Another process holds the write lock: the writes past their limit fail, the rest go first in the next attempt. */
  #lockedOut(queued: readonly Queued[], error: Error): void {
    const now = Date.now();
    const waiting = queued.filter((write) => write.deadline > now);
    const expired = queued.filter((write) => write.deadline <= now);
    if (expired.length > 0) {
      const reason = `the database file stayed locked for ${this.#options.lockTimeoutMs} ms: ${error.message}`;
      this.#options.health(reason);
      for (const write of expired) write.reject(new StoreUnavailable(reason));
    }
    this.#queue = [...waiting, ...this.#queue];
    if (this.#queue.length === 0) return;
    this.#schedule(this.#pause);
    this.#pause = Math.min(this.#pause * 2, 100);
  }
}
