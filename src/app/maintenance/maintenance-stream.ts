import type { MaintenanceEvent } from '../../domain/maintenance/events.js';
import { evolveMaintenance, initialMaintenanceState, type MaintenanceState } from '../../domain/maintenance/state.js';
import type { MaintenanceWindow } from '../../domain/maintenance/window.js';
import type { EventStore, NewEvent, RecordedEvent } from '../../ports.js';

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

/**
 * The windows as the alert path reads them: kept in memory and brought up to
 * date with one read of what is new in the stream, so a window announced by
 * another instance counts as soon as it is stored.
 */
export class MaintenanceCalendar {
  #state = initialMaintenanceState();
  #version = 0;

  constructor(private readonly store: Pick<EventStore, 'readStream'>) {}

  async windows(): Promise<MaintenanceWindow[]> {
    for (const recorded of await this.store.readStream(MAINTENANCE_STREAM, this.#version)) {
      this.#state = evolveMaintenance(this.#state, toMaintenanceEvent(recorded));
      this.#version = recorded.version;
    }
    return [...this.#state.windows.values()];
  }
}
