import { incidentRoomName, parseRoomName, subteamRoomName } from '../../domain/incident/rooms.js';

/**
 * How rooms meet channels, in one place: every room has its own channel,
 * keyed by the room's name. Lobbies are standing channels (configured or
 * found by name); an incident's room (`inc-<id>`) and each sub-team room
 * (`inc-<id>-<name>`) is a channel the bot creates.
 */
export const channelKeyOfRoom = (room: string): string => room;

/** The room a line typed in the channel of `key` goes to. */
export const roomOfChannelKey = (key: string): string => key;

export const incidentChannelKey = (id: number): string => channelKeyOfRoom(incidentRoomName(id));
export const subteamChannelKey = (id: number, name: string): string => channelKeyOfRoom(subteamRoomName(id, name));

/** The incident behind an incident or sub-team channel key. */
export function incidentOfKey(key: string): number | undefined {
  const parsed = parseRoomName(key);
  return parsed.kind === 'incident' ? parsed.incidentId : undefined;
}

/**
 * Room names in a line (`#inc-7-db-is-down`, `#inc-7-alpha`) as Slack channel
 * links, for the rooms that have a channel: a sub-team's room when one by that
 * name exists, else the incident's.
 */
export function linkRooms(text: string, channelOf: (key: string) => string | undefined): string {
  return text.replace(/#inc-(\d{1,9})((?:-[a-z0-9_\u4e00-\u9fff]+)*)/g, (whole, id: string, rest: string) => {
    const first = /^-([a-z][a-z0-9_]*)/.exec(rest)?.[1];
    const subteam = first ? channelOf(subteamChannelKey(Number(id), first)) : undefined;
    if (subteam && rest === `-${first}`) return `<#${subteam}>`;
    const incident = channelOf(incidentChannelKey(Number(id)));
    return incident ? `<#${incident}>` : whole;
  });
}
