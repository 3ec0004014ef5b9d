import type { Organisation } from '../organisation.js';
/**
 * Every incident has its own room, `inc-<id>`, and each of its sub-teams one
 * more, `inc-<id>-<name>`. Lobbies are the rooms of the configuration.
 */
export const incidentRoomName = (id: number): string => `inc-${id}`;
export const subteamRoomName = (id: number, name: string): string => `inc-${id}-${name.toLowerCase()}`;

export type RoomName = { kind: 'incident'; incidentId: number; subteam?: string } | { kind: 'lobby'; name: string };

/** What a room name points at. Lobby names are whatever the configuration says, so anything else is a lobby name. */
export function parseRoomName(name: string): RoomName {
  const match = /^inc-(\d{1,9})(?:-([a-z][a-z0-9_]{0,31}))?$/.exec(name);
  if (!match) return { kind: 'lobby', name };
  return { kind: 'incident', incidentId: Number(match[1]), ...(match[2] ? { subteam: match[2] } : {}) };
}

/** A short slug of the title for display names (`#inc-7-db-is-down`): ASCII words and CJK characters, at most 40 characters. */
export function titleSlug(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9\u4e00-\u9fff]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** How a room is shown to people: `#inc-7-db-is-down`, `#inc-7-alpha`. */
export function roomDisplayName(room: string, title?: string): string {
  const parsed = parseRoomName(room);
  if (parsed.kind === 'incident' && !parsed.subteam && title) {
    const slug = titleSlug(title);
    return slug ? `#${room}-${slug}` : `#${room}`;
  }
  return `#${room}`;
}

/** Sub-team names offered when none is given, after the runbook's Alpha, Bravo, … */
export const SUBTEAM_NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliett'] as const;

export const isSubteamName = (name: string): boolean => /^[a-z][a-z0-9_]{0,31}$/.test(name.toLowerCase());

/** The language of an incident's room: the lobby's at the time it was declared. */
export function incidentLocale(state: { lobby: string; locale?: string }, organisation: Pick<Organisation, 'rooms' | 'defaultLocale'>): string {
  return state.locale ?? organisation.rooms.get(state.lobby)?.locale ?? organisation.defaultLocale;
}
