import { Worker } from 'node:worker_threads';
import { LeaseLost, VersionConflict, type Commit, type RecordedEvent } from '../../ports.js';
import type { WriterAnswer, WriterRequest } from './sqlite-writer-thread.js';
import { recordedFrom } from './sqlite-writes.js';

interface Waiting {
  commit?: Commit;
  resolve(recorded: RecordedEvent[]): void;
  reject(error: Error): void;
}

/**
 * Runs commits on a thread of their own, with its own connection to the file:
 * the JSON encoding, the inserts and the flush to disk no longer stop the
 * event loop, which keeps taking requests meanwhile. Every commit still goes
 * through this one writer, in order, so positions are handed out in commit order.
 */
export class SqliteWriter {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, Waiting>();
  #next = 1;

  constructor(file: string) {
    this.#worker = new Worker(new URL('./sqlite-writer-thread.mjs', import.meta.url), { workerData: { file } });
    this.#worker.on('message', (answer: WriterAnswer) => this.#answer(answer));
    this.#worker.on('error', (error) => this.#failAll(error));
    this.#worker.on('exit', (code) => this.#failAll(new Error(`the SQLite writer thread stopped (exit code ${code})`)));
  }

  commit(commit: Commit): Promise<RecordedEvent[]> {
    return new Promise((resolve, reject) => {
      const id = this.#next++;
      this.#waiting.set(id, { commit, resolve, reject });
      this.#worker.postMessage({ id, commit } satisfies WriterRequest);
    });
  }

  /** Waits for the commits already sent, then closes the thread's connection. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      const id = this.#next++;
      this.#waiting.set(id, { resolve: () => resolve(), reject });
      this.#worker.postMessage({ id, close: true } satisfies WriterRequest);
    });
  }

  #answer(answer: WriterAnswer): void {
    const waiting = this.#waiting.get(answer.id);
    if (!waiting) return;
    this.#waiting.delete(answer.id);
    if ('placed' in answer) {
      waiting.resolve(waiting.commit ? recordedFrom(waiting.commit, answer.placed) : []);
      return;
    }
    const { name, message } = answer.error;
    if (name === 'VersionConflict') waiting.reject(new VersionConflict(message));
    else if (name === 'LeaseLost' && waiting.commit) {
      const fenced = waiting.commit.finish ?? waiting.commit.park ?? waiting.commit.lease;
      waiting.reject(new LeaseLost(fenced?.key ?? ''));
    }
    else waiting.reject(Object.assign(new Error(message), { name }));
  }

  #failAll(error: Error): void {
    for (const waiting of this.#waiting.values()) waiting.reject(error);
    this.#waiting.clear();
  }
}
