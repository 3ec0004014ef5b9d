import type { IncidentCommand } from '../domain/incident/commands.js';
import { openingCommand } from '../domain/incident/opening.js';
import type { IncidentState } from '../domain/incident/state.js';
import { canSeeIncident } from '../domain/incident/visibility.js';
import type { Intent } from '../domain/language/intents.js';
import type { Organisation } from '../domain/organisation.js';
import { leadingPerson } from '../domain/people.js';
import { isRefusal, refuse, type Refusal } from '../domain/refusal.js';
import { commsCommand } from './comms/comms-commands.js';
import { personLabel, t, type RenderContext } from './render/context.js';
import { pageTargetNamed, pageTargetOf } from './paging/page-target.js';
import { commandersOnCall } from './render/views.js';
import type { EnteredRoom } from './rooms/room-directory.js';

/** Builds the command from the incident it acts on (and the number a new one gets). */
export type Build = (state: IncidentState, newId: number | undefined) => IncidentCommand | Refusal;

/**
 * How a chat intent becomes an incident command: what it acts on and how the
 * command is built from that incident's state. `opens`: always a new
 * incident; `opensInLobby`: a new one when typed in a lobby without `#N`,
 * else the incident of the room (or `#N`); otherwise an existing incident.
 */
export type CommandPlan =
  | { readonly opens: 'always' | 'in-lobby'; readonly private: boolean; readonly build: Build; readonly hints?: string[] }
  | { readonly opens?: undefined; readonly build: Build; readonly hints?: string[] }
  | { readonly refused: Refusal };

const PLANNED = [
  'declare', 'ic-page', 'page', 'ic-take', 'ic-handover', 'role', 'role-remove', 'proxy', 'sev', 'status-stalk', 'status-unstalk',
  'note', 'todo', 'noise', 'task', 'task-done', 'resolve', 'reopen', 'invite', 'subteam', 'subteam-close',
  'update', 'public', 'public-title', 'approve', 'subscribe',
] as const satisfies readonly Intent['kind'][];

/** The intents that change an incident through one decided command. */
export type PlannedIntent = Extract<Intent, { kind: (typeof PLANNED)[number] }>;

const planned: ReadonlySet<string> = new Set(PLANNED);

export function isPlanned(intent: Intent): intent is PlannedIntent {
  return planned.has(intent.kind);
}

export interface PlanContext {
  readonly ctx: RenderContext;
  readonly organisation: Organisation;
  readonly room: EnteredRoom;
  readonly author: string;
  readonly at: string;
  /** A person of the organisation by handle or name, or the refusal naming who exists. */
  person(typed: string): string | Refusal;
}

function lobbyOf(room: EnteredRoom): { lobby: string; locale: string } {
  return room.kind === 'lobby' ? { lobby: room.name, locale: room.locale } : { lobby: room.loaded.state.lobby, locale: room.locale };
}

function lobbyIsPrivate(room: EnteredRoom): boolean {
  return room.kind === 'lobby' ? room.lobby.security : room.loaded.state.private;
}

