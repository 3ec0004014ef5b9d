import type { StakeholderGroup } from '../../domain/comms/settings.js';
import type { IncidentState } from '../../domain/incident/state.js';
import { canSeeIncident } from '../../domain/incident/visibility.js';
import type { Organisation } from '../../domain/organisation.js';

/** Someone who receives executive summaries: a person of the organisation, or an outside address of a group. */
export interface Recipient {
  readonly handle?: string;
  readonly email?: string;
  readonly locale: string;
}

/** The groups following an incident: those its peak severity brought in, and those added by `!subscribe`. */
export function groupsOf(state: IncidentState, organisation: Organisation): StakeholderGroup[] {
  return [...organisation.comms.stakeholders.values()].filter(
    (group) =>
      state.comms.groups.includes(group.key) || (!state.private && group.severity !== undefined && state.comms.peakSeverity <= group.severity),
  );
}

/** Groups that reaching `severity` adds, which `before` (undefined for a new incident) had not brought in. */
export function groupsReachedAt(organisation: Organisation, before: number | undefined, severity: number): StakeholderGroup[] {
  return [...organisation.comms.stakeholders.values()].filter(
    (group) => group.severity !== undefined && severity <= group.severity && (before === undefined || before > group.severity),
  );
}

/**
 * Everyone who gets the incident's executive summaries, each once; people who
 * opted out are left out. A private (security) incident reaches only people
 * who may see it, and no outside address.
 */
export function recipientsOf(state: IncidentState, organisation: Organisation): Recipient[] {
  const handles = new Set<string>();
  const emails = new Set<string>();
  for (const group of groupsOf(state, organisation)) {
    group.members.forEach((member) => handles.add(member));
    group.emails.forEach((email) => emails.add(email.toLowerCase()));
  }
  state.comms.people.forEach((person) => handles.add(person));
  state.comms.optedOut.forEach((person) => handles.delete(person));
  const recipients: Recipient[] = [];
  for (const handle of handles) {
    const person = organisation.people.get(handle);
    if (!person || !canSeeIncident(handle, state, organisation.rooms)) continue;
    if (person.email) emails.delete(person.email.toLowerCase());
    recipients.push({ handle, email: person.email, locale: person.locale });
  }
  if (state.private) return recipients;
  for (const email of emails) recipients.push({ email, locale: organisation.defaultLocale });
  return recipients;
}
