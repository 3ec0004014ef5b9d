import type { IncidentEvent } from '../../domain/incident/events.js';
import type { Role } from '../../domain/incident/roles.js';
import type { IncidentState } from '../../domain/incident/state.js';
import { otherRolesHeld } from '../../domain/incident/decide-roles.js';
import { isMajor } from '../../domain/incident/severity.js';
import { roomDisplayName } from '../../domain/incident/rooms.js';
import { SPAN_OF_CONTROL } from '../../domain/incident/span-of-control.js';
import { commsReplies } from './comms-replies.js';
import { pageOutlook, respondersPagedLines } from '../paging/paged-reply.js';
import { durationLabel, listed, personLabel, roleLabel, t, utcLabel, type RenderContext } from './context.js';

function pagedLines(ctx: RenderContext, event: Extract<IncidentEvent, { type: 'commander.paged' }>, state: IncidentState): string[] {
  // The state is the one after this page: the page before it, if any, is what "already paged" refers to.
  const earlier = state.pages.length > 1 ? state.pages[state.pages.length - 2] : undefined;
  const lines = [
    ...(earlier ? [t(ctx, 'reply.paged_again', { at: utcLabel(earlier.at, 'time'), person: personLabel(ctx, earlier.by) })] : []),
    t(ctx, 'reply.commander_paged', {
      primary: personLabel(ctx, event.primary),
      backup: personLabel(ctx, event.backup),
    }),
  ];
  if (event.shadows.length > 0) {
    lines.push(t(ctx, 'reply.shadows_paged', { people: listed(ctx, event.shadows.map((handle) => personLabel(ctx, handle))) }));
  }
  // When no channel can reach them, the runbook's fallback is to phone the commanders directly.
  const commanders = [event.primary, event.backup].filter((handle): handle is string => Boolean(handle));
  lines.push(...pageOutlook(ctx, { kind: 'commander' }, new Date(event.at), state, commanders));
  return lines;
}

function commanderLines(ctx: RenderContext, event: Extract<IncidentEvent, { type: 'commander.assigned' }>, before: IncidentState | undefined): string[] {
  const person = personLabel(ctx, event.person);
  const lines = [
    event.forced && event.previous
      ? t(ctx, 'reply.commander_forced', { person, previous: personLabel(ctx, event.previous), reason: event.forced.reason })
      : event.previous
        ? t(ctx, 'reply.commander_changed', { person, previous: personLabel(ctx, event.previous) })
        : t(ctx, 'reply.commander_assigned', { person }),
  ];
  if (before?.roles.deputy === event.person) lines.push(t(ctx, 'reply.deputy_cleared', { person }));
  lines.push(...doubledRoleWarning(ctx, event.person, 'commander', before));
  return lines;
}

/** Doubled roles are allowed (small teams) but said out loud, so nobody assumes two people. */
function doubledRoleWarning(ctx: RenderContext, person: string, role: Role, before: IncidentState | undefined): string[] {
  const others = before ? otherRolesHeld(before, person, role) : [];
  if (others.length === 0) return [];
  return [t(ctx, 'reply.doubled_role', { person: personLabel(ctx, person), roles: listed(ctx, others.map((held) => roleLabel(ctx, held))) })];
}

