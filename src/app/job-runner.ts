import { randomUUID } from 'node:crypto';
import { LeaseLost, type Clock, type Commit, type EventStore, type LeasedJob, type LiveFeed, type Logger, type Store } from '../ports.js';
import { decideAndCommit } from './commit-loop.js';
import { parkedNotice } from './jobs/parked-notice.js';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_TIME_LIMIT_MS, type JobContext, type JobHandler, type JobRun } from './jobs/job-handler.js';

export interface JobRunnerOptions {
  pollMs: number;
  leaseMs: number;
  /** Jobs run at once by this instance. */
  concurrency: number;
}

const DEFAULTS: JobRunnerOptions = { pollMs: 1000, leaseMs: 30_000, concurrency: 8 };

/** What the runner saw, for metrics: every run's outcome by kind. */
export type JobOutcome = 'done' | 'retried' | 'parked' | 'lease-lost';

function defaultBackoffMs(attempts: number): number {
  return Math.min(5 * 60_000, 1000 * 2 ** Math.min(attempts, 12));
}

const messageOf = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 500);

class RunAborted extends Error {}

/**
 * Runs due durable jobs, up to `concurrency` at once, each under a lease that
 * a heartbeat renews while its handler runs. A handler's effects commit
 * together with the job's completion, fenced by the lease token: a run whose
 * lease was lost (another instance took the job) cannot commit, and is
 * dropped quietly — that is the normal case with several instances.
 */
export class JobRunner {
  readonly #owner = randomUUID();
  readonly #handlers: Map<string, JobHandler>;
  readonly #options: JobRunnerOptions;
  readonly #active = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires (`Date.now()` time). */
  #timerAt = Number.POSITIVE_INFINITY;
  /** The earliest time a job scheduled here falls due, not looked for yet. */
  #wakeAt = Number.POSITIVE_INFINITY;
  #filling: Promise<void> | undefined;
  #again = false;
  #stopped = true;
  /** Called after each run (metrics). */
  onOutcome: ((kind: string, outcome: JobOutcome) => void) | undefined;

  constructor(
    private readonly deps: { store: Store; clock: Clock; feed: LiveFeed; log: Logger; context: JobContext },
    handlers: readonly JobHandler[],
    options: Partial<JobRunnerOptions> = {},
  ) {
    this.#handlers = new Map(handlers.map((handler) => [handler.kind, handler]));
    this.#options = { ...DEFAULTS, ...options };
  }

  /** The latest run of each job key in this instance, so a key's runs follow one another. */
  readonly #byKey = new Map<string, Promise<void>>();

  /** Jobs running in this instance now. */
  get running(): number {
    return this.#active.size;
  }

