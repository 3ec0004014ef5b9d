import type { JobQueue, JobSpec, JobStats, LeasedJob, ParkedJob } from '../../ports.js';
import { toJob, toParkedJob, type JobRow, type ParkedJobRow } from '../rows.js';
import type { SqlClient } from './postgres-writes.js';

/**
 * The job queue: claims, leases, retries and figures, each one statement on the pool.
 * "Is it due" and "has its lease run out" are decided by the database's clock (`database_clock`, see the schema),
 * one clock for every instance: the `now` callers pass is ignored here, so an instance whose clock is off neither
 * claims a job early nor takes a lease another instance still holds. Due times themselves are given by the engine.
 */
export class PostgresJobs implements JobQueue {
  constructor(private readonly pool: SqlClient) {}

  /** Rows another claimer holds are skipped, not waited for; a row freed meanwhile is re-checked against the WHERE. */
  async claimDueJobs(_now: string, limit: number, leaseMs: number, owner: string): Promise<LeasedJob[]> {
    const { rows } = await this.pool.query<JobRow>(
      `WITH clock AS MATERIALIZED (SELECT database_clock(0) AS now, database_clock($3::bigint) AS lease_until),
       due AS MATERIALIZED (
         SELECT key FROM jobs, clock
         WHERE due_at <= clock.now AND (jobs.lease_until IS NULL OR jobs.lease_until < clock.now) AND parked_at IS NULL
         ORDER BY due_at LIMIT $1
         FOR UPDATE OF jobs SKIP LOCKED
       )
       UPDATE jobs SET attempts = jobs.attempts + 1,
         lease_token = $2 || ':' || (jobs.attempts + 1) || ':' || gen_random_uuid(),
         lease_until = (SELECT lease_until FROM clock)
       FROM due WHERE jobs.key = due.key
       RETURNING jobs.*`,
      [limit, owner, leaseMs],
    );
    return rows.map(toJob).sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
  }

  async retryJob(job: LeasedJob, dueAt: string, error: string): Promise<void> {
    await this.pool.query(
      'UPDATE jobs SET due_at = $1, last_error = $2, lease_token = NULL, lease_until = NULL WHERE key = $3 AND lease_token = $4',
      [dueAt, error.slice(0, 2000), job.key, job.leaseToken],
    );
  }

  async renewLease(job: LeasedJob, _now: string, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE jobs SET lease_until = database_clock($1::bigint) WHERE key = $2 AND lease_token = $3', [
      leaseMs,
      job.key,
      job.leaseToken,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async parkedJobs(limit: number): Promise<ParkedJob[]> {
    const { rows } = await this.pool.query<ParkedJobRow>('SELECT * FROM jobs WHERE parked_at IS NOT NULL ORDER BY parked_at, key LIMIT $1', [limit]);
    return rows.map(toParkedJob);
  }

  async jobStats(_now: string): Promise<JobStats> {
    const { rows } = await this.pool.query<{ due: string; oldest: string | null; parked: string }>(
      `WITH clock AS MATERIALIZED (SELECT database_clock(0) AS now),
       waiting AS (SELECT due_at FROM jobs WHERE parked_at IS NULL AND due_at <= (SELECT now FROM clock)
         AND (lease_until IS NULL OR lease_until < (SELECT now FROM clock)))
       SELECT (SELECT COUNT(*) FROM waiting) AS due, (SELECT MIN(due_at) FROM waiting) AS oldest,
         (SELECT COUNT(*) FROM jobs WHERE parked_at IS NOT NULL) AS parked`,
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
