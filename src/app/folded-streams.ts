import type { EventStore, RecordedEvent } from '../ports.js';

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
    let held = this.#byStore.get(store);
    if (!held) this.#byStore.set(store, (held = new Map()));
    const before = held.get(stream);
    const newer = await store.readStream(stream, before?.version ?? 0);
    const { copy } = this.options;
    const folded: Folded<S> =
      before && newer.length === 0
        ? before
        : { state: this.fold(before ? (copy?.(before.state) ?? before.state) : this.initial(), newer), version: newer.at(-1)?.version ?? before?.version ?? 0 };
    // A slower read that started earlier must not put back an older state.
    const current = held.get(stream);
    if (!current || current.version <= folded.version) {
      held.delete(stream);
      held.set(stream, folded);
      if (held.size > this.#max) held.delete(held.keys().next().value!);
    }
    return copy ? { state: copy(folded.state), version: folded.version } : folded;
  }
}
