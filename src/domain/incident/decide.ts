import { COMMS_ALLOWED_WHEN_RESOLVED, commsConsequences, decideComms, isCommsCommand } from '../comms/decide-comms.js';
import { isRefusal, refuse, type Refusal } from '../refusal.js';
import type { IncidentCommand, Declaration, RecordReached } from './commands.js';
import { canSeeIncident } from './visibility.js';
import type { IncidentEvent } from './events.js';
import { decideClosePublic } from '../comms/public-close.js';
import { decideResolve } from './decide-resolve.js';
import {
  decideAssignRole,
  decideHandOver,
  decideInvite,
  decideNameProxy,
  decideRemoveRole,
  decideSeverity,
  decideTakeCommand,
} from './decide-roles.js';
import { decideAbsorb, decideCloseSubteam, decideMergeInto, decideOpenSubteam, mayActAsCommander } from './decide-rooms.js';
import { incidentRoomName } from './rooms.js';
import { spanOfControlConsequences } from './span-of-control.js';
import { fold, type IncidentState } from './state.js';

export type Decision = IncidentEvent[] | Refusal;

/** Commands a resolved incident still accepts; everything else waits for `!reopen`. */
const ALLOWED_WHEN_RESOLVED: ReadonlySet<IncidentCommand['type']> = new Set(['reopen', 'add-note', 'report-noise', 'close-public', ...COMMS_ALLOWED_WHEN_RESOLVED]);

function declared({ id, title, severity, lobby, locale, private: isPrivate }: Declaration, at: string, actor: string): IncidentEvent {
  return { type: 'incident.declared', at, actor, id, title, severity, room: incidentRoomName(id), lobby, ...(locale ? { locale } : {}), private: isPrivate };
}

export function decide(state: IncidentState, command: IncidentCommand): Decision {
  const decision = decideCore(state, command);
  if (isRefusal(decision)) return decision;
  const withComms = [...decision, ...commsConsequences(state, decision)];
  return [...withComms, ...spanOfControlConsequences(fold(withComms, state), command.at)];
}

const tagged = (command: IncidentCommand) => (command.subteam ? { subteam: command.subteam } : {});

function decideCore(state: IncidentState, command: IncidentCommand): Decision {
  const { at, actor } = command;

  if (command.type === 'declare') {
    if (state.exists) return refuse('incident.already_declared', { id: state.id });
    return [declared(command, at, actor)];
  }
  if (command.type === 'page-commander') {
    const page: IncidentEvent = {
      type: 'commander.paged',
      at,
      actor,
      message: command.message,
      primary: command.primary,
      backup: command.backup,
      shadows: command.shadows,
    };
    if (!state.exists) return [declared(command.declaration, at, actor), page];
    if (state.status === 'resolved') return refuse('incident.resolved', { id: state.id });
    return [page];
  }
  if (command.type === 'page-responders') {
    const page: IncidentEvent = { type: 'responders.paged', at, actor, target: command.target, message: command.message };
    if (!state.exists) return [declared(command.declaration, at, actor), page];
    if (state.status === 'resolved') return refuse('incident.resolved', { id: state.id });
    return [page];
  }
  if (!state.exists) return refuse('incident.none');
  if (state.status === 'resolved' && !ALLOWED_WHEN_RESOLVED.has(command.type)) {
    return refuse('incident.resolved', { id: state.id });
  }

  if (isCommsCommand(command)) return decideComms(state, command);
  if (command.type === 'record-reached') return decideReached(state, command);

  switch (command.type) {
    case 'take-command':
      return decideTakeCommand(state, command);
    case 'hand-over':
      return decideHandOver(state, command);
    case 'assign-role':
      return decideAssignRole(state, command);
    case 'remove-role':
      return decideRemoveRole(state, command);
    case 'name-proxy':
      return decideNameProxy(state, command);
    case 'change-severity':
      return decideSeverity(state, command);

    case 'add-note':
      return [{ type: 'note.added', at, actor, n: state.notes.length + 1, text: command.text, ...tagged(command) }];

    case 'add-todo':
      return [{ type: 'todo.added', at, actor, n: state.todos.length + 1, text: command.text, ...tagged(command) }];

    case 'report-noise':
      return [{ type: 'noise.reported', at, actor, ...(command.reason ? { reason: command.reason } : {}) }];

    case 'assign-task':
      return [{ type: 'task.assigned', at, actor, n: state.tasks.length + 1, owner: command.owner, text: command.text, ...tagged(command) }];

    case 'complete-task': {
      const task = state.tasks.find((candidate) => candidate.n === command.n);
      if (!task) return refuse('task.unknown', { n: command.n, count: state.tasks.length });
      if (task.done) return refuse('task.already_done', { n: command.n });
      return [{ type: 'task.completed', at, actor, n: command.n }];
    }

    case 'stalk':
      if (state.stalking) return refuse('stalk.already');
      return [{ type: 'status.stalked', at, actor }];

    case 'unstalk':
      if (!state.stalking) return refuse('stalk.not_stalking');
      return [{ type: 'status.unstalked', at, actor }];

    case 'invite':
      return decideInvite(state, command);

    case 'converse':
      return [{ type: 'conversation.posted', at, actor, text: command.text }];

    case 'resolve':
      if (!mayActAsCommander(state, actor)) return refuse('incident.only_commander_resolves', { commander: state.roles.commander! });
      return decideResolve(state, command);

    case 'close-public':
      return decideClosePublic(state, command);

    case 'reopen':
      if (state.mergedInto !== undefined) return refuse('merge.was_merged', { id: state.id, into: state.mergedInto });
      if (state.status !== 'resolved') return refuse('incident.not_resolved', { id: state.id });
      return [{ type: 'incident.reopened', at, actor }];

    case 'open-subteam':
      return decideOpenSubteam(state, command);
    case 'close-subteam':
      return decideCloseSubteam(state, command);
    case 'absorb':
      return decideAbsorb(state, command);
    case 'merge-into':
      return decideMergeInto(state, command);

    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

const NO_LOBBIES = new Map();

/** Membership by being paged matters only where membership does: a private incident's new members, once each. */
function decideReached(state: IncidentState, command: RecordReached): IncidentEvent[] {
  if (!state.private) return [];
  const people = [...new Set(command.people)].filter((person) => !canSeeIncident(person, state, NO_LOBBIES));
  return people.length === 0 ? [] : [{ type: 'responders.reached', at: command.at, actor: command.actor, people }];
}
