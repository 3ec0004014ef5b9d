import type Database from 'better-sqlite3';
import type { JobQueue, JobSpec, JobStats, LeasedJob, ParkedJob } from '../../ports.js';
import { toJob, toParkedJob, type JobRow, type ParkedJobRow } from '../rows.js';
import type { SmallWrite, SmallWrites } from './sqlite-writes.js';
import { perLimit } from './per-limit.js';

/** Runs one of the small writes on the commit connection, flushed like a commit. */
export type RunSmallWrite = <K extends SmallWrite>(name: K, ...args: Parameters<SmallWrites[K]>) => Promise<ReturnType<SmallWrites[K]>>;

/**
 * The job queue: claims, leases and retries are small writes (`prepareSmallWrites`); figures and lookups are
 * reads on the connection it is given (the store's commit connection, whose cache its own commits keep).
 */
export class SqliteJobs implements JobQueue {
  readonly #statements;

  constructor(
    db: Database.Database,
    private readonly small: RunSmallWrite,
  ) {
    this.#statements = {
      anyDue: db.prepare<[string, string], { key: string }>(
        'SELECT key FROM jobs WHERE due_at <= ? AND (lease_until IS NULL OR lease_until < ?) AND parked_at IS NULL LIMIT 1',
      ),
      nextDue: db.prepare<[], { due: string | null }>('SELECT MIN(due_at) AS due FROM jobs WHERE parked_at IS NULL'),
      parked: perLimit<[], ParkedJobRow>(db, (limit) => `SELECT * FROM jobs WHERE parked_at IS NOT NULL ORDER BY parked_at, key LIMIT ${limit}`),
      stats: db.prepare<{ now: string }, { due: number; oldest: string | null; parked: number }>(
        `SELECT COUNT(*) FILTER (WHERE parked_at IS NULL AND due_at <= @now AND (lease_until IS NULL OR lease_until < @now)) AS due,
           MIN(due_at) FILTER (WHERE parked_at IS NULL AND due_at <= @now AND (lease_until IS NULL OR lease_until < @now)) AS oldest,
           COUNT(*) FILTER (WHERE parked_at IS NOT NULL) AS parked
         FROM jobs`,
      ),
      getJob: db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE key = ?'),
    };
  }

  async claimDueJobs(now: string, limit: number, leaseMs: number, owner: string): Promise<LeasedJob[]> {
    // Most polls find nothing due: a read says so without taking the write lock or waiting for a flush.
    if (!this.#statements.anyDue.get(now, now)) return [];
    const leaseUntil = new Date(Date.parse(now) + leaseMs).toISOString();
    return (await this.small('claimDueJobs', owner, leaseUntil, now, limit)).map(toJob);
  }

  async retryJob(job: LeasedJob, dueAt: string, error: string): Promise<void> {
    await this.small('retryJob', dueAt, error.slice(0, 2000), job.key, job.leaseToken);
  }

  async renewLease(job: LeasedJob, now: string, leaseMs: number): Promise<boolean> {
    const until = new Date(Date.parse(now) + leaseMs).toISOString();
    return (await this.small('renewLease', until, job.key, job.leaseToken)) > 0;
  }

  async parkedJobs(limit: number): Promise<ParkedJob[]> {
    return this.#statements.parked(limit).all().map(toParkedJob);
  }

  async jobStats(now: string): Promise<JobStats> {
    const row = this.#statements.stats.get({ now })!;
    return { due: row.due, parked: row.parked, ...(row.oldest ? { oldestDueAt: row.oldest } : {}) };
  }

  async nextDueAt(): Promise<string | undefined> {
    return this.#statements.nextDue.get()?.due ?? undefined;
  }

  async getJob(key: string): Promise<JobSpec | undefined> {
    const row = this.#statements.getJob.get(key);
    return row && toJob(row);
  }
}
