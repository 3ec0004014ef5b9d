import type { IncidentEvent } from '../domain/incident/events.js';
import type { IncidentState } from '../domain/incident/state.js';
import type { IncidentRow, NewEvent, RecordedEvent } from '../ports.js';

export const incidentStream = (id: number): string => `incident-${id}`;
export const roomStream = (room: string): string => `room-${room}`;

const INCIDENT_STREAM = /^incident-(\d+)$/;

/**
 * The incident whose own stream this is (`incident-7` → 7); undefined for every other stream,
 * `incident-pages-7` (the index of its pages) included.
 */
export function incidentIdOfStream(stream: string): number | undefined {
  const match = INCIDENT_STREAM.exec(stream);
  return match ? Number(match[1]) : undefined;
}

export function isIncidentStream(stream: string): boolean {
  return INCIDENT_STREAM.test(stream);
}

/** Splits a domain event into the store's envelope and JSON data. */
export function toNewEvent(event: IncidentEvent): NewEvent {
  const { type, at, actor, ...data } = event;
  return { type, at, actor, data };
}

export function toIncidentEvent(recorded: RecordedEvent): IncidentEvent {
  return { type: recorded.type, at: recorded.at, actor: recorded.actor, ...recorded.data } as IncidentEvent;
}

export function incidentRow(state: IncidentState, version: number): IncidentRow {
  return {
    id: state.id,
    title: state.title,
    severity: state.severity,
    status: state.status,
    room: state.room,
    lobby: state.lobby,
    private: state.private,
    commander: state.roles.commander,
    declaredAt: state.declaredAt,
    resolvedAt: state.resolvedAt,
    updatedAt: state.lastEventAt,
    version,
  };
}

/** What people said and what the bot answered in a room: the room's own stream. */
export type RoomEvent =
  | { type: 'message.posted'; at: string; actor: string; data: { text: string; incidentId?: number } }
  | { type: 'bot.posted'; at: string; actor: 'dont-panic'; data: { text: string; incidentId?: number; kind?: string } };

export const BOT = 'dont-panic';

export function personLine(at: string, actor: string, text: string, incidentId?: number): NewEvent {
  return { type: 'message.posted', at, actor, data: { text, incidentId } };
}

export function botLine(at: string, text: string, incidentId?: number, kind?: string): NewEvent {
  return { type: 'bot.posted', at, actor: BOT, data: { text, incidentId, kind } };
}
