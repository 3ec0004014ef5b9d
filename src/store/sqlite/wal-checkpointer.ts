import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface CheckpointOptions {
  /** The log's length, in pages, past which checkpoints move to their thread: SQLite's own threshold by default. */
  readonly startAtPages?: number;
  /** How long the log may grow after a write before the thread copies it back. */
  readonly intervalMs?: number;
  /** The log's length, in pages, past which the thread makes the writer start it again from the top. */
  readonly restartAtPages?: number;
}

/** How long a RESTART checkpoint waits for the writer's turn and for older readers, holding commits off meanwhile, before it leaves the restart to the next round. */
const RESTART_WAIT_MS = 200;
/** SQLite's own checkpoint threshold, handed back when the thread stops. */
const INLINE_PAGES = 1000;
const WRITTEN = 0;
const STOP = 1;

/**
 * The thread's whole program, run with `eval` so it loads the same way under
 * the compiled server and under the test runner. It sleeps until a flush
 * says the log grew, lets it grow for `intervalMs`, then checkpoints PASSIVE:
 * it copies what it can without waiting for (or blocking) the writer, and
 * syncs the database file before the log may be reused, as SQLite's own
 * checkpoint does. Under a steady flood the writer always adds to the log
 * while it is copied, so it would never start again from the top and would
 * grow without end: once it is `restartAtPages` long, a RESTART checkpoint
 * holds the writer off for the little that is left to copy (the commits
 * wait between attempts, off the event loop), and the next commit starts the
 * log again.
 */
const THREAD = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const flags = new Int32Array(workerData.flags);
const db = new Database(workerData.file);
db.pragma('busy_timeout = ' + workerData.restartWaitMs);
for (;;) {
  Atomics.wait(flags, ${WRITTEN}, 0);
  if (Atomics.load(flags, ${STOP})) break;
  Atomics.wait(flags, ${STOP}, 0, workerData.intervalMs);
  if (Atomics.load(flags, ${STOP})) break;
  Atomics.store(flags, ${WRITTEN}, 0);
  try {
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
    if (log >= workerData.restartAtPages) db.pragma('wal_checkpoint(RESTART)');
  } catch {
    // Another process checkpoints now: the next round copies what is left.
  }
}
db.close();
`;

/**
 * Copies the write-ahead log back into the database file on a thread of its
 * own. SQLite does it inside the commit that fills the log past 1,000 pages,
 * on the event loop, syncing the database file there: under a flood of alerts
 * that stalls every request the loop holds, several times a second. The
 * thread starts only once the log first grows that long, so a quiet server
 * never pays for it; until then, and if the thread ever stops, SQLite
 * checkpoints inline as before.
 */
export class WalCheckpointer {
  readonly #file: string;
  readonly #commits: Database.Database;
  readonly #startAtBytes: number;
  readonly #intervalMs: number;
  readonly #restartAtPages: number;
  readonly #flags = new Int32Array(new SharedArrayBuffer(8));
  #worker: Worker | undefined;
  #exited: Promise<void> | undefined;

  constructor(file: string, commits: Database.Database, options: CheckpointOptions = {}) {
    this.#file = file;
    this.#commits = commits;
    const pageSize = commits.pragma('page_size', { simple: true }) as number;
    const pages = options.startAtPages ?? (commits.pragma('wal_autocheckpoint', { simple: true }) as number);
    this.#startAtBytes = pages * (pageSize + 24);
    this.#intervalMs = options.intervalMs ?? 50;
    this.#restartAtPages = options.restartAtPages ?? 4 * pages;
  }

  /** Whether checkpoints run on the thread now. */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  /** Told the log's size after each flush to disk. */
  written(walBytes: number): void {
    if (this.#worker) {
      if (Atomics.compareExchange(this.#flags, WRITTEN, 0, 1) === 0) Atomics.notify(this.#flags, WRITTEN);
    } else if (walBytes >= this.#startAtBytes && !this.#exited) this.#start();
  }

  #start(): void {
    let worker: Worker;
    try {
      worker = new Worker(THREAD, {
        eval: true,
        workerData: {
          module: createRequire(import.meta.url).resolve('better-sqlite3'),
          file: this.#file,
          flags: this.#flags.buffer,
          intervalMs: this.#intervalMs,
          restartAtPages: this.#restartAtPages,
          restartWaitMs: RESTART_WAIT_MS,
        },
      });
    } catch {
      // No thread to be had (out of memory, say): SQLite keeps checkpointing inline, and nobody asks again.
      this.#exited = Promise.resolve();
      return;
    }
    worker.unref();
    this.#worker = worker;
    this.#commits.pragma('wal_autocheckpoint = 0');
    this.#exited = new Promise((done) => {
      worker.once('error', () => undefined);
      worker.once('exit', () => {
        // Stopped or failed: the commits checkpoint inline again, so the log never grows without end.
        this.#worker = undefined;
        if (this.#commits.open) this.#commits.pragma(`wal_autocheckpoint = ${INLINE_PAGES}`);
        done();
      });
    });
  }

  /** Stops the thread, after the checkpoint it may be running. */
  async close(): Promise<void> {
    Atomics.store(this.#flags, STOP, 1);
    Atomics.store(this.#flags, WRITTEN, 1);
    Atomics.notify(this.#flags, WRITTEN);
    Atomics.notify(this.#flags, STOP);
    await this.#exited;
  }
}
