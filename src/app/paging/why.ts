import { targetLabel as policyTargetLabel, type PolicyTarget, type Via } from '../../domain/oncall/escalation.js';
import type { Organisation } from '../../domain/organisation.js';
import type { PageState } from '../../domain/paging/state.js';
import { pageRows } from './page-views.js';
import { contactsFor } from './recipients.js';

export interface WhyTarget {
  readonly target: string;
  /** Who the target paged at that level, or nobody. */
  readonly paged: readonly string[];
  readonly reason?: 'nobody-on-call' | 'unknown';
  /** The person is on this target's rotation (or team), just not the one on call then. */
  readonly member: boolean;
}

export interface WhyLevel {
  readonly level: number;
  readonly round: number;
  readonly at: string;
  readonly outcome: 'paged' | 'shadowed' | 'not-paged';
  readonly via?: Via;
  readonly deliveries: readonly { channel: string; to: string; status: string; sentAt: string | null; error: string | null; attempts: number }[];
  readonly targets: readonly WhyTarget[];
}

export interface WhyPage {
  readonly pageId: string;
  readonly policy: string;
  readonly status: PageState['status'];
  readonly acknowledgedBy?: string;
  /** Set when the page stopped because this person took command. */
  readonly commander?: string;
  readonly closedAt?: string;
  readonly paged: boolean;
  readonly levels: readonly WhyLevel[];
  /** Levels of the policy this page never got to, because it was closed first. */
  readonly notReached: readonly number[];
}

export interface WhyTrail {
  readonly person: string;
  readonly incidentId: number;
  /** Channels beyond the room that a configured notifier reaches for this person. */
  readonly reachableBy: readonly string[];
  readonly pages: readonly WhyPage[];
}

function memberOf(organisation: Organisation, target: PolicyTarget, person: string): boolean {
  if (target.kind === 'person') return target.name === person;
  const scheduleName = target.kind === 'team' ? organisation.teams.get(target.name)?.schedule : target.name;
  if (target.kind === 'team' && organisation.teams.get(target.name)?.members.includes(person)) return true;
  const schedule = scheduleName ? organisation.schedules.get(scheduleName) : undefined;
  if (!schedule) return false;
  return (
    schedule.layers.some((layer) => layer.people.includes(person)) ||
    schedule.overrides.some((override) => override.person === person) ||
    schedule.shadows.includes(person)
  );
}

/** The decision trail of every page of an incident for one person: which policy, level, rule and channel paged them — or why not. */
export function whyTrail(organisation: Organisation, incidentId: number, person: string, pages: readonly PageState[]): WhyTrail {
  return {
    person,
    incidentId,
    reachableBy: contactsFor(organisation, person)
      .map((contact) => contact.channel)
      .filter((channel) => channel !== 'chat'),
    pages: pages.map((page) => {
      const rows = pageRows(page).filter((row) => row.person === person);
      const levels = page.levels.map((run): WhyLevel => {
        const mine = run.recipients.find((recipient) => recipient.person === person);
        const targets = page.policy.levels[run.level]?.targets ?? [];
        return {
          level: run.level + 1,
          round: run.round + 1,
          at: run.at,
          outcome: mine ? (mine.shadow ? 'shadowed' : 'paged') : 'not-paged',
          ...(mine ? { via: mine.via } : {}),
          deliveries: rows
            .filter((row) => row.level === run.level + 1 && row.round === run.round + 1)
            .map(({ channel, to, status, sentAt, error, attempts }) => ({ channel, to, status, sentAt, error, attempts })),
          targets: targets.map((target) => {
            const label = policyTargetLabel(target);
            const paged = run.recipients.filter((recipient) => policyTargetLabel(recipient.via.target) === label).map((recipient) => recipient.person);
            const unfilled = run.unfilled.find((entry) => policyTargetLabel(entry.target) === label);
            return { target: label, paged, ...(unfilled ? { reason: unfilled.reason } : {}), member: memberOf(organisation, target, person) };
          }),
        };
      });
      const last = page.levels.at(-1);
      const notReached =
        page.status === 'paging' || !last ? [] : page.policy.levels.map((_level, index) => index + 1).filter((level) => level > last.level + 1);
      return {
        pageId: page.pageId,
        policy: page.policy.name,
        status: page.status,
        ...(page.acknowledgedBy ? { acknowledgedBy: page.acknowledgedBy } : {}),
        ...(page.cancelled?.commander ? { commander: page.cancelled.commander } : {}),
        ...(page.closedAt ? { closedAt: page.closedAt } : {}),
        paged: levels.some((level) => level.outcome !== 'not-paged'),
        levels,
        notReached,
      };
    }),
  };
}
