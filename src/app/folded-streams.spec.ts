import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../ports.js';
import { FoldedStreams } from './folded-streams.js';
import { InProcessFeed } from './live-feed.js';

/** A stream of numbers whose state is their list; `reads` counts the events handed out. */
function numbers() {
  const events: RecordedEvent[] = [];
  const store = {
    reads: 0,
    /** Appends one event and returns it, as a commit records it. */
    append(value: number): RecordedEvent {
      const event = { position: events.length + 1, stream: 's', version: events.length + 1, type: 'n', at: '', actor: '', data: { value } };
      events.push(event);
      return event;
    },
    /** When set, a read answers a turn of the event loop after it is taken, as a read on another thread would. */
    slow: false,
    async readStream(_stream: string, after = 0) {
      const newer = events.filter((event) => event.version > after);
      store.reads += newer.length;
      if (store.slow) await new Promise((done) => setImmediate(done));
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

  describe('following a feed', () => {
    const inPlace = (state: number[], events: readonly RecordedEvent[]) => {
      for (const event of events) state.push(event.data.value as number);
      return state;
    };
    const delivered = () => new Promise((done) => setImmediate(done));
    const setUp = () => {
      const store = numbers();
      const feed = new InProcessFeed();
      const streams = new FoldedStreams<number[]>(inPlace, () => [], { copy: (state) => [...state] });
      streams.follow(store, feed, (stream) => stream === 's');
      return { store, feed, streams, commit: (value: number) => feed.publish([store.append(value)]) };
    };

    it('keep a stream written here current from its first event, so a load reads nothing back', async () => {
      const { store, streams, commit } = setUp();
      for (let value = 1; value <= 500; value++) commit(value);
      await delivered();
      const loaded = await streams.load(store, 's');
      expect(loaded.version).toBe(500);
      expect(loaded.state).toHaveLength(500);
      expect(store.reads).toBe(0);
    });

    it('never fold an event twice when a load reads the store while the feed delivers', async () => {
      const { store, streams, commit } = setUp();
      store.slow = true;
      commit(1);
      await delivered();
      commit(2);
      // This load reads event 2 from the store, and the feed folds it into the kept state before the read answers.
      const racing = streams.load(store, 's');
      await delivered();
      commit(3);
      await delivered();
      expect((await racing).state).toEqual([1, 2]);
      expect((await streams.load(store, 's')).state).toEqual([1, 2, 3]);
    });

    it('leave a stream another writer moved to the next load, which reads the store', async () => {
      const { store, feed, streams, commit } = setUp();
      commit(1);
      await delivered();
      store.append(2); // committed elsewhere: this feed never tells of it
      commit(3);
      await delivered();
      expect(await streams.load(store, 's')).toEqual({ state: [1, 2, 3], version: 3 });
      feed.publish([store.append(4)]);
      await delivered();
      const reads = store.reads;
      expect((await streams.load(store, 's')).state).toEqual([1, 2, 3, 4]);
      expect(store.reads).toBe(reads);
    });

    it('ignore the streams it was not asked to follow', async () => {
      const { store, feed, streams } = setUp();
      feed.publish([{ position: 1, stream: 'other', version: 1, type: 'n', at: '', actor: '', data: { value: 7 } }]);
      await delivered();
      expect((await streams.load(store, 'other')).version).toBe(0);
    });
  });
});
