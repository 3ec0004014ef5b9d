import type { IncidentCommand } from '../incident/commands.js';
import type { IncidentEvent } from '../incident/events.js';
import { fold, type IncidentState } from '../incident/state.js';
import { refuse, type Refusal } from '../refusal.js';
import { lastExecutiveUpdateAt } from './comms-state.js';
import { findTimePromises } from './eta.js';

export type CommsCommand = Extract<
  IncidentCommand,
  { type: 'subscribe' | 'unsubscribe' | 'post-update' | 'draft-public' | 'approve-public' | 'set-public-title' | 'record-missed-update' | 'open-comms' }
>;

const COMMS_COMMANDS: ReadonlySet<string> = new Set([
  'subscribe',
  'unsubscribe',
  'post-update',
  'draft-public',
  'approve-public',
  'set-public-title',
  'record-missed-update',
  'open-comms',
]);

/** A private incident speaks to nobody outside its members until its IC says so. */
export const mayCommunicate = (state: IncidentState): boolean => !state.private || state.comms.opened === true;
const OUTWARD: ReadonlySet<string> = new Set(['draft-public', 'approve-public']);

export function isCommsCommand(command: IncidentCommand): command is CommsCommand {
  return COMMS_COMMANDS.has(command.type);
}

/** After the call ends people still write the closing public notice and the last summary. */
export const COMMS_ALLOWED_WHEN_RESOLVED: readonly IncidentCommand['type'][] = ['subscribe', 'unsubscribe', 'post-update', 'draft-public', 'approve-public', 'set-public-title'];

/** The first public word starts the cadence of public updates, unless the incident is over: its closing notice is the last. */
function started(state: IncidentState, at: string, actor: string): IncidentEvent[] {
  return state.comms.publicSince || state.status === 'resolved' ? [] : [{ type: 'public.started', at, actor }];
}

export function decideComms(state: IncidentState, command: CommsCommand): IncidentEvent[] | Refusal {
  const { at, actor } = command;
  const { comms } = state;
  if (OUTWARD.has(command.type) && !mayCommunicate(state)) return refuse('comms.private_closed');
  switch (command.type) {
    case 'open-comms':
      if (!state.private) return refuse('comms.not_private');
      if (comms.opened) return refuse('comms.already_open');
      if (state.roles.commander !== undefined && state.roles.commander !== actor) return refuse('comms.only_commander', { commander: state.roles.commander });
      return [{ type: 'comms.opened', at, actor }];

    case 'subscribe':
      if (command.group) {
        if (comms.groups.includes(command.group)) return refuse('subscribe.already_group', { group: command.group });
        return [{ type: 'subscriber.added', at, actor, group: command.group }];
      }
      if (!command.person) return refuse('subscribe.nobody');
      if (comms.people.includes(command.person)) return refuse('subscribe.already_person', { person: command.person });
      return [{ type: 'subscriber.added', at, actor, person: command.person }];

    case 'unsubscribe':
      if (comms.optedOut.includes(command.person)) return refuse('subscribe.not_subscribed', { person: command.person });
      return [{ type: 'subscriber.removed', at, actor, person: command.person }];

    case 'post-update':
      return [{ type: 'update.posted', at, actor, n: comms.updates.length + 1, text: command.text }];

    case 'draft-public': {
      const drafted: IncidentEvent = {
        type: 'public.drafted',
        at,
        actor,
        n: comms.drafts.length + 1,
        text: command.text,
        components: command.components,
        eta: findTimePromises(command.text),
      };
      return [...started(state, at, actor), drafted];
    }

    case 'approve-public': {
      // Publishing speaks for the company: the IC decides (anyone while nobody leads, as for every IC call).
      if (state.roles.commander !== undefined && state.roles.commander !== actor) return refuse('public.only_commander', { commander: state.roles.commander });
      const draft = comms.drafts.find((candidate) => candidate.n === command.n);
      if (!draft) return refuse('public.unknown_draft', { n: command.n, count: comms.drafts.length });
      if (draft.publishedAt) return refuse('public.already_published', { n: command.n });
      // The runbook: never promise customers a time. A draft that does is published only when the IC says so twice.
      if (draft.eta.length > 0 && !command.anyway) return refuse('public.promises_time', { n: draft.n, phrases: draft.eta.map((phrase) => `“${phrase}”`) });
      return [
        ...started(state, at, actor),
        { type: 'public.published', at, actor, n: draft.n, text: draft.text, components: [...draft.components] },
      ];
    }

    case 'set-public-title':
      // The public name speaks for the company, like a published update: the IC's call.
      if (!state.roles.commander) return refuse('public.no_commander_title');
      if (state.roles.commander !== actor) return refuse('public.only_commander_title', { commander: state.roles.commander });
      if (comms.publicTitle === command.title) return refuse('public.same_title', { title: command.title });
      return [{ type: 'public.titled', at, actor, title: command.title }];

    case 'record-missed-update': {
      if (state.status !== 'open') return refuse('incident.resolved', { id: state.id });
      const executive = command.audience === 'executive';
      const liaison = executive ? state.roles.internal : state.roles.customer;
      const remind = command.level === 'liaison' ? (liaison ?? state.roles.commander) : state.roles.commander;
      const since = executive ? lastExecutiveUpdateAt(comms) : (comms.lastPublishedAt ?? comms.publicSince);
      return [{ type: 'update.missed', at, actor, audience: command.audience, level: command.level, remind, since: since ?? state.declaredAt }];
    }
  }
}

/**
 * What follows from any decision: reaching SEV-1 turns on public communication
 * prompts (the runbook), as if the decision to go public had been taken.
 */
export function commsConsequences(state: IncidentState, decision: readonly IncidentEvent[]): IncidentEvent[] {
  const last = decision.at(-1);
  if (!last || decision.some((event) => event.type === 'public.started')) return [];
  const next = fold(decision, state);
  if (next.status !== 'open' || next.severity !== 1 || state.comms.publicSince || !mayCommunicate(next)) return [];
  return [{ type: 'public.started', at: last.at, actor: last.actor }];
}
