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
/** Events the feed told of, folded together when a read needs them or this many wait: one fold per run, not one per event. */
const SETTLE_EVERY = 64;

/** What is kept per store: the folded streams, least recently used first, and the events that follow each. */
interface Held<S> {
  readonly folded: Map<string, Folded<S>>;
  /** Always the versions right after the folded one, in order. */
  readonly pending: Map<string, RecordedEvent[]>;
}

/**
 * Streams folded into their state and kept between reads: a read asks the
 * store only for the events after the version held (usually none), so a long
 * stream is not read and folded again for every command. A read is as fresh
 * as reading the whole stream, whoever wrote to it (another instance too).
 */
export class FoldedStreams<S> {
  readonly #byStore = new WeakMap<object, Held<S>>();
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
    const before = this.#settle(held, stream);
    const { copy } = this.options;
    // Copied before the read: the kept state may be folded on in place while it runs.
    const base = before && copy ? copy(before.state) : before?.state;
    const newer = await store.readStream(stream, before?.version ?? 0);
    if (before && newer.length === 0) {
      if (held.folded.get(stream) === before) this.#keep(held, stream, before);
      return { state: base!, version: before.version };
    }
    const folded: Folded<S> = { state: this.fold(base ?? this.initial(), newer), version: newer.at(-1)?.version ?? before?.version ?? 0 };
    // A slower read that started earlier must not put back an older state.
    const current = held.folded.get(stream);
    if (!current || current.version <= folded.version) {
      this.#keep(held, stream, folded);
      this.#dropPendingUpTo(held, stream, folded.version);
    }
    return copy ? { state: copy(folded.state), version: folded.version } : folded;
  }

  /**
   * Keeps the streams `matches` picks current from the commits `feed` tells
   * of: a stream started here is kept from its first event, and a kept one
   * takes each next event, so the next load asks the store for nothing new
   * rather than reading back (and stalling on) everything a flood wrote. The
   * events wait, and are folded together when a load needs them or
   * `SETTLE_EVERY` of them wait. An event that does not follow the kept
   * version (another instance wrote in between) is left to the next load,
   * which reads the store as always.
   */
  follow(store: object, feed: LiveFeed, matches: (stream: string) => boolean): () => void {
    const held = this.#held(store);
    return feed.subscribe((event) => {
      if (!matches(event.stream)) return;
      const kept = held.folded.get(event.stream);
      const waiting = held.pending.get(event.stream);
      if (event.version !== (kept?.version ?? 0) + (waiting?.length ?? 0) + 1) return;
      if (!kept) this.#keep(held, event.stream, { state: this.initial(), version: 0 });
      if (!waiting) held.pending.set(event.stream, [event]);
      else if (waiting.push(event) >= SETTLE_EVERY) this.#settle(held, event.stream);
    });
  }

  /** The kept stream with the events that wait folded in. The kept state is never handed out (readers get copies), so a fold that updates it in place may. */
  #settle(held: Held<S>, stream: string): Folded<S> | undefined {
    const kept = held.folded.get(stream);
    const waiting = held.pending.get(stream);
    if (!kept || !waiting) return kept;
    held.pending.delete(stream);
    const settled = { state: this.fold(kept.state, waiting), version: waiting.at(-1)!.version };
    this.#keep(held, stream, settled);
    return settled;
  }

  /** A load kept a newer state: the events it already holds no longer wait, and a gap after it drops the rest. */
  #dropPendingUpTo(held: Held<S>, stream: string, version: number): void {
    const waiting = held.pending.get(stream)?.filter((event) => event.version > version);
    if (waiting?.length && waiting[0].version === version + 1) held.pending.set(stream, waiting);
    else held.pending.delete(stream);
  }

  #held(store: object): Held<S> {
    let held = this.#byStore.get(store);
    if (!held) this.#byStore.set(store, (held = { folded: new Map(), pending: new Map() }));
    return held;
  }

  #keep(held: Held<S>, stream: string, folded: Folded<S>): void {
    held.folded.delete(stream);
    held.folded.set(stream, folded);
    if (held.folded.size > this.#max) {
      const oldest = held.folded.keys().next().value!;
      held.folded.delete(oldest);
      held.pending.delete(oldest);
    }
  }
}
