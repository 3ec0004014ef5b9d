import { roomDisplayName } from '../../domain/incident/rooms.js';
import type { IncidentState } from '../../domain/incident/state.js';
import type { NewEvent, StreamAppend } from '../../ports.js';
import { durationLabel, personLabel, t, type RenderContext } from '../render/context.js';
import { botLine, personLine, roomStream } from '../streams.js';
import type { EnteredRoom } from './room-directory.js';

/**
 * Where a command's line and the bot's answers are kept. The conversation
 * belongs to the incident: they always go to the incident's room (or the
 * sub-team room they were typed in). Typed in a lobby, they stay in the lobby
 * too, except for a private incident, which leaves no trace in any lobby.
 */
export function linesFor(room: EnteredRoom, state: IncidentState, lines: readonly NewEvent[]): StreamAppend[] {
  const own = room.kind === 'incident' && room.incidentId === state.id ? room.name : state.room;
  const appends: StreamAppend[] = [{ stream: roomStream(own), expectedVersion: 'any', events: lines }];
  if (room.kind === 'lobby' || (room.kind === 'incident' && room.incidentId !== state.id)) {
    if (!state.private) appends.push({ stream: roomStream(room.name), expectedVersion: 'any', events: lines });
  }
  return appends;
}

/** The person's line and the replies, as room events. */
export function exchange(at: string, author: string, line: string, replies: readonly string[], incidentId: number | undefined): NewEvent[] {
  return [personLine(at, author, line, incidentId), ...replies.map((reply) => botLine(at, reply, incidentId))];
}

/** The one line a lobby gets when an incident opens from it (none for a private incident). */
export function announcement(ctx: RenderContext, state: IncidentState): string {
  return t(ctx, state.private ? 'room.opened_private' : 'room.opened', {
    id: state.id,
    room: roomDisplayName(state.room, state.title),
    severity: state.severity,
    title: state.title,
  });
}

/** A lobby's open incidents, one line each: number, severity, title, IC and age. */
export function openIncidentLines(ctx: RenderContext, incidents: readonly IncidentState[]): string[] {
  return incidents.map((state) =>
    t(ctx, 'room.open_incident', {
      id: state.id,
      room: roomDisplayName(state.room, state.title),
      severity: state.severity,
      title: state.title,
      commander: state.roles.commander ? personLabel(ctx, state.roles.commander) : t(ctx, 'common.nobody'),
      age: durationLabel(ctx, state.declaredAt),
    }),
  );
}
