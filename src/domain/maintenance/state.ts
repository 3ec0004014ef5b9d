import type { MaintenanceEvent } from './events.js';
import type { MaintenanceWindow } from './window.js';

export interface MaintenanceState {
  readonly windows: ReadonlyMap<number, MaintenanceWindow & { readonly room?: string }>;
}

export function initialMaintenanceState(): MaintenanceState {
  return { windows: new Map() };
}

export function evolveMaintenance(state: MaintenanceState, event: MaintenanceEvent): MaintenanceState {
  const windows = new Map(state.windows);
  switch (event.type) {
    case 'maintenance.scheduled':
      windows.set(event.id, {
        id: event.id,
        components: event.components,
        from: event.from,
        to: event.to,
        text: event.text,
        by: event.actor,
        scheduledAt: event.at,
        ...(event.key ? { key: event.key } : {}),
        ...(event.room ? { room: event.room } : {}),
      });
      return { windows };
    case 'maintenance.ended': {
      const window = windows.get(event.id);
      if (window) windows.set(event.id, { ...window, endedAt: event.at });
      return { windows };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export function foldMaintenance(events: readonly MaintenanceEvent[], state: MaintenanceState = initialMaintenanceState()): MaintenanceState {
  return events.reduce(evolveMaintenance, state);
}
