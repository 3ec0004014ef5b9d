import { Worker } from 'node:worker_threads';
import { LeaseLost, StoreUnavailable, VersionConflict, type Commit, type RecordedEvent } from '../../ports.js';
import type { WriterAnswer, WriterRequest } from './sqlite-writer-thread.js';
import { recordedFrom, type SmallWrite, type SmallWrites } from './sqlite-writes.js';

interface Waiting {
  commit?: Commit;
  /** A small write (a claim, a lease, a counter): answered with its result. */
  call?: true;
  resolve(answer: never): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

export interface SqliteWriterOptions {
  /** A commit not answered within this fails with `StoreUnavailable`, and the thread is replaced. */
  commitTimeoutMs?: number;
  /** More restarts than this within a minute: give up (the process should exit so its supervisor restarts it). */
  maxRestartsPerMinute?: number;
  onGiveUp?: (reason: string) => void;
}

/**
 * Runs commits on a thread of their own, with its own connection to the file:
 * the JSON encoding, the inserts and the flush to disk no longer stop the
 * event loop, which keeps taking requests meanwhile. Every commit still goes
 * through this one writer, in order, so positions are handed out in commit order.
 *
 * A thread that dies is replaced at once; the commits it held fail with
 * `StoreUnavailable` (each was one transaction: stored whole or not at all),
 * and no commit waits longer than `commitTimeoutMs` for its answer.
 */
export class SqliteWriter {
  readonly #file: string;
  readonly #options: Required<Omit<SqliteWriterOptions, 'onGiveUp'>> & Pick<SqliteWriterOptions, 'onGiveUp'>;
  readonly #waiting = new Map<number, Waiting>();
  readonly #restarts: number[] = [];
  #worker!: Worker;
  #next = 1;
  #closing = false;
  #down: string | undefined;
  #online = false;

  constructor(file: string, options: SqliteWriterOptions = {}) {
    this.#file = file;
    this.#options = { commitTimeoutMs: 15_000, maxRestartsPerMinute: 10, ...options };
    this.#spawn();
  }

  /** Why commits cannot be stored right now, if they cannot. */
  get down(): string | undefined {
    return this.#down;
  }

  /** The thread, for diagnostics (and for tests that kill it). */
  get thread(): Worker {
    return this.#worker;
  }

