import { refuse, type Refusal } from '../refusal.js';
import type { MaintenanceCommand } from './commands.js';
import type { MaintenanceEvent } from './events.js';
import type { MaintenanceState } from './state.js';
import { phaseAt } from './window.js';

export const MAX_MAINTENANCE_TEXT = 500;
/** Far enough ahead for any planned work; further is almost always a typo in the year. */
const MAX_AHEAD_MS = 366 * 86_400_000;
const MAX_LENGTH_MS = 14 * 86_400_000;

export function decideMaintenance(state: MaintenanceState, command: MaintenanceCommand): MaintenanceEvent[] | Refusal {
  const { at, actor } = command;
  switch (command.type) {
    case 'schedule-maintenance': {
      if (command.key && [...state.windows.values()].some((window) => window.key === command.key)) return [];
      if (command.components.length === 0) return refuse('maintenance.no_components');
      const from = Date.parse(command.from);
      const to = Date.parse(command.to);
      if (!(to > from)) return refuse('maintenance.ends_before_start', { from: command.from, to: command.to });
      if (to <= Date.parse(at)) return refuse('maintenance.in_past', { to: command.to });
      if (from - Date.parse(at) > MAX_AHEAD_MS) return refuse('maintenance.too_far', { from: command.from });
      if (to - from > MAX_LENGTH_MS) return refuse('maintenance.too_long', { days: MAX_LENGTH_MS / 86_400_000 });
      if (!command.text.trim()) return refuse('maintenance.no_text');
      if (command.text.length > MAX_MAINTENANCE_TEXT) return refuse('maintenance.text_too_long', { max: MAX_MAINTENANCE_TEXT });
      return [
        {
          type: 'maintenance.scheduled',
          at,
          actor,
          id: state.windows.size + 1,
          components: [...new Set(command.components)],
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          text: command.text.trim(),
          ...(command.room ? { room: command.room } : {}),
          ...(command.key ? { key: command.key } : {}),
        },
      ];
    }
    case 'end-maintenance': {
      const window = state.windows.get(command.id);
      if (!window) return refuse('maintenance.unknown', { id: command.id });
      if (phaseAt(window, Date.parse(at)) === 'completed') return refuse('maintenance.already_over', { id: command.id });
      return [{ type: 'maintenance.ended', at, actor, id: command.id }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}
