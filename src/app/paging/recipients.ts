import type { IncidentState } from '../../domain/incident/state.js';
import type { Recipient } from '../../domain/oncall/escalation.js';
import { isRefusal } from '../../domain/refusal.js';
import type { Commit } from '../../ports.js';
import { decideForCommit } from '../comms/incident-decision.js';
import type { RenderContext } from '../render/context.js';
import type { Organisation } from '../../domain/organisation.js';
import type { PagedPerson, PageChannel } from '../../domain/paging/events.js';

/** Channels a security incident never uses until the IC allows it: texts and calls leave our hands. */
const NOT_FOR_PRIVATE: ReadonlySet<PageChannel> = new Set(['sms', 'voice']);

/**
 * How a page reaches a person: always in the incident room, plus each contact
 * method a configured notifier serves (for a private incident, no SMS or calls).
 */
export function contactsFor(organisation: Organisation, person: string, incident: { private: boolean } = { private: false }): { channel: PageChannel; to: string }[] {
  const working = new Set(organisation.paging.channels.filter((channel) => !incident.private || !NOT_FOR_PRIVATE.has(channel)));
  const contacts = (organisation.people.get(person)?.contacts ?? []).filter((contact) => working.has(contact.channel));
  return [{ channel: 'chat', to: person }, ...contacts.map((contact) => ({ channel: contact.channel, to: contact.to }))];
}

export function pagedPeople(organisation: Organisation, recipients: readonly Recipient[], incident: { private: boolean }): PagedPerson[] {
  return recipients.map((recipient) => ({ ...recipient, contacts: contactsFor(organisation, recipient.person, incident) }));
}

/**
 * What lets the people a page reached open a private incident (a team's or a
 * service's on-call, a later escalation level): nothing to commit when the
 * incident is public or they all may already.
 */
export function reachedCommit(
  ctx: RenderContext,
  incident: { state: IncidentState; version: number },
  recipients: readonly Recipient[],
  at: string,
): Omit<Commit, 'finish'> | undefined {
  if (!incident.state.private) return undefined;
  const decided = decideForCommit(ctx, incident, { type: 'record-reached', at, actor: 'system', people: recipients.map((recipient) => recipient.person) });
  return isRefusal(decided) || decided.events.length === 0 ? undefined : decided.commit;
}
