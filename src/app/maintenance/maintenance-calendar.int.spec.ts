import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { InProcessFeed } from '../live-feed.js';
import { MAINTENANCE_STREAM, MaintenanceCalendar, toNewMaintenanceEvent } from './maintenance-stream.js';

const window = (id: number) =>
  toNewMaintenanceEvent({
    type: 'maintenance.scheduled',
    at: '2030-01-01T00:00:00.000Z',
    actor: 'alice',
    id,
    components: ['api'],
    from: '2030-01-01T01:00:00.000Z',
    to: '2030-01-01T02:00:00.000Z',
    text: `window ${id}`,
  });

function setUp() {
  const store = new SqliteStore(':memory:');
  const feed = new InProcessFeed();
  let now = Date.parse('2030-01-01T00:00:00.000Z');
  const calendar = new MaintenanceCalendar({ store, feed, clock: { now: () => new Date(now) }, freshForMs: 1000 });
  const store_ = async (id: number, publish: boolean) => {
    const recorded = await store.commit({ appends: [{ stream: MAINTENANCE_STREAM, expectedVersion: id - 1, events: [window(id)] }] });
    if (publish) feed.publish(recorded);
    // The feed delivers on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { calendar, store: store_, later: (ms: number) => (now += ms) };
}

describe('the maintenance calendar', () => {
  it('counts a window this process stored from the next read', async () => {
    const { calendar, store } = setUp();
    expect(await calendar.windows()).toEqual([]);
    await store(1, true);
    expect((await calendar.windows()).map((w) => w.id)).toEqual([1]);
  });

  it('counts one another instance stored (not on this feed) once its windows are older than freshForMs', async () => {
    const { calendar, store, later } = setUp();
    expect(await calendar.windows()).toEqual([]);
    await store(1, false);
    later(500);
    expect(await calendar.windows()).toEqual([]);
    later(500);
    expect((await calendar.windows()).map((w) => w.id)).toEqual([1]);
  });

  it('folds each window once when two reads run at once', async () => {
    const { calendar, store } = setUp();
    await store(1, true);
    const [first, second] = await Promise.all([calendar.windows(), calendar.windows()]);
    expect(first.map((w) => w.id)).toEqual([1]);
    expect(second.map((w) => w.id)).toEqual([1]);
  });
});
