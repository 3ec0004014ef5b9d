import { evolveComms, initialComms, type CommsState } from '../comms/comms-state.js';
import type { IncidentEvent } from './events.js';
import { incidentRoomName } from './rooms.js';
import type { AssignableRole } from './roles.js';
import type { Severity } from './severity.js';

export interface Entry {
  readonly n: number;
  readonly text: string;
  readonly by: string;
  readonly at: string;
  /** The sub-team whose room it was typed in. */
  readonly subteam?: string;
}

export interface Subteam {
  readonly name: string;
  readonly lead: string;
  readonly room: string;
  readonly open: boolean;
}

export interface FollowUp extends Entry {
  readonly owner?: string;
  readonly fromTask?: number;
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
  /** The incident's own room, `inc-<id>`. */
  readonly room: string;
  /** The lobby it was declared from, and the language of its room. */
  readonly lobby: string;
  readonly locale?: string;
  readonly private: boolean;
  readonly status: 'open' | 'resolved';
  readonly declaredAt: string;
  readonly declaredBy: string;
  readonly resolvedAt?: string;
  readonly lastEventAt: string;
  readonly roles: Holders;
  /** When the IC now in command took it: an IC page asked for before that stops escalating. */
  readonly commanderSince?: string;
  readonly notes: readonly Entry[];
  readonly todos: readonly FollowUp[];
  readonly tasks: readonly Task[];
  readonly pages: readonly PageRequest[];
  readonly stalking: boolean;
  /** People let into a private incident besides the security room's members. */
  readonly invited: readonly string[];
  /** People paged by name (`!page bob`, a forced takeover's notice): a page lets its reader in. */
  readonly pagedPeople: readonly string[];
  /** Who speaks on the call for a responder who cannot join it, by that responder's handle. */
  readonly proxies: Readonly<Record<string, string>>;
  readonly comms: CommsState;
  readonly subteams: readonly Subteam[];
  /** Set when this incident was folded into another. */
  readonly mergedInto?: number;
  /** Incidents folded into this one. */
  readonly absorbed: readonly { readonly id: number; readonly title: string }[];
  /** Whether the IC was already told that the response outgrew one IC. */
  readonly spanTold: boolean;
  /** When each person last did something in the incident: the span of control counts the recently active. */
  readonly lastActive: Readonly<Record<string, string>>;
}

export function initialState(): IncidentState {
  return {
    exists: false,
    id: 0,
    title: '',
    severity: 5,
    room: '',
    lobby: '',
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
    pagedPeople: [],
    proxies: {},
    comms: initialComms(),
    subteams: [],
    absorbed: [],
    spanTold: false,
    lastActive: {},
  };
}

function withoutRole(roles: Holders, role: AssignableRole, person: string): Holders {
  if (role === 'sme') return { ...roles, sme: roles.sme.filter((holder) => holder !== person) };
  return roles[role] === person ? { ...roles, [role]: undefined } : roles;
}

function withRole(roles: Holders, role: AssignableRole, person: string): Holders {
  if (role === 'sme') return roles.sme.includes(person) ? roles : { ...roles, sme: [...roles.sme, person] };
  return { ...roles, [role]: person };
}