  commit(commit: Commit): Promise<RecordedEvent[]> {
    if (this.#closing) return Promise.reject(new StoreUnavailable('the store is closing'));
    return new Promise((resolve, reject) => {
      const id = this.#next++;
      const waiting: Waiting = { commit, resolve, reject };
      this.#waiting.set(id, waiting);
      // The clock starts once the thread is ready: starting one (loading the driver, opening the file) is not a commit waiting.
      if (this.#online) this.#arm(id, waiting);
      // As one JSON string: copied across far faster than the structured clone of the same objects.
      this.#worker.postMessage({ id, commit: JSON.stringify(commit) } satisfies WriterRequest);
    });
  }

  /** Runs one of the small writes on the thread, queued with the commits. */
  call<K extends SmallWrite>(name: K, ...args: Parameters<SmallWrites[K]>): Promise<ReturnType<SmallWrites[K]>> {
    if (this.#closing) return Promise.reject(new StoreUnavailable('the store is closing'));
    return new Promise((resolve, reject) => {
      const id = this.#next++;
      const waiting: Waiting = { call: true, resolve: resolve as (answer: never) => void, reject };
      this.#waiting.set(id, waiting);
      if (this.#online) this.#arm(id, waiting);
      this.#worker.postMessage({ id, call: name, args } satisfies WriterRequest);
    });
  }

  #arm(id: number, waiting: Waiting): void {
    waiting.timer = setTimeout(() => {
      if (!this.#waiting.delete(id)) return;
      // The thread may still store it later (one transaction, whole or not at all); the caller hears 503 now.
      // Not terminated: a thread stopped inside a transaction could leave its connection holding the write lock.
      this.#down = `the SQLite writer did not answer within ${this.#options.commitTimeoutMs} ms`;
      waiting.reject(new StoreUnavailable(this.#down));
    }, this.#options.commitTimeoutMs);
  }

  /** Waits for the commits already sent, then closes the thread's connection. */
  close(): Promise<void> {
    if (this.#closing) return Promise.resolve();
    this.#closing = true;
    return new Promise((resolve, reject) => {
      const id = this.#next++;
      this.#waiting.set(id, { resolve: () => resolve(), reject });
      this.#worker.postMessage({ id, close: true } satisfies WriterRequest);
    });
  }

  #spawn(): void {
    // Compiled, the thread's own JavaScript; from the sources, the entry that loads them through tsx.
    const entry = import.meta.url.endsWith('.ts') ? './sqlite-writer-thread.mjs' : './sqlite-writer-thread.js';
    const worker = new Worker(new URL(entry, import.meta.url), { workerData: { file: this.#file } });
    this.#worker = worker;
    worker.on('message', (answer: WriterAnswer) => {
      if (this.#worker !== worker) return;
      if ('ready' in answer) this.#ready();
      else this.#answer(answer);
    });
    // 'error' is followed by 'exit'; the exit handler does the work.
    worker.on('error', (error) => (this.#down = `the SQLite writer thread failed: ${error.message}`));
    worker.on('exit', (code) => this.#exited(worker, code));
    this.#online = false;
  }

  #ready(): void {
    this.#down = undefined;
    this.#online = true;
    for (const [id, waiting] of this.#waiting) if ((waiting.commit || waiting.call) && !waiting.timer) this.#arm(id, waiting);
  }

  #exited(worker: Worker, code: number): void {
    if (worker !== this.#worker) return;
    const reason = this.#down ?? `the SQLite writer thread stopped (exit code ${code})`;
    for (const [id, waiting] of this.#waiting) {
      clearTimeout(waiting.timer);
      this.#waiting.delete(id);
      if (this.#closing && !waiting.commit && !waiting.call) waiting.resolve([] as never);
      else waiting.reject(new StoreUnavailable(reason));
    }
    if (this.#closing) return;
    const now = Date.now();
    this.#restarts.push(now);
    while (this.#restarts.length > 0 && this.#restarts[0] < now - 60_000) this.#restarts.shift();
    if (this.#restarts.length > this.#options.maxRestartsPerMinute) {
      this.#down = `${reason}; restarted ${this.#restarts.length - 1} times within a minute, giving up`;
      this.#options.onGiveUp?.(this.#down);
      this.#closing = true;
      return;
    }
    this.#down = reason;
    this.#spawn();
  }

  #answer(answer: Exclude<WriterAnswer, { ready: true }>): void {
    const busy = 'error' in answer && answer.error.code === 'SQLITE_BUSY';
    this.#down = busy ? `the database file stayed locked: ${answer.error.message}` : undefined;
    const waiting = this.#waiting.get(answer.id);
    if (!waiting) return;
    this.#waiting.delete(answer.id);
    clearTimeout(waiting.timer);
    if ('result' in answer) {
      waiting.resolve(answer.result as never);
      return;
    }
    if ('placed' in answer) {
      waiting.resolve((waiting.commit ? recordedFrom(waiting.commit, answer.placed) : []) as never);
      return;
    }
    const { name, message } = answer.error;
    if (name === 'VersionConflict') waiting.reject(new VersionConflict(message));
    else if (busy) waiting.reject(new StoreUnavailable(this.#down!));
    else if (name === 'LeaseLost' && waiting.commit) {
      const fenced = waiting.commit.finish ?? waiting.commit.park ?? waiting.commit.lease;
      waiting.reject(new LeaseLost(fenced?.key ?? ''));
    } else waiting.reject(Object.assign(new Error(message), { name }));
  }
}
