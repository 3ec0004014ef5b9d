import type { LiveFeed, RecordedEvent } from '../ports.js';

/** Fan-out within one process. A listener that throws is dropped from nobody else's delivery. */
export class InProcessFeed implements LiveFeed {
  readonly #listeners = new Set<(event: RecordedEvent) => void>();

  publish(events: readonly RecordedEvent[]): void {
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

  subscribe(listener: (event: RecordedEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
