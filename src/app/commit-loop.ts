import { VersionConflict, type Commit, type EventStore, type LiveFeed, type RecordedEvent } from '../ports.js';
import { AppError } from './errors.js';

/** What one read-and-decide step wants: a commit to store (or none, for a refusal or a no-op) and the result to return once it is stored. */
export interface Decision<T> {
  readonly commit?: Commit;
  readonly result: T;
}

export interface CommitLoopOptions {
  /** How many times to decide again after a `VersionConflict` before answering 503. */
  readonly maxAttempts?: number;
  /** Called with each conflict, e.g. to drop a cache the step read from. */
  readonly onConflict?: (attempt: number) => void;
}

export const DEFAULT_MAX_ATTEMPTS = 30;

/**
 * The one read-decide-commit loop. `step` reads what it needs and decides;
 * its commit is stored in one transaction and published to the live feed.
 * A `VersionConflict` means another writer moved a stream meanwhile: read and
 * decide again at once (the new read is the wait). Every other error surfaces.
 */
export async function decideAndCommit<T>(
  deps: { store: Pick<EventStore, 'commit'>; feed?: LiveFeed },
  step: (attempt: number) => Promise<Decision<T>>,
  options: CommitLoopOptions = {},
): Promise<{ result: T; recorded: RecordedEvent[] }> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const decision = await step(attempt);
    if (!decision.commit) return { result: decision.result, recorded: [] };
    try {
      const recorded = await deps.store.commit(decision.commit);
      deps.feed?.publish(recorded);
      return { result: decision.result, recorded };
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      options.onConflict?.(attempt);
    }
  }
  throw new AppError('error.busy', 503);
}
