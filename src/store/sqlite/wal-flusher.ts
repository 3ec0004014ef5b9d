import { closeSync, fdatasync, fstatSync, openSync } from 'node:fs';

export type Sync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

/**
 * Flushes the write-ahead log to disk off the event loop, shared by every
 * commit that waits: `flush()` resolves once an fdatasync that began after the
 * call has finished. Commits written while one flush runs wait for the next,
 * so a busy store flushes once per round of commits, not once per commit.
 */
export class WalFlusher {
  readonly #walFile: string;
  readonly #sync: Sync;
  readonly #flushed: ((walBytes: number) => void) | undefined;
  #fd: number | undefined;
  #running = false;
  #waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];

  /** `flushed` is told the log's size after each flush. */
  constructor(walFile: string, sync: Sync = fdatasync, flushed?: (walBytes: number) => void) {
    this.#walFile = walFile;
    this.#sync = sync;
    this.#flushed = flushed;
  }

  flush(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      if (!this.#running) this.#start();
    });
  }

  #start(): void {
    const batch = this.#waiting;
    this.#waiting = [];
    this.#running = true;
    const finish = (error: Error | null) => {
      this.#running = false;
      for (const waiter of batch) error ? waiter.reject(error) : waiter.resolve();
      if (this.#waiting.length > 0) this.#start();
    };
    let fd: number;
    let size: number;
    try {
      ({ fd, size } = this.#open());
    } catch (error) {
      return finish(error as Error);
    }
    this.#sync(fd, (error) => {
      finish(error);
      if (!error) this.#flushed?.(size);
    });
  }

  /** The log's descriptor and size, opened again if SQLite replaced the file (it deletes it when its last connection closes). */
  #open(): { fd: number; size: number } {
    if (this.#fd !== undefined) {
      const { nlink, size } = fstatSync(this.#fd);
      if (nlink > 0) return { fd: this.#fd, size };
      closeSync(this.#fd);
    }
    this.#fd = openSync(this.#walFile, 'r');
    return { fd: this.#fd, size: fstatSync(this.#fd).size };
  }

  /** Waits for the flushes asked for, then lets go of the file. */
  async close(): Promise<void> {
    if (this.#running || this.#waiting.length > 0) await this.flush().catch(() => undefined);
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
