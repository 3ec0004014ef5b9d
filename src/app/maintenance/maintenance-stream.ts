import type { MaintenanceEvent } from '../../domain/maintenance/events.js';
import { evolveMaintenance, initialMaintenanceState, type MaintenanceState } from '../../domain/maintenance/state.js';
import type { MaintenanceWindow } from '../../domain/maintenance/window.js';
import type { Clock, EventStore, LiveFeed, NewEvent, RecordedEvent } from '../../ports.js';

/** Every maintenance window lives in one stream: few of them, and one expected version keeps numbering safe. */
export const MAINTENANCE_STREAM = 'maintenances';

export const MAINTENANCE_START = 'maintenance-start';
export const MAINTENANCE_END = 'maintenance-end';
export const MAINTENANCE_NOTICE = 'maintenance-notice';

export const startJobKey = (id: number) => `maintenance-start:${id}`;
export const endJobKey = (id: number) => `maintenance-end:${id}`;

export function toMaintenanceEvent(recorded: RecordedEvent): MaintenanceEvent {
  return { type: recorded.type, at: recorded.at, actor: recorded.actor, ...recorded.data } as MaintenanceEvent;
}

export function toNewMaintenanceEvent(event: MaintenanceEvent): NewEvent {
  const { type, at, actor, ...data } = event;
  return { type, at, actor, data };
}

export async function loadMaintenances(store: Pick<EventStore, 'readStream'>): Promise<{ state: MaintenanceState; version: number }> {
  const events = await store.readStream(MAINTENANCE_STREAM);
  return { state: events.map(toMaintenanceEvent).reduce(evolveMaintenance, initialMaintenanceState()), version: events.at(-1)?.version ?? 0 };
}

export interface CalendarDeps {
  readonly store: Pick<EventStore, 'readStream'>;
  /** This process's commits: a window stored here counts from the next alert batch. */
  readonly feed: LiveFeed;
  readonly clock: Clock;
  /** How stale the windows may be for what other instances store: read again after this long. */
  readonly freshForMs?: number;
}

/**
 * The windows as the alert path reads them: kept in memory, and brought up to
 * date (one read of what is new in the stream) when this process stored a
 * maintenance event, or at most `freshForMs` after the last read for those of
 * other instances. A flood then costs no read per batch.
 */
export class MaintenanceCalendar {
  readonly #deps: CalendarDeps;
  #state = initialMaintenanceState();
  #version = 0;
  #windows: MaintenanceWindow[] = [];
  /** Maintenance events seen on the feed, and how many of them the last read had caught. */
  #changes = 0;
  #caught = -1;
  #readAt = Number.NEGATIVE_INFINITY;

  constructor(deps: CalendarDeps) {
    this.#deps = deps;
    deps.feed.subscribe((event) => {
      if (event.stream === MAINTENANCE_STREAM) this.#changes++;
    });
  }

  async windows(): Promise<readonly MaintenanceWindow[]> {
    const now = this.#deps.clock.now().getTime();
    if (this.#caught === this.#changes && now - this.#readAt < (this.#deps.freshForMs ?? 1000)) return this.#windows;
    const changes = this.#changes;
    const recorded = await this.#deps.store.readStream(MAINTENANCE_STREAM, this.#version);
    for (const event of recorded) {
      // Two reads at once return the same events: each is folded once.
      if (event.version <= this.#version) continue;
      this.#state = evolveMaintenance(this.#state, toMaintenanceEvent(event));
      this.#version = event.version;
    }
    if (recorded.length > 0) this.#windows = [...this.#state.windows.values()];
    this.#caught = changes;
    this.#readAt = now;
    return this.#windows;
  }
}
