import { refuse, type Refusal } from '../refusal.js';
import type { AssignRole, ChangeSeverity, HandOver, Invite, NameProxy, RemoveRole, TakeCommand } from './commands.js';
import type { IncidentEvent } from './events.js';
import { mayActAsCommander } from './decide-rooms.js';
import { ASSIGNABLE_ROLES, type Role } from './roles.js';
import type { IncidentState } from './state.js';

type Decision = IncidentEvent[] | Refusal;

/** Lowering severity is the IC's call, or the deputy's, who watches severity for them. */
export function mayLowerSeverity(state: IncidentState, actor: string): boolean {
  return mayActAsCommander(state, actor) || state.roles.deputy === actor;
}

/** Every role a person holds in the incident, the IC first. */
export function rolesOf(state: Pick<IncidentState, 'roles'>, person: string): Role[] {
  const held: Role[] = state.roles.commander === person ? ['commander'] : [];
  for (const role of ASSIGNABLE_ROLES) {
    if (role === 'sme' ? state.roles.sme.includes(person) : state.roles[role] === person) held.push(role);
  }
  return held;
}

/**
 * `!ic take` while nobody leads; a sitting IC is replaced only by their own
 * handover, or by `!ic take force <reason>`, which is recorded with its reason
 * and pages the previous IC so they learn of it wherever they are.
 */
export function decideTakeCommand(state: IncidentState, { at, actor, force }: TakeCommand): Decision {
  const sitting = state.roles.commander;
  if (sitting === actor) return refuse('commander.already_you');
  if (sitting === undefined) return [{ type: 'commander.assigned', at, actor, person: actor, previous: undefined }];
  if (!force) return refuse('commander.ask_handover', { commander: sitting });
  return [
    { type: 'commander.assigned', at, actor, person: actor, previous: sitting, forced: { reason: force.reason } },
    { type: 'responders.paged', at, actor, target: { kind: 'person', name: sitting }, message: force.notice, notice: { kind: 'forced', from: actor, reason: force.reason } },
  ];
}

/**
 * Roles a person keeps besides the one they now take, said out loud because one person with two roles is
 * easy to overload. The deputy is left out when they become IC: taking command clears it.
 */
export function otherRolesHeld(state: Pick<IncidentState, 'roles'>, person: string, taking: Role): Role[] {
  return rolesOf(state, person).filter((held) => held !== taking && !(taking === 'commander' && held === 'deputy'));
}

/**
 * The IC hands over (or, while nobody leads, anyone names the IC). Whoever is made IC by someone else is
 * paged with the news, as a forced take pages the IC it replaces: they may not be in the room.
 */
export function decideHandOver(state: IncidentState, { at, actor, to }: HandOver): Decision {
  if (!mayActAsCommander(state, actor)) return refuse('commander.only_commander_hands_over', { commander: state.roles.commander! });
  if (state.roles.commander === to) return refuse('commander.already', { person: to });
  const assigned: IncidentEvent = { type: 'commander.assigned', at, actor, person: to, previous: state.roles.commander };
  if (to === actor) return [assigned];
  return [assigned, { type: 'responders.paged', at, actor, target: { kind: 'person', name: to }, message: '', notice: { kind: 'handover', from: actor } }];
}

export function decideAssignRole(state: IncidentState, { at, actor, role, person }: AssignRole): Decision {
  if (!mayActAsCommander(state, actor)) return refuse('role.only_commander', { commander: state.roles.commander! });
  if (state.roles.commander === person && role === 'deputy') return refuse('role.commander_cannot_be_deputy', { person });
  if (role === 'sme') {
    if (state.roles.sme.includes(person)) return refuse('role.already_holds', { person, role });
    return [{ type: 'role.assigned', at, actor, role, person }];
  }
  const holder = state.roles[role];
  if (holder === person) return refuse('role.already_holds', { person, role });
  return [{ type: 'role.assigned', at, actor, role, person, previous: holder }];
}

export function decideRemoveRole(state: IncidentState, { at, actor, role, person }: RemoveRole): Decision {
  if (!mayActAsCommander(state, actor)) return refuse('role.only_commander', { commander: state.roles.commander! });
  const holders = role === 'sme' ? state.roles.sme : [state.roles[role]].filter((holder): holder is string => holder !== undefined);
  if (person !== undefined) {
    if (!holders.includes(person)) return refuse('role.not_held', { person, role });
    return [{ type: 'role.removed', at, actor, role, person }];
  }
  if (holders.length === 0) return refuse('role.empty', { role });
  if (holders.length > 1) return refuse('role.which_one', { role, people: holders });
  return [{ type: 'role.removed', at, actor, role, person: holders[0] }];
}

/** `!proxy <person>`: who speaks for the actor on the call; anyone may name their own. */
export function decideNameProxy(state: IncidentState, { at, actor, proxy }: NameProxy): Decision {
  if (proxy === actor) return refuse('proxy.self');
  if (state.proxies[actor] === proxy) return refuse('proxy.already', { person: proxy });
  return [{ type: 'proxy.named', at, actor, person: actor, proxy }];
}

/** Anyone may raise severity (if in doubt, escalate); lowering it is the IC's or the deputy's call. */
export function decideSeverity(state: IncidentState, { at, actor, severity }: ChangeSeverity): Decision {
  if (severity === state.severity) return refuse('severity.unchanged', { severity: state.severity });
  const lowering = severity > state.severity;
  if (lowering && !mayLowerSeverity(state, actor)) return refuse('severity.only_commander_lowers', { commander: state.roles.commander! });
  return [{ type: 'severity.changed', at, actor, from: state.severity, to: severity }];
}

/**
 * Into a private incident, only its IC and the members of its private lobby let people in;
 * while it has no IC, whoever declared it may (a private incident from an ordinary lobby has no lobby members).
 */
export function decideInvite(state: IncidentState, { at, actor, person, byLobbyMember }: Invite): Decision {
  if (!state.private) return refuse('member.not_private');
  const declarerWithoutCommander = state.roles.commander === undefined && state.declaredBy === actor;
  if (state.roles.commander !== actor && !byLobbyMember && !declarerWithoutCommander) {
    return state.roles.commander ? refuse('member.only_commander_invites', { commander: state.roles.commander }) : refuse('member.only_lobby_invites');
  }
  if (state.invited.includes(person)) return refuse('member.already', { person });
  return [{ type: 'member.invited', at, actor, person }];
}
