import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../ports.js';
import { FoldedStreams } from './folded-streams.js';

/** A stream of numbers whose state is their list; `reads` counts the events handed out. */
function numbers() {
  const events: RecordedEvent[] = [];
  const store = {
    reads: 0,
    append(value: number) {
      events.push({ position: events.length + 1, stream: 's', version: events.length + 1, type: 'n', at: '', actor: '', data: { value } });
    },
    async readStream(_stream: string, after = 0) {
      const newer = events.filter((event) => event.version > after);
      store.reads += newer.length;
      return newer;
    },
  };
  return store;
}

describe('folded streams', () => {
  it('fold only what is new since the last read, and see every later write', async () => {
    const store = numbers();
    const streams = new FoldedStreams<number[]>((state, events) => [...state, ...events.map((event) => event.data.value as number)], () => []);
    store.append(1);
    store.append(2);
    expect(await streams.load(store, 's')).toEqual({ state: [1, 2], version: 2 });
    store.append(3);
    expect(await streams.load(store, 's')).toEqual({ state: [1, 2, 3], version: 3 });
    expect(await streams.load(store, 's')).toEqual({ state: [1, 2, 3], version: 3 });
    expect(store.reads).toBe(3);
  });

  it('give each reader its own copy of a state the fold changes in place', async () => {
    const store = numbers();
    const inPlace = (state: number[], events: readonly RecordedEvent[]) => {
      for (const event of events) state.push(event.data.value as number);
      return state;
    };
    const streams = new FoldedStreams<number[]>(inPlace, () => [], { copy: (state) => [...state] });
    store.append(1);
    const first = await streams.load(store, 's');
    first.state.push(99);
    store.append(2);
    expect((await streams.load(store, 's')).state).toEqual([1, 2]);
  });
});
