import type { Recipient } from '../../domain/oncall/escalation.js';
import type { Organisation } from '../../domain/organisation.js';
import type { PagedPerson, PageChannel } from '../../domain/paging/events.js';

/** How a page reaches a person: always in the incident room, plus each contact method a configured notifier serves. */
export function contactsFor(organisation: Organisation, person: string): { channel: PageChannel; to: string }[] {
  const working = new Set(organisation.paging.channels);
  const contacts = (organisation.people.get(person)?.contacts ?? []).filter((contact) => working.has(contact.channel));
  return [{ channel: 'chat', to: person }, ...contacts.map((contact) => ({ channel: contact.channel, to: contact.to }))];
}

export function pagedPeople(organisation: Organisation, recipients: readonly Recipient[]): PagedPerson[] {
  return recipients.map((recipient) => ({ ...recipient, contacts: contactsFor(organisation, recipient.person) }));
}
