import type { LiveFeed, RecordedEvent } from '../ports.js';

/**
 * Fan-out within one process. Publishing only queues: listeners run once per
 * turn of the event loop (`setImmediate`) over everything committed in it, in
 * commit order, so a commit's answer goes out before its listeners (browsers,
 * read models, metrics) do their work. A listener that throws is dropped from
 * nobody else's delivery.
 */
export class InProcessFeed implements LiveFeed {
  readonly #listeners = new Set<(event: RecordedEvent) => void>();
  #queued: RecordedEvent[] = [];

  publish(events: readonly RecordedEvent[]): void {
    if (events.length === 0) return;
    if (this.#queued.length === 0) setImmediate(() => this.#deliver());
    for (const event of events) this.#queued.push(event);
  }

  subscribe(listener: (event: RecordedEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #deliver(): void {
    const events = this.#queued;
    this.#queued = [];
    for (const event of events) {
      for (const listener of this.#listeners) {
        try {
          listener(event);
        } catch {
          // A broken subscriber (a closed browser) must not stop the others.
        }
      }
    }
  }
}
