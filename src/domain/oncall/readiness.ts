import type { Organisation } from '../organisation.js';
import { policyFor, resolveLevel, type EscalationPolicy, type PageTarget } from './escalation.js';
import { timeline } from './schedule.js';

export const READINESS_DAYS = 14;

/** Something that would make a page fail, found before it does. */
export type ReadinessProblem =
  | { readonly kind: 'gap'; readonly schedule: string; readonly start: string; readonly end: string }
  | { readonly kind: 'unreachable'; readonly person: string; readonly onCallFrom: string; readonly where: string }
  | { readonly kind: 'empty-level'; readonly policy: string; readonly level: number; readonly start: string };

/** The policies pages can use: the IC's, each team's (services page their team's), and every named one. */
function policiesInUse(organisation: Organisation): EscalationPolicy[] {
  const targets: PageTarget[] = [{ kind: 'commander' }, ...[...organisation.teams.keys()].map((name): PageTarget => ({ kind: 'team', name }))];
  const byName = new Map<string, EscalationPolicy>();
  for (const policy of [...targets.map((target) => policyFor(organisation, target)), ...organisation.escalationPolicies.values()]) {
    if (!byName.has(policy.name)) byName.set(policy.name, policy);
  }
  return [...byName.values()];
}

/**
 * What would make a page fail in the next days: gaps in schedules, people on
 * call with no contact method a configured notifier can reach, and policy
 * levels that page nobody at some moment.
 */
export function readiness(organisation: Organisation, from: Date, days = READINESS_DAYS): ReadinessProblem[] {
  const to = new Date(from.getTime() + days * 86_400_000);
  const problems: ReadinessProblem[] = [];
  const firstOnCall = new Map<string, { at: string; where: string }>();
  const onCall = (person: string, at: string, where: string) => {
    const seen = firstOnCall.get(person);
    if (!seen || at < seen.at) firstOnCall.set(person, { at, where });
  };
  const changes = new Set<number>([from.getTime()]);
  for (const schedule of organisation.schedules.values()) {
    for (const segment of timeline(schedule, from, to)) {
      changes.add(Date.parse(segment.start));
      if (!segment.onCall) problems.push({ kind: 'gap', schedule: schedule.name, start: segment.start, end: segment.end });
      else {
        onCall(segment.onCall.person, segment.start, `schedule ${schedule.name}`);
        for (const trainee of schedule.shadows) onCall(trainee, segment.start, `shadow on schedule ${schedule.name}`);
      }
    }
  }
  const instants = [...changes].sort((a, b) => a - b);
  for (const policy of policiesInUse(organisation)) {
    policy.levels.forEach((level, index) => {
      for (const person of level.targets.filter((target) => target.kind === 'person')) onCall(person.name, from.toISOString(), `policy ${policy.name}`);
      const empty = instants.find((instant) => resolveLevel(organisation, level, new Date(instant)).recipients.every((recipient) => recipient.shadow));
      if (empty !== undefined) problems.push({ kind: 'empty-level', policy: policy.name, level: index + 1, start: new Date(empty).toISOString() });
    });
  }
  const working = new Set(organisation.paging.channels);
  for (const [person, seen] of [...firstOnCall.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const contacts = organisation.people.get(person)?.contacts ?? [];
    if (!contacts.some((contact) => working.has(contact.channel))) problems.push({ kind: 'unreachable', person, onCallFrom: seen.at, where: seen.where });
  }
  return problems;
}
