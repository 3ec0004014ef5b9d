import { COMMS_ALLOWED_WHEN_RESOLVED, commsConsequences, decideComms, isCommsCommand } from '../comms/decide-comms.js';
import { isRefusal, refuse, type Refusal } from '../refusal.js';
import type { IncidentCommand, Declaration } from './commands.js';
import type { IncidentEvent } from './events.js';
import { decideAbsorb, decideCloseSubteam, decideMergeInto, decideOpenSubteam, mayActAsCommander } from './decide-rooms.js';
import { incidentRoomName } from './rooms.js';
import { spanOfControlConsequences } from './span-of-control.js';
import { fold, type IncidentState } from './state.js';

export type Decision = IncidentEvent[] | Refusal;

/** Commands a resolved incident still accepts; everything else waits for `!reopen`. */
const ALLOWED_WHEN_RESOLVED: ReadonlySet<IncidentCommand['type']> = new Set(['reopen', 'add-note', ...COMMS_ALLOWED_WHEN_RESOLVED]);

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

  switch (command.type) {
    case 'take-command':
      if (state.roles.commander === actor) return refuse('commander.already_you');
      return [{ type: 'commander.assigned', at, actor, person: actor, previous: state.roles.commander }];

    case 'hand-over':
      if (!mayActAsCommander(state, actor)) return refuse('commander.only_commander_hands_over', { commander: state.roles.commander! });
      if (state.roles.commander === command.to) return refuse('commander.already', { person: command.to });
      return [{ type: 'commander.assigned', at, actor, person: command.to, previous: state.roles.commander }];

    case 'assign-role': {
      const { role, person } = command;
      if (state.roles.commander === person && role === 'deputy') return refuse('role.commander_cannot_be_deputy', { person });
      if (role === 'sme') {
        if (state.roles.sme.includes(person)) return refuse('role.already_holds', { person, role });
        return [{ type: 'role.assigned', at, actor, role, person }];
      }
      const holder = state.roles[role];
      if (holder === person) return refuse('role.already_holds', { person, role });
      if (holder !== undefined && !mayActAsCommander(state, actor)) {
        return refuse('role.taken', { person: holder, role, commander: state.roles.commander! });
      }
      return [{ type: 'role.assigned', at, actor, role, person, previous: holder }];
    }

    case 'remove-role': {
      const { role } = command;
      const holders = role === 'sme' ? state.roles.sme : [state.roles[role]].filter((holder): holder is string => holder !== undefined);
      if (!mayActAsCommander(state, actor)) return refuse('role.only_commander_removes', { commander: state.roles.commander! });
      if (holders.length === 0) return refuse('role.vacant', { role });
      if (command.person !== undefined && !holders.includes(command.person)) return refuse('role.not_holder', { person: command.person, role });
      if (command.person === undefined && holders.length > 1) return refuse('role.which_expert', { people: holders.join(', ') });
      return [{ type: 'role.removed', at, actor, role, person: command.person ?? holders[0] }];
    }

    case 'change-severity':
      if (command.severity === state.severity) return refuse('severity.unchanged', { severity: state.severity });
      return [{ type: 'severity.changed', at, actor, from: state.severity, to: command.severity }];

    case 'add-note':
      return [{ type: 'note.added', at, actor, n: state.notes.length + 1, text: command.text, ...tagged(command) }];

    case 'add-todo':
      return [{ type: 'todo.added', at, actor, n: state.todos.length + 1, text: command.text, ...tagged(command) }];

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
      if (!state.private) return refuse('member.not_private');
      if (state.invited.includes(command.person)) return refuse('member.already', { person: command.person });
      return [{ type: 'member.invited', at, actor, person: command.person }];

    case 'converse':
      return [{ type: 'conversation.posted', at, actor, text: command.text }];

    case 'resolve': {
      if (!mayActAsCommander(state, actor)) return refuse('incident.only_commander_resolves', { commander: state.roles.commander! });
      // Open tasks become follow-ups so nothing delegated is forgotten once the call ends.
      const carried: IncidentEvent[] = state.tasks
        .filter((task) => !task.done)
        .map((task, index) => ({
          type: 'todo.added',
          at,
          actor,
          n: state.todos.length + index + 1,
          text: task.text,
          fromTask: task.n,
        }));
      return [{ type: 'incident.resolved', at, actor, ...(command.falseAlarm ? { falseAlarm: true } : {}) }, ...carried];
    }

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
