import { useEffect, useRef, useState } from 'react';
import type { RoomMessage, TimelineEvent } from './api.js';

export type LiveItem =
  | { position: number; kind: 'room'; room: string; message: RoomMessage }
  | { position: number; kind: 'incident'; incidentId: number; event: TimelineEvent };

export type LiveState = 'connecting' | 'live' | 'reconnecting';

type Shared =
  | { type: 'item'; item: LiveItem }
  | { type: 'state'; state: LiveState; position?: number }
  | { type: 'ask' };

const CHANNEL = 'dont-panic-live';
/** How many delivered positions are remembered to drop an item given twice (a reconnect, another tab's copy). */
const SEEN_LIMIT = 2000;

/**
 * One Server-Sent Events connection for the whole browser, not one per tab: browsers open at most six
 * connections to a server over HTTP/1.1, so a stream per tab leaves the seventh tab unable to load at all.
 * The tab holding a Web Lock (`dont-panic-live`) keeps the stream and passes every item on to the other
 * tabs over a BroadcastChannel; when it closes, the next tab takes the lock and resumes the stream after
 * the last position it saw. Every item has the store's position and is handed on once, in the server's order,
 * however often the connection drops: on reconnect the server resumes after the last item received (the
 * browser's Last-Event-ID, or `?after=` when we reopen it ourselves), a cursor, not a bound on positions.
 */
export class LiveConnection {
  #source: EventSource | undefined;
  #last: number | undefined;
  /** Positions handed on lately, oldest first (a Set keeps insertion order). */
  readonly #seen = new Set<number>();
  #retry = 1000;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #listeners = new Set<(item: LiveItem) => void>();
  #stateListeners = new Set<(state: LiveState) => void>();
  #ready: Promise<void>;
  #markReady!: () => void;
  #channel: BroadcastChannel | undefined;
  #leader = false;
  #started = false;
  state: LiveState = 'connecting';

  constructor() {
    this.#ready = new Promise((resolve) => (this.#markReady = resolve));
    window.addEventListener('online', () => {
      if (this.#leader && this.state !== 'live') this.#reopenSoon(0);
    });
  }

  /** Resolves once the stream said where it starts: snapshots loaded after this miss nothing. */
  ready(): Promise<void> {
    return this.#ready;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    if (typeof BroadcastChannel === 'undefined' || !navigator.locks) {
      this.#lead();
      return;
    }
    this.#channel = new BroadcastChannel(CHANNEL);
    this.#channel.onmessage = (event: MessageEvent<Shared>) => this.#onShared(event.data);
    this.#channel.postMessage({ type: 'ask' } satisfies Shared);
    // Held until this tab closes; then the next tab waiting for it takes over the stream.
    void navigator.locks.request(CHANNEL, () => {
      this.#lead();
      return new Promise<never>(() => undefined);
    });
  }

  #onShared(message: Shared): void {
    if (message.type === 'ask') {
      if (this.#leader) this.#share({ type: 'state', state: this.state, position: this.#last });
      return;
    }
    if (this.#leader) return;
    if (message.type === 'state') {
      if (message.state === 'live' && message.position !== undefined) {
        this.#last ??= message.position;
        this.#markReady();
      }
      this.#setState(message.state);
    } else this.#deliver(message.item);
  }

  #share(message: Shared): void {
    this.#channel?.postMessage(message);
  }

  #lead(): void {
    this.#leader = true;
    this.#open();
  }

  #open(): void {
    const url = this.#last === undefined ? '/api/v1/live' : `/api/v1/live?after=${this.#last}`;
    const source = new EventSource(url);
    this.#source = source;
    source.addEventListener('hello', (event) => {
      const { position } = JSON.parse((event as MessageEvent<string>).data) as { position: number };
      this.#last ??= position;
      this.#retry = 1000;
      this.#setState('live');
      this.#markReady();
    });
    source.onmessage = (event: MessageEvent<string>) => {
      const item = { ...JSON.parse(event.data), position: Number(event.lastEventId) } as LiveItem;
      if (this.#deliver(item)) this.#share({ type: 'item', item });
    };
    source.onerror = () => {
      this.#setState('reconnecting');
      // The browser retries by itself after a network error; after an HTTP error it gives up, so we do.
      if (source.readyState === EventSource.CLOSED) this.#reopenSoon(this.#retry);
    };
  }

  /**
   * Hands an item on once, in the stream's order; false if it was seen already. Positions of different streams are
   * not in commit order (the server sends in commit order), so an item is known by its position, not by being
   * lower than the last: the last few hundred positions are remembered. `#last` is the cursor to resume after.
   */
  #deliver(item: LiveItem): boolean {
    if (this.#seen.has(item.position)) return false;
    this.#seen.add(item.position);
    if (this.#seen.size > SEEN_LIMIT) this.#seen.delete(this.#seen.values().next().value!);
    this.#last = item.position;
    for (const listener of this.#listeners) listener(item);
    return true;
  }

  #reopenSoon(delay: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#source?.close();
      this.#source = undefined;
      this.#retry = Math.min(this.#retry * 2, 15_000);
      this.#open();
    }, delay);
  }

  #setState(state: LiveState): void {
    this.state = state;
    if (this.#leader) this.#share({ type: 'state', state, position: this.#last });
    for (const listener of this.#stateListeners) listener(state);
  }

  subscribe(listener: (item: LiveItem) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onState(listener: (state: LiveState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }
}

export const live = new LiveConnection();

/** Calls `listener` for every live item while the component is shown. */
export function useLive(listener: (item: LiveItem) => void): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => live.subscribe((item) => ref.current(item)), []);
}

export function useLiveState(): LiveState {
  const [state, setState] = useState(live.state);
  useEffect(() => {
    const unsubscribe = live.onState(setState);
    // The stream may have said hello between this render and the subscription: read the state again.
    setState(live.state);
    return unsubscribe;
  }, []);
  return state;
}

/** Merges items of one stream (a room's lines, an incident's timeline) into a list kept sorted by position, each position once: positions rise within a stream, not across streams. */
export function mergeByPosition<T extends { position: number }>(list: readonly T[], items: readonly T[]): T[] {
  const byPosition = new Map(list.map((item) => [item.position, item]));
  let changed = false;
  for (const item of items) {
    if (!byPosition.has(item.position)) {
      byPosition.set(item.position, item);
      changed = true;
    }
  }
  return changed ? [...byPosition.values()].sort((a, b) => a.position - b.position) : (list as T[]);
}