export function planCommand(intent: PlannedIntent, plan: PlanContext): CommandPlan {
  const { ctx, organisation, room, author, at } = plan;
  const envelope = { at, actor: author, ...(room.kind === 'incident' && room.subteam ? { subteam: room.subteam } : {}) };
  const existing = (build: Build): CommandPlan => ({ build });
  const withPerson = (typed: string, build: (handle: string) => IncidentCommand): Build => () => {
    const handle = plan.person(typed);
    return isRefusal(handle) ? handle : build(handle);
  };
  const declaration = (id: number, title: string, isPrivate: boolean) => ({
    id,
    title,
    severity: organisation.defaultPageSeverity,
    ...lobbyOf(room),
    private: isPrivate || lobbyIsPrivate(room),
  });

  switch (intent.kind) {
    case 'declare':
      return {
        opens: 'always',
        private: Boolean(intent.private),
        build: (_state, id) =>
          openingCommand(envelope, { ...declaration(id!, intent.title, Boolean(intent.private)), severity: intent.severity }, {
            message: intent.title,
            commanders: commandersOnCall(ctx, new Date(at)),
          }),
      };
    case 'ic-page': {
      const message = intent.words || t(ctx, 'page.default_message', { room: room.name });
      const onCall = commandersOnCall(ctx, new Date(at));
      // `!ic page` always pages the IC; people used to type `!ic page api …` for a service, so say once how that is done.
      const meant = pageTargetOf(organisation, intent.words);
      const hints = meant && (meant.target.kind !== 'person' || intent.words.startsWith('@')) ? [t(ctx, 'page.use_page_hint', { target: meant.word, words: intent.words })] : [];
      return {
        opens: 'in-lobby',
        private: false,
        hints,
        build: (_state, id) => ({
          ...envelope,
          type: 'page-commander',
          message,
          primary: onCall.primary,
          backup: onCall.backup,
          shadows: onCall.shadows,
          declaration: declaration(id ?? 0, message, false),
        }),
      };
    }
    case 'page': {
      const named = leadingPerson(organisation.people, intent.target, intent.message);
      const target = pageTargetNamed(organisation, named.typed);
      if (!target) {
        return { refused: refuse('page.unknown_target', { given: intent.target, teams: [...organisation.teams.keys()], services: [...organisation.services.keys()] }) };
      }
      const message = named.text || t(ctx, 'page.default_responders_message', { room: room.name });
      return {
        opens: 'in-lobby',
        private: false,
        build: (_state, id) => ({ ...envelope, type: 'page-responders', target, message, declaration: declaration(id ?? 0, message, false) }),
      };
    }
    case 'ic-take': {
      const reason = intent.force;
      if (reason === undefined) return existing(() => ({ ...envelope, type: 'take-command' }));
      return existing((state) => ({
        ...envelope,
        type: 'take-command',
        force: { reason, notice: t(ctx, 'page.forced_notice', { person: personLabel(ctx, author), id: state.id, reason }) },
      }));
    }
    case 'ic-handover':
      return existing(withPerson(intent.person, (to) => ({ ...envelope, type: 'hand-over', to })));
    case 'role':
      return existing(withPerson(intent.person, (person) => ({ ...envelope, type: 'assign-role', role: intent.role, person })));
    case 'role-remove': {
      const { role, person: typed } = intent;
      if (typed === undefined) return existing(() => ({ ...envelope, type: 'remove-role', role }));
      return existing(withPerson(typed, (person) => ({ ...envelope, type: 'remove-role', role, person })));
    }
    case 'proxy':
      return existing(withPerson(intent.person, (proxy) => ({ ...envelope, type: 'name-proxy', proxy })));
    case 'sev':
      return existing(() => ({ ...envelope, type: 'change-severity', severity: intent.severity }));
    case 'status-stalk':
      return existing(() => ({ ...envelope, type: 'stalk' }));
    case 'status-unstalk':
      return existing(() => ({ ...envelope, type: 'unstalk' }));
    case 'note':
      return existing(() => ({ ...envelope, type: 'add-note', text: intent.text }));
    case 'todo':
      return existing(() => ({ ...envelope, type: 'add-todo', text: intent.text }));
    case 'noise':
      return existing(() => ({ ...envelope, type: 'report-noise', ...(intent.reason ? { reason: intent.reason } : {}) }));
    case 'task': {
      const { typed, text } = leadingPerson(organisation.people, intent.owner, intent.text);
      return existing(withPerson(typed, (owner) => ({ ...envelope, type: 'assign-task', owner, text })));
    }
    case 'task-done':
      return existing(() => ({ ...envelope, type: 'complete-task', n: intent.n }));
    case 'resolve':
      return existing(() => ({ ...envelope, type: 'resolve', ...(intent.falseAlarm ? { falseAlarm: true } : {}) }));
    case 'reopen':
      return existing(() => ({ ...envelope, type: 'reopen' }));
    case 'invite':
      return existing((state) => {
        const handle = plan.person(intent.person);
        if (isRefusal(handle)) return handle;
        const lobby = organisation.rooms.get(state.lobby);
        return { ...envelope, type: 'invite', person: handle, byLobbyMember: Boolean(lobby?.security && lobby.members.includes(author)) };
      });
    case 'subteam':
      return existing(withPerson(intent.lead, (lead) => ({ ...envelope, type: 'open-subteam', name: intent.name, lead })));
    case 'subteam-close':
      return existing(() => ({ ...envelope, type: 'close-subteam', name: intent.name }));
    case 'update':
    case 'public':
    case 'public-title':
    case 'approve':
      return existing(() => commsCommand(organisation, intent, envelope));
    case 'subscribe':
      return existing((state) => {
        const command = commsCommand(organisation, intent, envelope);
        // Summaries of a private incident reach only its members: subscribing anyone else would send them nothing.
        if (!isRefusal(command) && command.type === 'subscribe' && command.person && !canSeeIncident(command.person, state, organisation.rooms)) {
          return refuse('subscribe.not_member', { person: command.person });
        }
        return command;
      });
    default: {
      const unknown: never = intent;
      return unknown;
    }
  }
}
