import type { PageTarget } from '../../domain/oncall/escalation.js';
import type { Organisation } from '../../domain/organisation.js';
import { findPerson } from '../../domain/people.js';

/**
 * Reads `!ic page <team|service|person> [message]`: the first word names a
 * team, a service or a person (in that order); anything else is the message of
 * a page for the Incident Commander.
 */
export function pageTargetOf(organisation: Organisation, words: string): { target: Exclude<PageTarget, { kind: 'commander' }>; rest: string } | undefined {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(words.trim());
  if (!match) return undefined;
  const first = match[1].replace(/^@/, '').toLowerCase();
  const rest = match[2].trim();
  if (organisation.teams.has(first)) return { target: { kind: 'team', name: first }, rest };
  if (organisation.services.has(first)) return { target: { kind: 'service', name: first }, rest };
  const person = organisation.people.has(first) ? organisation.people.get(first) : match[1].startsWith('@') ? findPerson(organisation.people, first) : undefined;
  if (person) return { target: { kind: 'person', name: person.handle }, rest };
  return undefined;
}
