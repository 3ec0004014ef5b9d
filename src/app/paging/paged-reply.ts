import { policyFor, resolveLevel, type PageTarget } from '../../domain/oncall/escalation.js';
import { listed, personLabel, t, type RenderContext } from '../render/context.js';
import { contactsFor } from './recipients.js';

export function timeoutLabel(ctx: RenderContext, seconds: number): string {
  if (seconds < 60) return t(ctx, 'paging.seconds', { seconds: Math.round(seconds) });
  return t(ctx, 'time.minutes', { minutes: Math.round(seconds / 60) });
}

/** A person as a page's lists name them, a shadow marked as one: "Erin Evans (@erin, shadow)". */
export function recipientLabel(ctx: RenderContext, recipient: { readonly person: string; readonly shadow: boolean }): string {
  const person = ctx.organisation.people.get(recipient.person);
  if (!recipient.shadow || !person) return personLabel(ctx, recipient.person);
  return t(ctx, 'paging.shadow_label', { name: person.name, handle: recipient.person });
}

export function targetLabel(ctx: RenderContext, target: PageTarget): string {
  if (target.kind === 'commander') return t(ctx, 'paging.target.commander');
  if (target.kind === 'person') return personLabel(ctx, target.name);
  return t(ctx, `paging.target.${target.kind}`, { name: target.name });
}

/** Whom to call, by name and phone, as the reader's language writes it ("王美 (@mei)，电话 +86 …"). */
export function phones(ctx: RenderContext, people: readonly string[]): string {
  const lines = people.map((handle) => t(ctx, 'common.phone_of', { person: personLabel(ctx, handle), phone: ctx.organisation.people.get(handle)?.phone ?? t(ctx, 'common.no_phone') }));
  return lines.join(' · ') || t(ctx, 'common.nobody');
}

/**
 * What the room is told when a page is asked for: who the first level reaches
 * and how, or — when no configured channel reaches any of them — their phone
 * numbers, so someone calls them by hand (the runbook's fallback).
 */
export function pageOutlook(ctx: RenderContext, target: PageTarget, at: Date, incident: { private: boolean }, fallback: readonly string[] = []): string[] {
  const { organisation } = ctx;
  const policy = policyFor(organisation, target);
  const first = resolveLevel(organisation, policy.levels[0], at);
  const responders = first.recipients.filter((recipient) => !recipient.shadow);
  const channels = new Set(responders.flatMap((recipient) => contactsFor(organisation, recipient.person, incident).map((contact) => contact.channel)));
  channels.delete('chat');
  const people = responders.length ? responders.map((recipient) => recipient.person) : [...fallback];
  if (channels.size === 0) return [t(ctx, 'paging.reply.unreachable', { phones: phones(ctx, people) })];
  return [
    t(ctx, 'paging.reply.outlook', {
      // A person's own page has no policy of the configuration to name.
      policy: organisation.escalationPolicies.has(policy.name) || target.kind === 'commander' ? policy.name : 'none',
      then: policy.levels.length > 1 ? 'next' : policy.repeat > 0 ? 'again' : 'end',
      channels: listed(ctx, [...channels].map((channel) => t(ctx, `paging.channel.${channel}`))),
      timeout: timeoutLabel(ctx, policy.levels[0].ackTimeoutSeconds),
    }),
  ];
}

/** The reply to `!ic page <team|service|person>`. */
export function respondersPagedLines(ctx: RenderContext, target: Exclude<PageTarget, { kind: 'commander' }>, at: Date, incident: { private: boolean }): string[] {
  const policy = policyFor(ctx.organisation, target);
  const first = resolveLevel(ctx.organisation, policy.levels[0], at);
  const people = listed(ctx, first.recipients.map((recipient) => recipientLabel(ctx, recipient))) || t(ctx, 'common.nobody');
  // A person paged by name is the target itself: "Paging Frank Foster (@frank)", not "Paging Frank: Frank".
  const paging = target.kind === 'person' && first.recipients.every((recipient) => recipient.person === target.name)
    ? t(ctx, 'paging.reply.person_paged', { people })
    : t(ctx, 'paging.reply.responders_paged', { target: targetLabel(ctx, target), people });
  return [paging, ...pageOutlook(ctx, target, at, incident)];
}
