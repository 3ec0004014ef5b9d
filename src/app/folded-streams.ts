import type { EventStore, LiveFeed, RecordedEvent } from '../ports.js';

export interface Folded<S> {
  readonly state: S;
  readonly version: number;
}

export interface FoldedStreamsOptions<S> {
  /** How many streams to keep per store; the least recently read go first. */
  readonly max?: number;
  /** For states whose fold updates them in place: every reader gets its own copy, and the kept one is never touched. */
  readonly copy?: (state: S) => S;
}

/**
 * Streams folded into their state and kept between reads: a read asks the
 * store only for the events after the version held (usually none), so a long
 * stream is not read and folded again for every command. A read is as fresh
 * as reading the whole stream, whoever wrote to it (another instance too).
 */
export class FoldedStreams<S> {
  readonly #byStore = new WeakMap<object, Map<string, Folded<S>>>();
  readonly #max: number;

  constructor(
    private readonly fold: (state: S, events: readonly RecordedEvent[]) => S,
    private readonly initial: () => S,
    private readonly options: FoldedStreamsOptions<S> = {},
  ) {
    this.#max = options.max ?? 1000;
  }

  async load(store: Pick<EventStore, 'readStream'>, stream: string): Promise<Folded<S>> {
    const held = this.#held(store);
    const before = held.get(stream);
    const { copy } = this.options;
    // Copied before the read: `follow` may fold the kept state on in place while it runs.
    const base = before && copy ? copy(before.state) : before?.state;
    const newer = await store.readStream(stream, before?.version ?? 0);
    if (before && newer.length === 0) {
      if (held.get(stream) === before) this.#keep(held, stream, before);
      return { state: base!, version: before.version };
    }
    const folded: Folded<S> = { state: this.fold(base ?? this.initial(), newer), version: newer.at(-1)?.version ?? before?.version ?? 0 };
    // A slower read that started earlier must not put back an older state.
    const current = held.get(stream);
    if (!current || current.version <= folded.version) this.#keep(held, stream, folded);
    return copy ? { state: copy(folded.state), version: folded.version } : folded;
  }

  /**
   * Keeps the streams `matches` picks current from the commits `feed` tells
   * of: a stream started here is kept from its first event, and a kept one
   * folds each next event, so the next load asks the store for nothing new
   * rather than reading back (and stalling on) everything a flood wrote. An
   * event that does not follow the kept version (another instance wrote in
   * between) is left to the next load, which reads the store as always.
   */
  follow(store: object, feed: LiveFeed, matches: (stream: string) => boolean): () => void {
    const held = this.#held(store);
    return feed.subscribe((event) => {
      if (!matches(event.stream)) return;
      const kept = held.get(event.stream);
      if (kept ? kept.version !== event.version - 1 : event.version !== 1) return;
      // The kept state is never handed out (readers get copies), so a fold that updates it in place may.
      this.#keep(held, event.stream, { state: this.fold(kept?.state ?? this.initial(), [event]), version: event.version });
    });
  }

  #held(store: object): Map<string, Folded<S>> {
    let held = this.#byStore.get(store);
    if (!held) this.#byStore.set(store, (held = new Map()));
    return held;
  }

  #keep(held: Map<string, Folded<S>>, stream: string, folded: Folded<S>): void {
    held.delete(stream);
    held.set(stream, folded);
    if (held.size > this.#max) held.delete(held.keys().next().value!);
  }
}
