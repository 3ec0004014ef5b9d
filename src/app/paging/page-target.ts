import type { PageTarget } from '../../domain/oncall/escalation.js';
import type { Organisation } from '../../domain/organisation.js';
import { findPerson } from '../../domain/people.js';

export type ResponderTarget = Exclude<PageTarget, { kind: 'commander' }>;

/** The team, service or person a word of `!page <target>` names, in that order. */
export function pageTargetNamed(organisation: Organisation, typed: string): ResponderTarget | undefined {
  const word = typed.trim().replace(/^@/, '').toLowerCase();
  if (!word) return undefined;
  if (organisation.teams.has(word)) return { kind: 'team', name: word };
  if (organisation.services.has(word)) return { kind: 'service', name: word };
  const person = findPerson(organisation.people, word);
  return person ? { kind: 'person', name: person.handle } : undefined;
}

/**
 * Whether the words of an `!ic page` start with a team, service or person:
 * they still page the IC, but the sender may have meant `!page <target>`.
 */
export function pageTargetOf(organisation: Organisation, words: string): { target: ResponderTarget; word: string; rest: string } | undefined {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(words.trim());
  if (!match) return undefined;
  const target = pageTargetNamed(organisation, match[1]);
  return target && { target, word: match[1].replace(/^@/, ''), rest: match[2].trim() };
}
