import { decideReview, evolveReview, foldReview, type ReviewCommand, type ReviewEvent, type ReviewState } from '../../domain/review/review.js';
import { isRefusal } from '../../domain/refusal.js';
import { decideAndCommit } from '../commit-loop.js';
import { type Clock, type Commit, type LiveFeed, type NewEvent, type RecordedEvent, type Store } from '../../ports.js';
import { AppError } from '../errors.js';

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

/** Decides a review command and builds its commit; a refusal becomes a 409 with the catalog's message. */
export function reviewCommit(incidentId: number, loaded: { state: ReviewState; version: number }, command: ReviewCommand): { events: ReviewEvent[]; commit: Omit<Commit, 'finish'> } {
  const decision = decideReview(loaded.state, command);
  if (isRefusal(decision)) throw new AppError(`refusal.${decision.code}`, decision.code === 'review.none' ? 404 : 409, { ...decision.params });
  return {
    events: decision,
    commit: { appends: [{ stream: reviewStream(incidentId), expectedVersion: loaded.version, events: decision.map(reviewNewEvent) }] },
  };
}

/** Changes to a review from the API: read, decide, commit, and on a conflict read again. */
export class Reviews {
  constructor(private readonly deps: { store: Store; clock: Clock; feed: LiveFeed }) {}

  async get(incidentId: number): Promise<ReviewState> {
    return (await loadReview(this.deps.store, incidentId)).state;
  }

  async apply(incidentId: number, build: (at: string, state: ReviewState) => ReviewCommand): Promise<ReviewState> {
    const { store, clock, feed } = this.deps;
    const { result } = await decideAndCommit({ store, feed }, async () => {
      const loaded = await loadReview(store, incidentId);
      const { events, commit } = reviewCommit(incidentId, loaded, build(clock.now().toISOString(), loaded.state));
      return { commit, result: events.reduce(evolveReview, loaded.state) };
    });
    return result;
  }
}
