import type { JobQueue, JobSpec, JobStats, LeasedJob, ParkedJob } from '../ports.js';

/** A store's job queue, answered by the adapter's own jobs class (`SqliteJobs`, `PostgresJobs`). */
export abstract class StoreJobs implements JobQueue {
  protected abstract get jobs(): JobQueue;

  claimDueJobs(now: string, limit: number, leaseMs: number, owner: string): Promise<LeasedJob[]> {
    return this.jobs.claimDueJobs(now, limit, leaseMs, owner);
  }

  retryJob(job: LeasedJob, dueAt: string, error: string): Promise<void> {
    return this.jobs.retryJob(job, dueAt, error);
  }

  renewLease(job: LeasedJob, now: string, leaseMs: number): Promise<boolean> {
    return this.jobs.renewLease(job, now, leaseMs);
  }

  parkedJobs(limit: number): Promise<ParkedJob[]> {
    return this.jobs.parkedJobs(limit);
  }

  jobStats(now: string): Promise<JobStats> {
    return this.jobs.jobStats(now);
  }

  nextDueAt(): Promise<string | undefined> {
    return this.jobs.nextDueAt();
  }

  getJob(key: string): Promise<JobSpec | undefined> {
    return this.jobs.getJob(key);
  }
}
