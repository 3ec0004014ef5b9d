import type Database from 'better-sqlite3';
import type { JobQueue, JobSpec, JobStats, LeasedJob, ParkedJob } from '../../ports.js';
import { toJob, toParkedJob, type JobRow, type ParkedJobRow } from '../rows.js';

/** The job queue: claims, leases, retries and figures, each one statement on the store's connection. */
export class SqliteJobs implements JobQueue {
  readonly #statements;

  constructor(db: Database.Database) {
    this.#statements = {
      claimJobs: db.prepare<[string, string, string, string, number], JobRow>(
        `UPDATE jobs SET attempts = attempts + 1, lease_token = ? || ':' || (attempts + 1) || ':' || lower(hex(randomblob(12))), lease_until = ?
         WHERE key IN (SELECT key FROM jobs WHERE due_at <= ? AND (lease_until IS NULL OR lease_until < ?) AND parked_at IS NULL ORDER BY due_at LIMIT ?)
         RETURNING *`,
      ),
      retryJob: db.prepare(
        'UPDATE jobs SET due_at = ?, last_error = ?, lease_token = NULL, lease_until = NULL WHERE key = ? AND lease_token = ?',
      ),
      nextDue: db.prepare<[], { due: string | null }>('SELECT MIN(due_at) AS due FROM jobs WHERE parked_at IS NULL'),
      renewLease: db.prepare('UPDATE jobs SET lease_until = ? WHERE key = ? AND lease_token = ?'),
      parked: db.prepare<[number], ParkedJobRow>('SELECT * FROM jobs WHERE parked_at IS NOT NULL ORDER BY parked_at, key LIMIT ?'),
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
    const leaseUntil = new Date(Date.parse(now) + leaseMs).toISOString();
    return this.#statements.claimJobs.all(owner, leaseUntil, now, now, limit).map(toJob);
  }

  async retryJob(job: LeasedJob, dueAt: string, error: string): Promise<void> {
    this.#statements.retryJob.run(dueAt, error.slice(0, 2000), job.key, job.leaseToken);
  }

  async renewLease(job: LeasedJob, now: string, leaseMs: number): Promise<boolean> {
    const until = new Date(Date.parse(now) + leaseMs).toISOString();
    return this.#statements.renewLease.run(until, job.key, job.leaseToken).changes > 0;
  }

  async parkedJobs(limit: number): Promise<ParkedJob[]> {
    return this.#statements.parked.all(limit).map(toParkedJob);
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
