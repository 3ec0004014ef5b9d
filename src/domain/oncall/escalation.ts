import type { Organisation } from '../organisation.js';
import { onCallAt } from './schedule.js';

export const DEFAULT_ACK_TIMEOUT_SECONDS = 300;
export const DEFAULT_REPEAT = 2;

/** Who a level pages: everyone on call for a schedule (or a team's schedule), or one person. `shadow` pages alongside without acknowledging. */
export interface PolicyTarget {
  readonly kind: 'schedule' | 'team' | 'person';
  readonly name: string;
  readonly shadow?: boolean;
}

export interface EscalationLevel {
  readonly targets: readonly PolicyTarget[];
  readonly ackTimeoutSeconds: number;
}

/** Levels are paged in order until someone acknowledges; then the whole list again `repeat` more times. */
export interface EscalationPolicy {
  readonly name: string;
  readonly levels: readonly EscalationLevel[];
  readonly repeat: number;
}

/** What `!ic page …` (or an alert) asks to page. */
export type PageTarget = { readonly kind: 'commander' } | { readonly kind: 'team' | 'service' | 'person'; readonly name: string };

/** Why a person is paged: the rule that put them on this level. */
export interface Via {
  readonly target: PolicyTarget;
  readonly schedule?: string;
  readonly layer?: string;
  /** The person an override replaced, or `everyone` for an override without `replaces`. */
  readonly overrides?: string;
  /** The on-call person a schedule's shadow is paged alongside. */
  readonly shadowing?: string;
}

export interface Recipient {
  readonly person: string;
  readonly via: Via;
  readonly shadow: boolean;
}

export interface ResolvedLevel {
  readonly recipients: readonly Recipient[];
  /** Targets that paged nobody (a gap in the schedule), kept for the decision trail. */
  readonly unfilled: readonly { readonly target: PolicyTarget; readonly reason: 'nobody-on-call' | 'unknown' }[];
}

export function targetLabel(target: PolicyTarget): string {
  return `${target.kind}:${target.name}`;
}

/** The policy a page uses: the IC policy for `!ic page`, a team's (a service's team's) policy, or a person's own. */
export function policyFor(organisation: Organisation, target: PageTarget): EscalationPolicy {
  const { escalationPolicies, incidentCommand, teams, services } = organisation;
  const single = (name: string, targets: PolicyTarget[]): EscalationPolicy => ({
    name,
    levels: [{ targets, ackTimeoutSeconds: organisation.paging.ackTimeoutSeconds }],
    repeat: DEFAULT_REPEAT,
  });
  switch (target.kind) {
    case 'commander': {
      const named = incidentCommand.escalationPolicy && escalationPolicies.get(incidentCommand.escalationPolicy);
      if (named) return named;
      return single('incident-command', [
        { kind: 'schedule', name: incidentCommand.primary },
        { kind: 'schedule', name: incidentCommand.backup },
        ...incidentCommand.shadows.map((name): PolicyTarget => ({ kind: 'schedule', name, shadow: true })),
      ]);
    }
    case 'service': {
      const service = services.get(target.name);
      return policyFor(organisation, { kind: 'team', name: service?.team ?? target.name });
    }
    case 'team': {
      const team = teams.get(target.name);
      const named = team?.escalationPolicy && escalationPolicies.get(team.escalationPolicy);
      if (named) return named;
      return single(`team:${target.name}`, [{ kind: 'team', name: target.name }]);
    }
    case 'person':
      return single(`person:${target.name}`, [{ kind: 'person', name: target.name }]);
  }
}

/** Who one level pages at an instant. A person reached by two targets is paged once, by the first. */
export function resolveLevel(organisation: Organisation, level: EscalationLevel, at: Date): ResolvedLevel {
  const recipients: Recipient[] = [];
  const unfilled: ResolvedLevel['unfilled'][number][] = [];
  const add = (recipient: Recipient) => {
    const existing = recipients.findIndex((candidate) => candidate.person === recipient.person);
    if (existing === -1) recipients.push(recipient);
    // Someone both shadowing and on call in their own right is paged as a responder.
    else if (recipients[existing].shadow && !recipient.shadow) recipients[existing] = recipient;
  };
  for (const target of level.targets) {
    if (target.kind === 'person') {
      if (organisation.people.has(target.name)) add({ person: target.name, via: { target }, shadow: Boolean(target.shadow) });
      else unfilled.push({ target, reason: 'unknown' });
      continue;
    }
    const scheduleName = target.kind === 'team' ? organisation.teams.get(target.name)?.schedule : target.name;
    const schedule = scheduleName ? organisation.schedules.get(scheduleName) : undefined;
    if (!schedule) {
      unfilled.push({ target, reason: 'unknown' });
      continue;
    }
    const onCall = onCallAt(schedule, at);
    if (!onCall) {
      unfilled.push({ target, reason: 'nobody-on-call' });
      continue;
    }
    const overrides = onCall.override ? (onCall.override.replaces ?? 'everyone') : undefined;
    add({ person: onCall.person, via: { target, schedule: schedule.name, layer: onCall.layer, overrides }, shadow: Boolean(target.shadow) });
    for (const trainee of schedule.shadows) {
      add({ person: trainee, via: { target, schedule: schedule.name, shadowing: onCall.person }, shadow: true });
    }
  }
  return { recipients, unfilled };
}

/** The level after `level` in round `round`, or undefined when the policy is exhausted. */
export function nextStep(policy: { levels: readonly unknown[]; repeat: number }, level: number, round: number): { level: number; round: number } | undefined {
  if (level + 1 < policy.levels.length) return { level: level + 1, round };
  if (round < policy.repeat) return { level: 0, round: round + 1 };
  return undefined;
}
