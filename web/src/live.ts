import { useEffect, useRef, useState } from 'react';
import type { RoomMessage, TimelineEvent } from './api.js';

export type LiveItem =
  | { position: number; kind: 'room'; room: string; message: RoomMessage }
  | { position: number; kind: 'incident'; incidentId: number; event: TimelineEvent };

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/**
 * One Server-Sent Events connection for the whole page. Every item has the store's position; an item is
 * handed on once, in order, however often the connection drops: on reconnect the server resumes after
 * the last position seen (the browser's Last-Event-ID, or `?after=` when we reopen it ourselves).
 */
export class LiveConnection {
  #source: EventSource | undefined;
  #last: number | undefined;
  #retry = 1000;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #listeners = new Set<(item: LiveItem) => void>();
  #stateListeners = new Set<(state: LiveState) => void>();
  #ready: Promise<void>;
  #markReady!: () => void;
  state: LiveState = 'connecting';

  constructor() {
    this.#ready = new Promise((resolve) => (this.#markReady = resolve));
    window.addEventListener('online', () => {
      if (this.state !== 'live') this.#reopenSoon(0);
    });
  }

  /** Resolves once the server said where the stream starts: snapshots loaded after this miss nothing. */
  ready(): Promise<void> {
    return this.#ready;
  }

  start(): void {
    if (this.#source) return;
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
      const position = Number(event.lastEventId);
      if (this.#last !== undefined && position <= this.#last) return;
      this.#last = position;
      const item = { ...JSON.parse(event.data), position } as LiveItem;
      for (const listener of this.#listeners) listener(item);
    };
    source.onerror = () => {
      this.#setState('reconnecting');
      // The browser retries by itself after a network error; after an HTTP error it gives up, so we do.
      if (source.readyState === EventSource.CLOSED) this.#reopenSoon(this.#retry);
    };
  }

  #reopenSoon(delay: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#source?.close();
      this.#source = undefined;
      this.#retry = Math.min(this.#retry * 2, 15_000);
      this.start();
    }, delay);
  }

  #setState(state: LiveState): void {
    this.state = state;
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

/** Merges items into a list kept sorted by position, each position once. */
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
