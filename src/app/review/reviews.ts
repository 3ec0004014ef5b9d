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

/** A review refusal's parameters as its reader reads them: states and sections by their names ("Draft", "草稿"; "Root cause", "根本原因"), people by name. */
function reviewRefusalParams(ctx: RenderContext, params: Refusal['params'] = {}): ReturnType<typeof refusalParams> {
  const named: Record<string, NonNullable<Refusal['params']>[string]> = { ...params };
  for (const key of ['status', 'from', 'to'] as const) if (typeof named[key] === 'string') named[key] = t(ctx, `review.status.${named[key]}`);
  const sections = named.sections;
  if (Array.isArray(sections)) named.sections = sections.map((section: string) => t(ctx, `review.section.${section}`));
  return refusalParams(ctx, named);
}

/** A refused review command as the API's error, in the reader's words when `ctx` says who reads it. */
export function reviewRefused(refusal: Refusal, ctx?: RenderContext): AppError {
  return refusalError(refusal, ctx ? reviewRefusalParams(ctx, refusal.params) : { ...refusal.params });
}

/**
 * Decides review commands one after the other, each on the state the ones before it leave, and builds one
 * commit of all their events: stored together or not at all. A refusal of any becomes the API's error with
 * the catalog's message, and nothing is stored.
 */
export function reviewCommit(
  incidentId: number,
  loaded: { state: ReviewState; version: number },
  commands: ReviewCommand | readonly ReviewCommand[],
  ctx?: RenderContext,
): { events: ReviewEvent[]; commit: Omit<Commit, 'finish'> } {
  const events: ReviewEvent[] = [];
  let state = loaded.state;
  for (const command of Array.isArray(commands) ? commands : [commands as ReviewCommand]) {
    const decision = decideReview(state, command);
    if (isRefusal(decision)) throw reviewRefused(decision, ctx);
    events.push(...decision);
    state = decision.reduce(evolveReview, state);
  }
  return {
    events,
    commit: { appends: [{ stream: reviewStream(incidentId), expectedVersion: loaded.version, events: events.map(reviewNewEvent) }] },
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
   * instead of their whole list of action items replacing one saved meanwhile. `build` may give several
   * commands (an edit that also assigns the owner): they are decided together and stored in one commit.
   */
  async apply(
    incidentId: number,
    build: (at: string, state: ReviewState) => ReviewCommand | readonly ReviewCommand[],
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
