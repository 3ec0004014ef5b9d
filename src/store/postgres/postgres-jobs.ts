import type { JobQueue, JobSpec, JobStats, LeasedJob, ParkedJob } from '../../ports.js';
import { toJob, toParkedJob, type JobRow, type ParkedJobRow } from '../rows.js';
import type { SqlClient } from './postgres-writes.js';

/** The job queue: claims, leases, retries and figures, each one statement on the pool. */
export class PostgresJobs implements JobQueue {
  constructor(private readonly pool: SqlClient) {}

  /** Rows another claimer holds are skipped, not waited for; a row freed meanwhile is re-checked against the WHERE. */
  async claimDueJobs(now: string, limit: number, leaseMs: number, owner: string): Promise<LeasedJob[]> {
    const leaseUntil = new Date(Date.parse(now) + leaseMs).toISOString();
    const { rows } = await this.pool.query<JobRow>(
      `WITH due AS MATERIALIZED (
         SELECT key FROM jobs
         WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until < $1) AND parked_at IS NULL
         ORDER BY due_at LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE jobs SET attempts = jobs.attempts + 1,
         lease_token = $3 || ':' || (jobs.attempts + 1) || ':' || gen_random_uuid(),
         lease_until = $4
       FROM due WHERE jobs.key = due.key
       RETURNING jobs.*`,
      [now, limit, owner, leaseUntil],
    );
    return rows.map(toJob).sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
  }

  async retryJob(job: LeasedJob, dueAt: string, error: string): Promise<void> {
    await this.pool.query(
      'UPDATE jobs SET due_at = $1, last_error = $2, lease_token = NULL, lease_until = NULL WHERE key = $3 AND lease_token = $4',
      [dueAt, error.slice(0, 2000), job.key, job.leaseToken],
    );
  }

  async renewLease(job: LeasedJob, now: string, leaseMs: number): Promise<boolean> {
    const until = new Date(Date.parse(now) + leaseMs).toISOString();
    const { rowCount } = await this.pool.query('UPDATE jobs SET lease_until = $1 WHERE key = $2 AND lease_token = $3', [until, job.key, job.leaseToken]);
    return (rowCount ?? 0) > 0;
  }

  async parkedJobs(limit: number): Promise<ParkedJob[]> {
    const { rows } = await this.pool.query<ParkedJobRow>('SELECT * FROM jobs WHERE parked_at IS NOT NULL ORDER BY parked_at, key LIMIT $1', [limit]);
    return rows.map(toParkedJob);
  }

  async jobStats(now: string): Promise<JobStats> {
    const { rows } = await this.pool.query<{ due: string; oldest: string | null; parked: string }>(
      `SELECT COUNT(*) FILTER (WHERE parked_at IS NULL AND due_at <= $1 AND (lease_until IS NULL OR lease_until < $1)) AS due,
         MIN(due_at) FILTER (WHERE parked_at IS NULL AND due_at <= $1 AND (lease_until IS NULL OR lease_until < $1)) AS oldest,
         COUNT(*) FILTER (WHERE parked_at IS NOT NULL) AS parked
       FROM jobs`,
      [now],
    );
    const row = rows[0];
    return { due: Number(row.due), parked: Number(row.parked), ...(row.oldest ? { oldestDueAt: row.oldest } : {}) };
  }

  async nextDueAt(): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ due: string | null }>('SELECT MIN(due_at) AS due FROM jobs WHERE parked_at IS NULL');
    return rows[0].due ?? undefined;
  }

  async getJob(key: string): Promise<JobSpec | undefined> {
    const { rows } = await this.pool.query<JobRow>('SELECT * FROM jobs WHERE key = $1', [key]);
    return rows[0] && toJob(rows[0]);
  }
}
