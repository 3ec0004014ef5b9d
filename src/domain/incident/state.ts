import { evolveComms, initialComms, type CommsState } from '../comms/comms-state.js';
import type { IncidentEvent } from './events.js';
import type { AssignableRole } from './roles.js';
import type { Severity } from './severity.js';

export interface Entry {
  readonly n: number;
  readonly text: string;
  readonly by: string;
  readonly at: string;
}

export interface Task extends Entry {
  readonly owner: string;
  readonly done: boolean;
}

export interface Holders {
  readonly commander?: string;
  readonly deputy?: string;
  readonly scribe?: string;
  readonly customer?: string;
  readonly internal?: string;
  readonly sme: readonly string[];
}

export interface PageRequest {
  readonly at: string;
  readonly by: string;
  readonly primary?: string;
  readonly backup?: string;
  readonly shadows: readonly string[];
  readonly message: string;
}

export interface IncidentState {
  readonly exists: boolean;
  readonly id: number;
  readonly title: string;
  readonly severity: Severity;
  readonly room: string;
  readonly private: boolean;
  readonly status: 'open' | 'resolved';
  readonly declaredAt: string;
  readonly declaredBy: string;
  readonly resolvedAt?: string;
  readonly lastEventAt: string;
  readonly roles: Holders;
  readonly notes: readonly Entry[];
  readonly todos: readonly Entry[];
  readonly tasks: readonly Task[];
  readonly pages: readonly PageRequest[];
  readonly stalking: boolean;
  /** People let into a private incident besides the security room's members. */
  readonly invited: readonly string[];
  readonly comms: CommsState;
}

export function initialState(): IncidentState {
  return {
    exists: false,
    id: 0,
    title: '',
    severity: 5,
    room: '',
    private: false,
    status: 'open',
    declaredAt: '',
    declaredBy: '',
    lastEventAt: '',
    roles: { sme: [] },
    notes: [],
    todos: [],
    tasks: [],
    pages: [],
    stalking: false,
    invited: [],
    comms: initialComms(),
  };
}

function withRole(roles: Holders, role: AssignableRole, person: string): Holders {
  if (role === 'sme') return roles.sme.includes(person) ? roles : { ...roles, sme: [...roles.sme, person] };
  return { ...roles, [role]: person };
}

export function evolve(state: IncidentState, event: IncidentEvent): IncidentState {
  const next = { ...state, lastEventAt: event.at, comms: evolveComms(state.comms, event) };
  switch (event.type) {
    case 'incident.declared':
      return {
        ...next,
        exists: true,
        id: event.id,
        title: event.title,
        severity: event.severity,
        room: event.room,
        private: event.private,
        status: 'open',
        declaredAt: event.at,
        declaredBy: event.actor,
      };
    case 'commander.assigned':
      return { ...next, roles: { ...state.roles, commander: event.person } };
    case 'role.assigned':
      return { ...next, roles: withRole(state.roles, event.role, event.person) };
    case 'severity.changed':
      return { ...next, severity: event.to };
    case 'note.added':
      return { ...next, notes: [...state.notes, { n: event.n, text: event.text, by: event.actor, at: event.at }] };
    case 'todo.added':
      return { ...next, todos: [...state.todos, { n: event.n, text: event.text, by: event.actor, at: event.at }] };
    case 'task.assigned':
      return {
        ...next,
        tasks: [...state.tasks, { n: event.n, text: event.text, by: event.actor, at: event.at, owner: event.owner, done: false }],
      };
    case 'task.completed':
      return { ...next, tasks: state.tasks.map((task) => (task.n === event.n ? { ...task, done: true } : task)) };
    case 'status.stalked':
      return { ...next, stalking: true };
    case 'status.unstalked':
      return { ...next, stalking: false };
    case 'commander.paged':
      return {
        ...next,
        pages: [
          ...state.pages,
          { at: event.at, by: event.actor, primary: event.primary, backup: event.backup, shadows: event.shadows, message: event.message },
        ],
      };
    case 'responders.paged':
    case 'conversation.posted':
      return next;
    case 'member.invited':
      return state.invited.includes(event.person) ? next : { ...next, invited: [...state.invited, event.person] };
    case 'incident.resolved':
      return { ...next, status: 'resolved', resolvedAt: event.at, stalking: false };
    case 'incident.reopened':
      return { ...next, status: 'open', resolvedAt: undefined };
    case 'subscriber.added':
    case 'subscriber.removed':
    case 'update.posted':
    case 'update.missed':
    case 'public.started':
    case 'public.drafted':
    case 'public.published':
    case 'public.titled':
      return next;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export function fold(events: readonly IncidentEvent[], state: IncidentState = initialState()): IncidentState {
  return events.reduce(evolve, state);
}
