import { decide } from '../../domain/incident/decide.js';
import type { IncidentCommand } from '../../domain/incident/commands.js';
import type { IncidentEvent } from '../../domain/incident/events.js';
import { fold, type IncidentState } from '../../domain/incident/state.js';
import { isRefusal, type Refusal } from '../../domain/refusal.js';
import type { Commit } from '../../ports.js';
import type { RenderContext } from '../render/context.js';
import { repliesFor } from '../render/replies.js';
import { botLine, incidentRow, incidentStream, roomStream, toNewEvent } from '../streams.js';
import { timersFor } from '../timers.js';

export interface Decided {
  events: IncidentEvent[];
  next: IncidentState;
  commit: Omit<Commit, 'finish'>;
}

/**
 * Decides a command on a loaded incident and builds the commit the engine
 * would: the events at the expected version, the bot's lines in the incident
 * room, the timers they imply and the incident's row. Used where a command
 * comes from a timer or the API rather than a chat line.
 */
export function decideForCommit(
  ctx: RenderContext,
  loaded: { state: IncidentState; version: number },
  command: IncidentCommand,
  extraLines: (next: IncidentState) => string[] = () => [],
): Decided | Refusal {
  const decision = decide(loaded.state, command);
  if (isRefusal(decision)) return decision;
  const next = fold(decision, loaded.state);
  const lines = [...repliesFor(ctx, decision, next), ...extraLines(next)];
  const timers = timersFor(next.id, decision, ctx.organisation.timers);
  return {
    events: decision,
    next,
    commit: {
      appends: [
        { stream: incidentStream(next.id), expectedVersion: loaded.version, events: decision.map(toNewEvent) },
        { stream: roomStream(next.room), expectedVersion: 'any', events: lines.map((line) => botLine(command.at, line, next.id)) },
      ],
      ...timers,
      incidents: [incidentRow(next, loaded.version + decision.length)],
    },
  };
}
