import type { Organisation } from '../../domain/organisation.js';
import type { Commit, LeasedJob, Store } from '../../ports.js';
import type { PagingRuntime } from '../paging/paging-runtime.js';
import type { RenderContext } from '../render/context.js';

export interface JobContext {
  store: Store;
  organisation: Organisation;
  renderContext(locale: string): RenderContext;
  /** Present when paging is wired (notifiers, ack links). */
  paging?: PagingRuntime;
}

/**
 * One kind of durable timer. `run` returns what to commit together with the
 * job's completion; throwing means "try again later" (with backoff).
 */
export interface JobHandler {
  readonly kind: string;
  run(job: LeasedJob, context: JobContext): Promise<Omit<Commit, 'finish'>>;
}
