import { publicNoticeOpen } from '../../domain/comms/public-close.js';
import type { IncidentEvent } from '../../domain/incident/events.js';
import type { IncidentState } from '../../domain/incident/state.js';
import { groupsReachedAt, recipientsOf } from '../comms/subscribers.js';
import { listed, personLabel, t, type LanguageContext, type RenderContext } from './context.js';

/** The phrases of a draft that promise a time, quoted and listed as the reader's language lists them. */
export function etaPhrases(ctx: LanguageContext, eta: readonly string[]): string {
  return listed(ctx, eta.map((phrase) => `“${phrase}”`));
}

export function statusPageUrl(ctx: RenderContext, incidentId: number): string {
  return `${ctx.organisation.comms.statusPage.publicUrl}/status/incidents/${incidentId}`;
}

/** How a group's summaries reach it: by email too only when an SMTP server is configured. */
const summariesBy = (ctx: RenderContext) => (ctx.organisation.paging.channels.includes('email') ? 'email' : 'app');

function groupsJoined(ctx: RenderContext, before: number | undefined, severity: number): string[] {
  const groups = groupsReachedAt(ctx.organisation, before, severity);
  return groups.length ? [t(ctx, 'comms.reply.groups_added', { groups: listed(ctx, groups.map((group) => group.name)), by: summariesBy(ctx) })] : [];
}

/** Room lines for stakeholder communication, added after the core replies of each event. */
export function commsReplies(ctx: RenderContext, event: IncidentEvent, state: IncidentState): string[] {
  const { timers } = ctx.organisation;
  switch (event.type) {
    case 'incident.declared':
      return state.private ? [] : groupsJoined(ctx, undefined, event.severity);
    case 'severity.changed':
      return state.private ? [] : groupsJoined(ctx, event.from, event.to);
    case 'subscriber.added':
      if (event.group) {
        const group = ctx.organisation.comms.stakeholders.get(event.group);
        return [t(ctx, 'comms.reply.group_subscribed', { group: group?.name ?? event.group, by: summariesBy(ctx) })];
      }
      return [t(ctx, 'comms.reply.person_subscribed', { person: personLabel(ctx, event.person) })];
    case 'subscriber.removed':
      return [t(ctx, 'comms.reply.person_unsubscribed', { person: personLabel(ctx, event.person) })];
    case 'update.posted':
      return [
        t(ctx, state.private ? 'comms.reply.update_posted_private' : 'comms.reply.update_posted', {
          n: event.n,
          room: ctx.organisation.contact.executiveRoom,
          count: recipientsOf(state, ctx.organisation).length,
        }),
      ];
    case 'public.started':
      return [
        t(ctx, 'comms.reply.public_started', {
          first: timers.firstPublicUpdateMinutes,
          every: timers.publicUpdateMinutes,
          window: timers.publicUpdateWindowMinutes,
        }),
      ];
    case 'public.drafted': {
      const lines = [t(ctx, 'comms.reply.drafted', { n: event.n, text: event.text })];
      if (event.eta.length > 0) {
        lines.push(
          t(ctx, 'comms.reply.draft_promises_time', {
            liaison: personLabel(ctx, state.roles.customer ?? event.actor),
            n: event.n,
            phrases: etaPhrases(ctx, event.eta),
          }),
        );
      }
      return lines;
    }
    case 'public.published': {
      const lines = [t(ctx, 'comms.reply.published', { n: event.n, url: statusPageUrl(ctx, state.id) })];
      const eta = state.comms.drafts.find((draft) => draft.n === event.n)?.eta ?? [];
      if (eta.length > 0) lines.push(t(ctx, 'comms.reply.published_with_eta', { n: event.n, phrases: etaPhrases(ctx, eta) }));
      return lines;
    }
    case 'public.titled':
      return [t(ctx, 'comms.reply.public_titled', { title: event.title, id: state.id, url: statusPageUrl(ctx, state.id) })];
    case 'incident.resolved': {
      const lines = event.falseAlarm ? [t(ctx, 'comms.reply.false_alarm')] : [];
      if (publicNoticeOpen(state)) {
        const last = [...state.comms.drafts].filter((draft) => draft.publishedAt).sort((a, b) => (a.publishedAt! < b.publishedAt! ? -1 : 1)).at(-1);
        lines.push(
          t(ctx, 'comms.reply.close_public', {
            // With no customer liaison the IC drafts too, and is addressed as the IC.
            holder: state.roles.customer ? 'liaison' : 'commander',
            liaison: personLabel(ctx, state.roles.customer ?? state.roles.commander),
            id: state.id,
            last: last?.text ?? '',
            minutes: ctx.organisation.timers.publicAutoCloseMinutes,
          }),
        );
      }
      return lines;
    }
    default:
      return [];
  }
}
