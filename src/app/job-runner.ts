import { randomUUID } from 'node:crypto';
import { LeaseLost, type Clock, type LiveFeed, type Logger, type Store } from '../ports.js';
import type { JobContext, JobHandler } from './jobs/job-handler.js';

export interface JobRunnerOptions {
  pollMs: number;
  leaseMs: number;
  batch: number;
}

const DEFAULTS: JobRunnerOptions = { pollMs: 1000, leaseMs: 30_000, batch: 20 };

function backoffMs(attempts: number): number {
  return Math.min(5 * 60_000, 1000 * 2 ** Math.min(attempts, 12));
}

/**
 * Runs due durable jobs in cycles: claim a batch under a lease, run each
 * handler, commit its effects together with the job's completion. A job whose
 * lease was taken by another instance is dropped quietly: that is the normal
 * case with several instances, not an error.
 */
export class JobRunner {
  readonly #owner = randomUUID();
  readonly #handlers: Map<string, JobHandler>;
  readonly #options: JobRunnerOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;

  constructor(
    private readonly deps: { store: Store; clock: Clock; feed: LiveFeed; log: Logger; context: JobContext },
    handlers: readonly JobHandler[],
    options: Partial<JobRunnerOptions> = {},
  ) {
    this.#handlers = new Map(handlers.map((handler) => [handler.kind, handler]));
    this.#options = { ...DEFAULTS, ...options };
  }

  start(): void {
    this.#stopped = false;
    this.trigger();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** Run a cycle now (or right after the current one). */
  trigger(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#running = this.cycle()
      .then(() => undefined)
      .catch((error) => this.deps.log.error({ err: error }, 'job cycle failed'))
      .finally(() => {
        this.#running = undefined;
        if (this.#stopped) return;
        if (this.#again) {
          this.#again = false;
          this.trigger();
        } else {
          this.#timer = setTimeout(() => this.trigger(), this.#options.pollMs);
        }
      });
  }

  /** One cycle: every due job, batch after batch. Returns when none is due. */
  async cycle(): Promise<number> {
    const { store, clock } = this.deps;
    let ran = 0;
    for (;;) {
      const claimedAt = clock.now().getTime();
      const jobs = await store.claimDueJobs(new Date(claimedAt).toISOString(), this.#options.batch, this.#options.leaseMs, this.#owner);
      if (jobs.length === 0) return ran;
      for (const job of jobs) {
        // Past half its lease, a job may soon be claimed by another worker: starting it now could do its effect twice.
        // Leave the rest of the batch; it is claimed again once the lease runs out.
        if (clock.now().getTime() - claimedAt > this.#options.leaseMs / 2) break;
        await this.#runOne(job);
        ran++;
      }
    }
  }

  async #runOne(job: Parameters<JobHandler['run']>[0]): Promise<void> {
    const { store, clock, feed, log } = this.deps;
    const handler = this.#handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const effects = await handler.run(job, this.deps.context);
      const recorded = await store.commit({ ...effects, finish: { key: job.key, leaseToken: job.leaseToken } });
      feed.publish(recorded);
    } catch (error) {
      if (error instanceof LeaseLost) {
        log.debug({ job: job.key }, 'job lease lost to another worker');
        return;
      }
      const retryAt = new Date(clock.now().getTime() + backoffMs(job.attempts)).toISOString();
      log.warn({ job: job.key, kind: job.kind, attempts: job.attempts, err: error }, 'job failed, will retry');
      await store.retryJob(job, retryAt, String((error as Error)?.message ?? error));
    }
  }
}