  start(): void {
    this.#stopped = false;
    // Lease tokens begin with the owner: this line says which instance holds a job.
    this.deps.log.info({ jobOwner: this.#owner }, 'job runner started');
    this.trigger();
  }

  /** Stops claiming, and waits for the runs under way (each is bounded by its time limit). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#filling;
    await Promise.all([...this.#active]);
  }

  /**
   * Jobs were scheduled, due at `dueAts`: look at once when one is due now,
   * else when the first falls due or at the next poll, whichever comes first.
   * A flood of commands that only move future timers then costs no claims.
   */
  scheduled(dueAts: readonly string[]): void {
    if (this.#stopped || dueAts.length === 0) return;
    const now = this.deps.clock.now().getTime();
    const waits = dueAts.map((at) => Date.parse(at) - now);
    // The first one due later is remembered even when another is due now: the look now will not find it.
    const later = Math.min(...waits.filter((wait) => wait > 0));
    if (later !== Number.POSITIVE_INFINITY) this.#wakeAt = Math.min(this.#wakeAt, Date.now() + later);
    if (waits.some((wait) => !(wait > 0))) this.trigger();
    else if (!this.#filling && this.#wakeAt < this.#timerAt) this.#arm();
  }

  /** Look for due jobs now (or right after the current look). */
  trigger(): void {
    if (this.#stopped) return;
    if (this.#filling) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#timerAt = Number.POSITIVE_INFINITY;
    // This look claims every job due now, those woken for included.
    if (this.#wakeAt <= Date.now()) this.#wakeAt = Number.POSITIVE_INFINITY;
    this.#filling = this.#fill()
      .then(() => undefined)
      .catch((error) => this.deps.log.error({ err: error }, 'claiming due jobs failed'))
      .finally(() => {
        this.#filling = undefined;
        if (this.#stopped) return;
        if (this.#again) {
          this.#again = false;
          this.trigger();
        } else {
          this.#arm();
        }
      });
  }

  /** The next look: at the next poll, or sooner when a job scheduled here falls due before it. */
  #arm(): void {
    clearTimeout(this.#timer);
    const delay = Math.max(0, Math.min(this.#options.pollMs, this.#wakeAt - Date.now()));
    this.#timerAt = Date.now() + delay;
    this.#timer = setTimeout(() => this.trigger(), delay);
  }

  /** Runs every job due now, `concurrency` at a time, and returns how many ran (for tests and tools). */
  async cycle(): Promise<number> {
    let ran = 0;
    for (;;) {
      const started = await this.#fill();
      ran += started;
      if (started === 0 && this.#active.size === 0) return ran;
      if (this.#active.size > 0) await Promise.race([...this.#active]);
    }
  }

  /** Claims as many due jobs as there are free slots and starts them; each finished run frees its slot and looks again. */
  async #fill(): Promise<number> {
    const free = this.#options.concurrency - this.#active.size;
    if (free <= 0) return 0;
    const now = this.deps.clock.now().toISOString();
    const jobs = await this.deps.store.claimDueJobs(now, free, this.#options.leaseMs, this.#owner);
    for (const job of jobs) {
      // Rescheduling a job while it runs (new posts for a Slack queue, a moved timer) makes it due again at once:
      // here it waits for the run under way, so one key never runs twice at the same time in this instance.
      const before = this.#byKey.get(job.key);
      const run: Promise<void> = (before ? before.then(() => this.#runOne(job)) : this.#runOne(job))
        .catch((error) => this.deps.log.error({ job: job.key, err: error }, 'job run failed'))
        .finally(() => {
          this.#active.delete(run);
          if (this.#byKey.get(job.key) === run) this.#byKey.delete(job.key);
          this.trigger();
        });
      this.#byKey.set(job.key, run);
      this.#active.add(run);
    }
    // A full batch means more may be due: look again as soon as a slot frees up.
    if (jobs.length === free) this.#again = true;
    return jobs.length;
  }

  async #runOne(job: LeasedJob): Promise<void> {
    const { store, clock, feed, log, context } = this.deps;
    const handler = this.#handlers.get(job.kind);
    if (!handler) {
      // An unknown kind (an older or newer version's job, a typo) can never succeed here: park it for a person to look at.
      await this.#park(job, undefined, `no handler for job kind ${job.kind}`);
      return;
    }
    const controller = new AbortController();
    let leaseLost = false;
    const limit = setTimeout(() => controller.abort(new RunAborted(`took longer than ${handler.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS} ms`)), handler.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
    const heartbeat = setInterval(() => {
      store.renewLease(job, clock.now().toISOString(), this.#options.leaseMs).then(
        (held) => {
          if (held) return;
          leaseLost = true;
          controller.abort(new LeaseLost(job.key));
        },
        (error) => log.warn({ job: job.key, err: error }, 'could not renew a job lease; retrying at the next beat'),
      );
    }, Math.max(50, Math.floor(this.#options.leaseMs / 3)));
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    aborted.catch(() => undefined);
    const lease = { key: job.key, leaseToken: job.leaseToken };
    const run = (decision: number): JobRun => ({
      signal: controller.signal,
      decision,
      commitUnderLease: async (commit) => {
        const recorded = await store.commit({ ...commit, lease });
        feed.publish(recorded);
        return recorded;
      },
    });
    try {
      await decideAndCommit({ store, feed }, async (decision) => {
        const { parkWith: park, ...effects } = await Promise.race([handler.run(job, context, run(decision)), aborted]);
        const commit: Commit = park ? { ...effects, park: { ...lease, error: park, at: clock.now().toISOString() } } : { ...effects, finish: lease };
        return { commit, result: park ? 'parked' : 'done' };
      }).then(({ result }) => this.onOutcome?.(job.kind, result as JobOutcome));
    } catch (error) {
      if (error instanceof LeaseLost || leaseLost) {
        log.debug({ job: job.key }, 'job lease lost to another worker');
        this.onOutcome?.(job.kind, 'lease-lost');
        return;
      }
      const message = messageOf(error);
      if (job.attempts >= (handler.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
        await this.#park(job, handler, message);
        return;
      }
      const retryAt = new Date(clock.now().getTime() + (handler.backoffMs ?? defaultBackoffMs)(job.attempts)).toISOString();
      log.warn({ job: job.key, kind: job.kind, attempts: job.attempts, err: message }, 'job failed, will retry');
      await store.retryJob(job, retryAt, message);
      this.onOutcome?.(job.kind, 'retried');
    } finally {
      clearTimeout(limit);
      clearInterval(heartbeat);
    }
  }

  async #park(job: LeasedJob, handler: JobHandler | undefined, error: string): Promise<void> {
    const { store, clock, feed, log, context } = this.deps;
    log.warn({ job: job.key, kind: job.kind, attempts: job.attempts, err: error }, 'job parked after its last attempt');
    let notice: Omit<Commit, 'finish' | 'park' | 'lease'> = { appends: [] };
    try {
      notice = handler?.parked ? await handler.parked(job, error, context) : await parkedNotice(job, error, context);
    } catch (noticeError) {
      log.error({ job: job.key, err: noticeError }, 'could not word the notice of a parked job');
    }
    try {
      feed.publish(await store.commit({ ...notice, park: { key: job.key, leaseToken: job.leaseToken, error, at: clock.now().toISOString() } }));
      this.onOutcome?.(job.kind, 'parked');
    } catch (parkError) {
      if (!(parkError instanceof LeaseLost)) throw parkError;
    }
  }
}

/**
 * Tells the runner of every job a commit through `store` scheduled, whoever
 * committed it (a command, an alert, a job's own run), so it looks for each
 * when it falls due rather than at its next poll (done once, at the
 * composition root).
 */
export function wakeOnSchedule(store: Pick<EventStore, 'commit'>, runner: () => JobRunner | undefined): void {
  const commit = store.commit.bind(store);
  store.commit = async (work) => {
    const recorded = await commit(work);
    if (work.schedule && work.schedule.length > 0) runner()?.scheduled(work.schedule.map((job) => job.dueAt));
    return recorded;
  };
}
