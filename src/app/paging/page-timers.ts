import type { IncidentEvent, PageNotice } from '../../domain/incident/events.js';
import type { PageTarget } from '../../domain/oncall/escalation.js';
import type { DeliveryFailed, LevelStarted, PageEvent } from '../../domain/paging/events.js';
import { closingNoticeContacts, type PageState, type ReachedContact } from '../../domain/paging/state.js';
import type { JobSpec } from '../../ports.js';

export const PAGE_OPEN = 'page-open';
export const PAGE_DELIVER = 'page-deliver';
export const PAGE_ESCALATE = 'page-escalate';
export const PAGE_CLOSE = 'page-close';

/** A delivery is tried this often (retries after 5, 10, 20 and 40 s): it succeeds or is given up well inside a level's timeout. */
export const MAX_DELIVERY_ATTEMPTS = 5;

export const escalateJobKey = (pageId: string): string => `page-escalate:${pageId}`;

/** The idempotency key of one delivery: a page reaches a person once per level, round and channel. */
export function deliveryKey(pageId: string, level: number, round: number, person: string, channel: string, to: string): string {
  return `page-${pageId}:L${level + 1}:R${round + 1}:${person}:${channel}:${to.replace(/[^A-Za-z0-9@.+-]/g, '')}`;
}

/** The idempotency key of the notice that a closed page tells a person by one contact method: once per page, person and method. */
export function closingNoticeKey(pageId: string, person: string, channel: string, to: string): string {
  return `page-${pageId}:closed:${person}:${channel}:${to.replace(/[^A-Za-z0-9@.+-]/g, '')}`;
}

/** The delivery job of one closing notice: sent, retried and recorded as the page's deliveries are. */
export function closingNoticeJob(state: Pick<PageState, 'pageId'>, contact: ReachedContact, at: string): JobSpec {
  const key = closingNoticeKey(state.pageId, contact.person, contact.channel, contact.to);
  const delivery = { key, person: contact.person, channel: contact.channel, to: contact.to, level: contact.level, round: contact.round, attempt: 1, notice: 'closed' as const };
  return { key, kind: PAGE_DELIVER, dueAt: at, payload: { pageId: state.pageId, delivery } };
}

/** Seconds before delivery attempt `attempt + 1`: 5, 10, 20, 40 (growing to five minutes, were there more). */
export function deliveryBackoffSeconds(attempt: number): number {
  return Math.min(300, 5 * 2 ** (attempt - 1));
}

const later = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

export interface PageOpenPayload {
  incidentId: number;
  target: PageTarget;
  message: string;
  /** What the page tells its person, when that is its purpose (a handover): written into their language when it opens. */
  notice?: PageNotice;
  actor: string;
  at: string;
}

/** What a `page-close` job closes: the incident's pages (it was resolved), or its pages to the IC on call (`commander` took command at `since`). */
export interface PageClosePayload {
  incidentId: number;
  commander?: { person: string; since: string };
}

/**
 * Every incident event that asks for a page starts a `page-open` job in the
 * same commit, whatever entry (chat, API, alert) recorded it: pages are a
 * reaction to events, never sent inline. Resolving the incident starts a
 * `page-close` job that cancels its pages still escalating; someone taking
 * command (`!ic take`, a forced take, a handover) starts one that stops its
 * pages to the IC on call.
 */
export function pageOpenJobs(incidentId: number, events: readonly IncidentEvent[]): JobSpec[] {
  const jobs: JobSpec[] = [];
  events.forEach((event, index) => {
    if (event.type === 'incident.resolved') {
      const payload: PageClosePayload = { incidentId };
      jobs.push({ key: `page-close:${incidentId}`, kind: PAGE_CLOSE, dueAt: event.at, payload: { ...payload } });
      return;
    }
    if (event.type === 'commander.assigned') {
      const payload: PageClosePayload = { incidentId, commander: { person: event.person, since: event.at } };
      jobs.push({ key: `page-close:${incidentId}:commander:${event.at}:${index}`, kind: PAGE_CLOSE, dueAt: event.at, payload: { ...payload } });
      return;
    }
    let target: PageTarget | undefined;
    if (event.type === 'commander.paged') target = { kind: 'commander' };
    if (event.type === 'responders.paged') target = event.target;
    if (!target) return;
    const label = target.kind === 'commander' ? 'commander' : `${target.kind}:${target.name}`;
    const notice = event.type === 'responders.paged' ? event.notice : undefined;
    const payload: PageOpenPayload = { incidentId, target, message: 'message' in event ? event.message : '', ...(notice ? { notice } : {}), actor: event.actor, at: event.at };
    jobs.push({ key: `page-open:${incidentId}:${event.at}:${index}:${label}`, kind: PAGE_OPEN, dueAt: event.at, payload: { ...payload } });
  });
  return jobs;
}

function levelJobs(state: PageState, event: LevelStarted): JobSpec[] {
  const jobs: JobSpec[] = [];
  for (const recipient of event.recipients) {
    for (const contact of recipient.contacts) {
      const key = deliveryKey(state.pageId, event.level, event.round, recipient.person, contact.channel, contact.to);
      const delivery = { key, person: recipient.person, channel: contact.channel, to: contact.to, level: event.level, round: event.round, attempt: 1 };
      jobs.push({ key, kind: PAGE_DELIVER, dueAt: event.at, payload: { pageId: state.pageId, delivery } });
    }
  }
  // A level that reaches nobody who can acknowledge (a gap) escalates at once instead of waiting out its timeout.
  const timeout = event.recipients.some((recipient) => !recipient.shadow) ? (state.policy.levels[event.level]?.ackTimeoutSeconds ?? 300) : 0;
  jobs.push({ key: escalateJobKey(state.pageId), kind: PAGE_ESCALATE, dueAt: later(event.at, timeout), payload: { pageId: state.pageId } });
  return jobs;
}

function retryJob(state: PageState, event: DeliveryFailed): JobSpec {
  const { type: _type, at: _at, actor: _actor, error: _error, permanent: _permanent, willRetry: _willRetry, mayHaveRepeated: _repeated, ...delivery } = event;
  return {
    key: event.key,
    kind: PAGE_DELIVER,
    dueAt: later(event.at, deliveryBackoffSeconds(event.attempt)),
    payload: { pageId: state.pageId, delivery: { ...delivery, attempt: event.attempt + 1 } },
  };
}

/** The durable timers page events start and stop; committed with the events (`state` is the page after them). */
export function pageTimersFor(state: PageState, events: readonly PageEvent[]): { schedule: JobSpec[]; cancel: string[] } {
  const schedule: JobSpec[] = [];
  const cancel: string[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'page.level-started':
        schedule.push(...levelJobs(state, event));
        break;
      case 'page.delivery-failed':
        if (event.willRetry) schedule.push(retryJob(state, event));
        break;
      case 'page.cancelled':
        // Everyone it reached and who did not acknowledge hears it is closed, by the ways it reached them, in this same commit:
        // a second run of whatever cancelled it is refused by the page, so nobody is told twice.
        schedule.push(...closingNoticeContacts(state).map((contact) => closingNoticeJob(state, contact, event.at)));
        cancel.push(escalateJobKey(state.pageId));
        break;
      case 'page.acknowledged':
      case 'page.exhausted':
        // Pending deliveries stay: each checks the page first and skips once it is acknowledged or cancelled.
        cancel.push(escalateJobKey(state.pageId));
        break;
      case 'page.opened':
      case 'page.delivery-attempted':
      case 'page.delivered':
      case 'page.shadow-acknowledged':
        break;
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  }
  return { schedule, cancel };
}