/** The lines the bot answers in the room for events a command produced. */
export function repliesFor(ctx: RenderContext, events: readonly IncidentEvent[], state: IncidentState, before?: IncidentState): string[] {
  const coreLines = (event: IncidentEvent): string[] => {
    switch (event.type) {
      case 'incident.declared':
        return [
          t(ctx, events.some((other) => other.type === 'commander.paged') ? 'reply.declared_for_page' : 'reply.declared', { id: event.id, severity: event.severity, title: event.title }),
          t(ctx, 'reply.contact_summary', {
            room: event.room,
            callUrl: ctx.organisation.contact.callUrl,
            bridge: ctx.organisation.contact.phoneBridge.display,
            dial: ctx.organisation.contact.phoneBridge.dial,
            pin: ctx.organisation.contact.phoneBridge.pin,
            executiveRoom: ctx.organisation.contact.executiveRoom,
          }),
        ];
      case 'commander.assigned':
        return commanderLines(ctx, event, before);
      case 'role.assigned':
        return [
          event.previous
            ? t(ctx, 'reply.role_replaced', {
                person: personLabel(ctx, event.person),
                role: roleLabel(ctx, event.role),
                previous: personLabel(ctx, event.previous),
              })
            : t(ctx, 'reply.role_assigned', { person: personLabel(ctx, event.person), role: roleLabel(ctx, event.role) }),
          ...doubledRoleWarning(ctx, event.person, event.role, before),
        ];
      case 'role.removed':
        return [t(ctx, 'reply.role_removed', { person: personLabel(ctx, event.person), role: roleLabel(ctx, event.role) })];
      case 'proxy.named':
        return [t(ctx, 'reply.proxy_named', { person: personLabel(ctx, event.person), proxy: personLabel(ctx, event.proxy) })];
      case 'severity.changed': {
        const lines = [t(ctx, event.to < event.from ? "reply.severity_raised" : "reply.severity_lowered", { from: event.from, to: event.to })];
        // Not when the same change pages the IC (an alert raising it does): the paging line says what happens.
        const paging = events.some((other) => other.type === 'commander.paged');
        if (isMajor(event.to) && !isMajor(event.from) && !state.roles.commander && !paging) lines.push(t(ctx, 'reply.major_needs_commander'));
        return lines;
      }
      case 'note.added':
        return [t(ctx, 'reply.note_added', { n: event.n })];
      case 'noise.reported':
        return [
          event.reason
            ? t(ctx, 'reply.noise_reported_reason', { person: personLabel(ctx, event.actor), reason: event.reason })
            : t(ctx, 'reply.noise_reported', { person: personLabel(ctx, event.actor) }),
        ];
      case 'todo.added':
        return [
          event.fromTask
            ? t(ctx, 'reply.task_carried', { task: event.fromTask, n: event.n, owner: personLabel(ctx, event.owner) })
            : t(ctx, 'reply.todo_added', { n: event.n }),
        ];
      case 'task.assigned':
        return [t(ctx, 'reply.task_assigned', { n: event.n, owner: personLabel(ctx, event.owner), text: event.text })];
      case 'task.completed':
        // A task closed by `!resolve` is announced by its follow-up line.
        return event.movedTo ? [] : [t(ctx, 'reply.task_completed', { n: event.n })];
      case 'status.stalked':
        return [t(ctx, 'reply.stalking', { seconds: ctx.organisation.timers.statusStalkSeconds })];
      case 'status.unstalked':
        return [t(ctx, 'reply.unstalked')];
      case 'commander.paged':
        return pagedLines(ctx, event, state);
      case 'responders.paged':
        return respondersPagedLines(ctx, event.target, new Date(event.at), state);
      case 'responders.reached':
        return [t(ctx, 'paging.room.reached', { people: listed(ctx, event.people.map((person) => personLabel(ctx, person))), count: event.people.length })];
      case 'conversation.posted':
        return [];
      case 'member.invited':
        return [t(ctx, 'reply.member_invited', { person: personLabel(ctx, event.person) })];
      case 'incident.resolved':
        return [t(ctx, 'reply.resolved', { id: state.id, duration: durationLabel(ctx, state.declaredAt, new Date(event.at)) })];
      case 'incident.reopened':
        return [t(ctx, 'reply.reopened', { id: state.id })];
      case 'subteam.opened':
        return [t(ctx, 'reply.subteam_opened', { name: event.name, room: roomDisplayName(event.room), lead: personLabel(ctx, event.lead) })];
      case 'subteam.closed':
        return [t(ctx, 'reply.subteam_closed', { name: event.name })];
      case 'incident.absorbed':
        return [t(ctx, 'reply.absorbed', { id: state.id, other: event.from, title: event.title })];
      case 'incident.merged':
        return [t(ctx, 'reply.merged', { id: state.id, into: event.into })];
      case 'comms.opened':
        return [t(ctx, 'reply.comms_opened')];
      case 'span.exceeded':
        return [t(ctx, 'reply.span_of_control', { count: event.active, limit: SPAN_OF_CONTROL })];
      case 'subscriber.added':
      case 'subscriber.removed':
      case 'update.posted':
      case 'update.missed':
      case 'public.started':
      case 'public.drafted':
      case 'public.published':
      case 'public.auto_closed':
      case 'public.titled':
        return [];
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  };
  const lines = events.flatMap((event) => [...coreLines(event), ...commsReplies(ctx, event, state)]);
  return lines;
}
