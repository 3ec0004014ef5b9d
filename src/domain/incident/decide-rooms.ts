import { refuse, type Refusal } from '../refusal.js';
import type { Absorb, CloseSubteam, MergeInto, OpenSubteam } from './commands.js';
import type { IncidentEvent } from './events.js';
import { isSubteamName, SUBTEAM_NAMES, subteamRoomName } from './rooms.js';
import type { IncidentState } from './state.js';

type Decision = IncidentEvent[] | Refusal;

/** The IC decides; while nobody holds the role, anyone may. */
export function mayActAsCommander(state: IncidentState, actor: string): boolean {
  return state.roles.commander === undefined || state.roles.commander === actor;
}

export function decideOpenSubteam(state: IncidentState, command: OpenSubteam): Decision {
  const { at, actor, lead } = command;
  if (!mayActAsCommander(state, actor)) return refuse('subteam.only_commander', { commander: state.roles.commander! });
  const taken = new Set(state.subteams.filter((team) => team.open).map((team) => team.name));
  const name = command.name?.toLowerCase() ?? SUBTEAM_NAMES.find((candidate) => !taken.has(candidate));
  if (!name || !isSubteamName(name)) return refuse('subteam.bad_name', { given: command.name ?? '' });
  if (taken.has(name)) return refuse('subteam.exists', { name });
  if (lead === state.roles.commander) return refuse('subteam.commander_cannot_lead', { person: lead });
  return [{ type: 'subteam.opened', at, actor, name, lead, room: subteamRoomName(state.id, name) }];
}

export function decideCloseSubteam(state: IncidentState, command: CloseSubteam): Decision {
  const name = command.name.toLowerCase();
  if (!mayActAsCommander(state, command.actor)) return refuse('subteam.only_commander', { commander: state.roles.commander! });
  if (!state.subteams.some((team) => team.name === name && team.open)) {
    return refuse('subteam.unknown', { name, names: state.subteams.filter((team) => team.open).map((team) => team.name) });
  }
  return [{ type: 'subteam.closed', at: command.at, actor: command.actor, name }];
}

/** Decided on the incident that stays; the engine decides `merge-into` on the other in the same commit. */
export function decideAbsorb(state: IncidentState, command: Absorb): Decision {
  const { at, actor, other } = command;
  if (!mayActAsCommander(state, actor)) return refuse('merge.only_commander', { commander: state.roles.commander! });
  if (!other.exists) return refuse('incident.unknown', { id: other.id });
  if (other.id === state.id) return refuse('merge.itself', { id: other.id });
  if (other.mergedInto !== undefined) return refuse('merge.already_merged', { id: other.id, into: other.mergedInto });
  if (other.status !== 'open') return refuse('merge.resolved', { id: other.id });
  // Merging would show a private incident's title and timeline to everyone in the other's room, or lock the
  // other's responders out of the room they are sent to.
  if (state.private || other.private) return refuse('merge.private', { id: other.id, here: state.id });
  return [{ type: 'incident.absorbed', at, actor, from: other.id, title: other.title }];
}

export function decideMergeInto(state: IncidentState, command: MergeInto): Decision {
  if (state.status !== 'open') return refuse('merge.resolved', { id: state.id });
  return [{ type: 'incident.merged', at: command.at, actor: command.actor, into: command.into }];
}
