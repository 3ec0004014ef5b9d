import { decideReview, evolveReview, foldReview, type ReviewCommand, type ReviewEvent, type ReviewState } from '../../domain/review/review.js';
import { isRefusal, type Refusal } from '../../domain/refusal.js';
import { decideAndCommit } from '../commit-loop.js';
import { type Clock, type Commit, type LiveFeed, type NewEvent, type RecordedEvent, type Store } from '../../ports.js';
import { AppError } from '../errors.js';
import { refusalError } from '../refusal-status.js';
import { refusalParams, t, type RenderContext } from '../render/context.js';

export const reviewStream = (incidentId: number): string => `review-${incidentId}`;

export function toReviewEvent(recorded: RecordedEvent): ReviewEvent {
  return { type: recorded.type, at: recorded.at, actor: recorded.actor, ...recorded.data } as ReviewEvent;
}

export function reviewNewEvent(event: ReviewEvent): NewEvent {
  const { type, at, actor, ...data } = event;
  return { type, at, actor, data };
}

export async function loadReview(store: Store, incidentId: number): Promise<{ state: ReviewState; version: number }> {
  const recorded = await store.readStream(reviewStream(incidentId));
  return { state: foldReview(recorded.map(toReviewEvent)), version: recorded.at(-1)?.version ?? 0 };
}

/**
 * The status a refused review command answers with, as the other routes map
 * theirs: who may not act gets 403, a review that does not exist 404, and a
 * step the review's state does not allow 409.
 */
/** A review refusal's parameters as its reader reads them: states by their names ("Draft", "草稿"), people by name. */
function reviewRefusalParams(ctx: RenderContext, params: Refusal['params'] = {}): ReturnType<typeof refusalParams> {
  const named: Record<string, NonNullable<Refusal['params']>[string]> = { ...params };
  for (const key of ['status', 'from', 'to'] as const) if (typeof named[key] === 'string') named[key] = t(ctx, `review.status.${named[key]}`);
  return refusalParams(ctx, named);
}

/** A refused review command as the API's error, in the reader's words when `ctx` says who reads it. */
export function reviewRefused(refusal: Refusal, ctx?: RenderContext): AppError {
  return refusalError(refusal, ctx ? reviewRefusalParams(ctx, refusal.params) : { ...refusal.params });
}

/** Decides a review command and builds its commit; a refusal becomes the API's error with the catalog's message. */
export function reviewCommit(
  incidentId: number,
  loaded: { state: ReviewState; version: number },
  command: ReviewCommand,
  ctx?: RenderContext,
): { events: ReviewEvent[]; commit: Omit<Commit, 'finish'> } {
  const decision = decideReview(loaded.state, command);
  if (isRefusal(decision)) throw reviewRefused(decision, ctx);
  return {
    events: decision,
    commit: { appends: [{ stream: reviewStream(incidentId), expectedVersion: loaded.version, events: decision.map(reviewNewEvent) }] },
  };
}

/** Changes to a review from the API: read, decide, commit, and on a conflict read again. */
export class Reviews {
  constructor(private readonly deps: { store: Store; clock: Clock; feed: LiveFeed }) {}

  async get(incidentId: number): Promise<{ state: ReviewState; version: number }> {
    return loadReview(this.deps.store, incidentId);
  }

  /**
   * `ctx`: the reader's language, for the message of a refusal. `expectedVersion`: the version the
   * editor loaded; when the review moved on since, nothing is applied and the editor hears so (409),
   * instead of their whole list of action items replacing one saved meanwhile.
   */
  async apply(
    incidentId: number,
    build: (at: string, state: ReviewState) => ReviewCommand,
    ctx?: RenderContext,
    expectedVersion?: number,
  ): Promise<{ state: ReviewState; version: number }> {
    const { store, clock, feed } = this.deps;
    const { result } = await decideAndCommit({ store, feed }, async () => {
      const loaded = await loadReview(store, incidentId);
      if (expectedVersion !== undefined && loaded.version !== expectedVersion) {
        throw new AppError('error.review_changed', 409, { version: expectedVersion, current: loaded.version });
      }
      const { events, commit } = reviewCommit(incidentId, loaded, build(clock.now().toISOString(), loaded.state), ctx);
      return { commit, result: { state: events.reduce(evolveReview, loaded.state), version: loaded.version + events.length } };
    });
    return result;
  }
}
