import type { IncidentRow } from '../../ports.js';

/**
 * How rooms meet channels, in one place. Every incident gets its own channel,
 * keyed `inc-<id>`; a lobby's channel is keyed by the lobby's name.
 *
 * Until each incident has its own room in the engine, an incident's lines are
 * kept in the stream of the lobby it was declared in (tagged with its id):
 * they go to the incident's channel when it has one, and commands typed in
 * the incident's channel are handed to the engine in that lobby.
 */
export const incidentChannelKey = (id: number): string => `inc-${id}`;

/**
 * The channel key a line of `room` belongs in: the incident's channel when
 * the line is in the incident's own room (not, say, an executive summary in
 * the executive room) and the channel exists; else the room's own channel.
 */
export function channelKeyForLine(room: string, incident: Pick<IncidentRow, 'id' | 'room'> | undefined, hasChannel: (key: string) => boolean): string {
  if (incident && incident.room === room && hasChannel(incidentChannelKey(incident.id))) return incidentChannelKey(incident.id);
  return room;
}

/** The engine room a line typed in the channel of `key` goes to. */
export function engineRoomFor(key: string, incident: IncidentRow | undefined): string {
  return incident && key === incidentChannelKey(incident.id) ? incident.room : key;
}

/** The incident id behind a channel key, if it is an incident's channel. */
export function incidentOfKey(key: string): number | undefined {
  const match = /^inc-([0-9]+)$/.exec(key);
  return match ? Number(match[1]) : undefined;
}