export function evolve(state: IncidentState, event: IncidentEvent): IncidentState {
  const next = { ...state, lastEventAt: event.at, comms: evolveComms(state.comms, event), lastActive: activeAfter(state.lastActive, event) };
  switch (event.type) {
    case 'incident.declared':
      return {
        ...next,
        exists: true,
        id: event.id,
        title: event.title,
        severity: event.severity,
        // Events from before every incident had its own room named the lobby as the room.
        room: event.lobby === undefined ? incidentRoomName(event.id) : event.room,
        lobby: event.lobby ?? event.room,
        locale: event.locale,
        private: event.private,
        status: 'open',
        declaredAt: event.at,
        declaredBy: event.actor,
      };
    case 'commander.assigned':
      // The IC is never also the deputy: handing over to the deputy leaves the deputy role empty.
      return { ...next, roles: { ...withoutRole(state.roles, 'deputy', event.person), commander: event.person }, commanderSince: event.at };
    case 'role.assigned':
      return { ...next, roles: withRole(state.roles, event.role, event.person) };
    case 'role.removed':
      return { ...next, roles: withoutRole(state.roles, event.role, event.person) };
    case 'proxy.named':
      return { ...next, proxies: { ...state.proxies, [event.person]: event.proxy } };
    case 'severity.changed':
      return { ...next, severity: event.to };
    case 'note.added':
      return { ...next, notes: [...state.notes, { n: event.n, text: event.text, by: event.actor, at: event.at, ...subteamOf(event) }] };
    case 'noise.reported':
      // Feedback for the review, which reads it from the timeline: nothing in the incident's state changes.
      return next;
    case 'todo.added':
      return {
        ...next,
        todos: [
          ...state.todos,
          {
            n: event.n,
            text: event.text,
            by: event.actor,
            at: event.at,
            ...(event.owner ? { owner: event.owner } : {}),
            ...(event.fromTask ? { fromTask: event.fromTask } : {}),
            ...subteamOf(event),
          },
        ],
      };
    case 'task.assigned':
      return {
        ...next,
        tasks: [...state.tasks, { n: event.n, text: event.text, by: event.actor, at: event.at, owner: event.owner, done: false, ...subteamOf(event) }],
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
    case 'responders.paged': {
      const { target } = event;
      return target.kind === 'person' && !state.pagedPeople.includes(target.name) ? { ...next, pagedPeople: [...state.pagedPeople, target.name] } : next;
    }
    case 'responders.reached':
      return { ...next, pagedPeople: [...state.pagedPeople, ...event.people.filter((person) => !state.pagedPeople.includes(person))] };
    case 'conversation.posted':
      return next;
    case 'member.invited':
      return state.invited.includes(event.person) ? next : { ...next, invited: [...state.invited, event.person] };
    case 'incident.resolved':
      return { ...next, status: 'resolved', resolvedAt: event.at, stalking: false };
    case 'incident.reopened':
      return { ...next, status: 'open', resolvedAt: undefined };
    case 'subteam.opened':
      return { ...next, subteams: [...state.subteams.filter((team) => team.name !== event.name), { name: event.name, lead: event.lead, room: event.room, open: true }] };
    case 'subteam.closed':
      return { ...next, subteams: state.subteams.map((team) => (team.name === event.name ? { ...team, open: false } : team)) };
    case 'incident.merged':
      return { ...next, mergedInto: event.into, status: 'resolved', resolvedAt: event.at, stalking: false };
    case 'incident.absorbed':
      return { ...next, absorbed: [...state.absorbed, { id: event.from, title: event.title }] };
    case 'span.exceeded':
      return { ...next, spanTold: true };
    case 'subscriber.added':
    case 'subscriber.removed':
    case 'update.posted':
    case 'update.missed':
    case 'public.started':
    case 'public.drafted':
    case 'public.published':
    case 'public.auto_closed':
    case 'comms.opened':
    case 'public.titled':
      return next;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** Alerts (`alert:api`) and the system act too, but only people count towards the span of control. */
const isPerson = (actor: string) => actor !== 'system' && actor !== 'dont-panic' && !actor.includes(':');

function activeAfter(lastActive: IncidentState['lastActive'], event: IncidentEvent): IncidentState['lastActive'] {
  return isPerson(event.actor) && lastActive[event.actor] !== event.at ? { ...lastActive, [event.actor]: event.at } : lastActive;
}

const subteamOf = (event: { subteam?: string }) => (event.subteam ? { subteam: event.subteam } : {});

export function fold(events: readonly IncidentEvent[], state: IncidentState = initialState()): IncidentState {
  return events.reduce(evolve, state);
}
