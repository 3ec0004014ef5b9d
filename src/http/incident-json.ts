import { roomDisplayName } from '../domain/incident/rooms.js';
import type { IncidentState } from '../domain/incident/state.js';
import { severityLabel } from '../domain/incident/severity.js';
import type { IncidentRow, RecordedEvent } from '../ports.js';

export function incidentSummaryJson(row: IncidentRow) {
  return {
    id: row.id,
    title: row.title,
    severity: `SEV-${row.severity}`,
    status: row.status,
    room: row.room,
    lobby: row.lobby,
    private: row.private,
    commander: row.commander ?? null,
    declaredAt: row.declaredAt,
    resolvedAt: row.resolvedAt ?? null,
    updatedAt: row.updatedAt,
  };
}

export function incidentJson(state: IncidentState, version: number) {
  const { roles } = state;
  return {
    id: state.id,
    title: state.title,
    severity: severityLabel(state.severity),
    status: state.status,
    room: state.room,
    roomDisplay: roomDisplayName(state.room, state.title),
    lobby: state.lobby,
    private: state.private,
    subteams: state.subteams,
    mergedInto: state.mergedInto ?? null,
    merged: state.absorbed,
    declaredAt: state.declaredAt,
    declaredBy: state.declaredBy,
    resolvedAt: state.resolvedAt ?? null,
    roles: {
      commander: roles.commander ?? null,
      deputy: roles.deputy ?? null,
      scribe: roles.scribe ?? null,
      sme: roles.sme,
      customer: roles.customer ?? null,
      internal: roles.internal ?? null,
    },
    stalking: state.stalking,
    invited: state.invited,
    notes: state.notes,
    todos: state.todos,
    tasks: state.tasks,
    pages: state.pages,
    version,
  };
}

export function timelineEventJson(event: RecordedEvent) {
  return { ...event.data, type: event.type, at: event.at, actor: event.actor, version: event.version, position: event.position };
}

export function roomMessageJson(event: RecordedEvent) {
  return {
    position: event.position,
    at: event.at,
    author: event.actor,
    bot: event.type === 'bot.posted',
    text: String(event.data.text ?? ''),
    incidentId: (event.data.incidentId as number | undefined) ?? null,
    kind: (event.data.kind as string | undefined) ?? (event.type === 'bot.posted' ? 'reply' : 'message'),
    ...(event.data.tick ? { tick: event.data.tick as string } : {}),
  };
}
