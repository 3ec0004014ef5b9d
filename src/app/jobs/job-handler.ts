import type { Organisation } from '../../domain/organisation.js';
import type { Commit, LeasedJob, RecordedEvent, Store } from '../../ports.js';
import type { PagingRuntime } from '../paging/paging-runtime.js';
import type { RenderContext } from '../render/context.js';

export interface JobContext {
  store: Store;
  organisation: Organisation;
  renderContext(locale: string): RenderContext;
  /** Present when paging is wired (notifiers, ack links). */
  paging?: PagingRuntime;
}

/** What a run commits with the job's completion. `parkWith` gives up on the job instead (it is kept, listed and counted). */
export type JobEffects = Omit<Commit, 'finish' | 'park' | 'lease'> & { readonly parkWith?: string };

/** One run of a job, as the runner hands it to the handler. */
export interface JobRun {
  /** Aborted when the kind's time limit runs out or the lease is lost: stop, and pass it on to every call out. */
  readonly signal: AbortSignal;
  /** 1 for the first decision; more when a version conflict made the runner decide again at once. */
  readonly decision: number;
  /** Commits now, only while this run still holds the job's lease (e.g. "about to call the provider"). */
  commitUnderLease(commit: Omit<Commit, 'finish' | 'park' | 'lease'>): Promise<RecordedEvent[]>;
}

/**
 * One kind of durable timer. `run` returns what to commit together with the
 * job's completion; throwing means "try again later" (with backoff) until
 * `maxAttempts`, then the job is parked and `parked` says what to tell people.
 */
export interface JobHandler {
  readonly kind: string;
  /** How long one run may take; past it the run is aborted and retried. Default `DEFAULT_TIME_LIMIT_MS`. */
  readonly timeLimitMs?: number;
  /** Runs before the job is parked. Default `DEFAULT_MAX_ATTEMPTS`. */
  readonly maxAttempts?: number;
  /** Wait before attempt `attempts + 1`. */
  backoffMs?(attempts: number): number;
  run(job: LeasedJob, context: JobContext, run: JobRun): Promise<JobEffects>;
  /** What to commit with the parking of a job that kept failing (a line in the incident's room). */
  parked?(job: LeasedJob, error: string, context: JobContext): Promise<Omit<Commit, 'finish' | 'park' | 'lease'>>;
}

export const DEFAULT_TIME_LIMIT_MS = 20_000;
export const DEFAULT_MAX_ATTEMPTS = 8;
