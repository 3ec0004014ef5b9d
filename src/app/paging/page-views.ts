import type { PageState } from '../../domain/paging/state.js';
import { closingNoticeContacts, deliveryOutcome, isOpenPage } from '../../domain/paging/state.js';
import { closingNoticeKey, deliveryKey } from './page-timers.js';

export type DeliveryStatus = 'pending' | 'sent' | 'retrying' | 'failed' | 'skipped';

/** What the page recorded of one delivery key: its last outcome, and its calls to the provider. */
function deliveryFacts(page: PageState, key: string) {
  const last = deliveryOutcome(page, key);
  const attempts = page.deliveries.filter((delivery) => delivery.key === key);
  return {
    last,
    sentAt: last?.type === 'page.delivered' ? last.at : null,
    error: last?.type === 'page.delivery-failed' ? last.error : null,
    attempts: attempts.length,
    /** Calls to the provider started; more than the outcomes when one ended without an outcome. */
    calls: page.calls[key] ?? 0,
    /** An earlier call ended without an outcome (a crash mid-call): the receiver may have this twice. */
    mayHaveRepeated: attempts.some((attempt) => attempt.mayHaveRepeated === true),
  };
}

/** The closing notice a contact is due (`closingNoticeContacts`): on the row of the level and round that reached it last. */
function noticesOf(page: PageState) {
  const due = closingNoticeContacts(page);
  return (person: string, channel: string, to: string, level: number, round: number) => {
    const contact = due.find((c) => c.person === person && c.channel === channel && c.to === to && c.level === level && c.round === round);
    if (!contact) return null;
    const key = closingNoticeKey(page.pageId, person, channel, to);
    const { last, sentAt, error, calls, mayHaveRepeated } = deliveryFacts(page, key);
    const status: DeliveryStatus = last?.type === 'page.delivered' ? 'sent' : last?.type === 'page.delivery-failed' ? (last.willRetry ? 'retrying' : 'failed') : 'pending';
    return { status, idempotencyKey: key, sentAt, error, calls, mayHaveRepeated };
  };
}

/** One row per person, channel and level of a page: what `GET /api/v1/incidents/ID/pages` lists. */
export function pageRows(page: PageState) {
  const notice = noticesOf(page);
  return page.levels.flatMap((level) =>
    level.recipients.flatMap((recipient) =>
      recipient.contacts.map((contact) => {
        const key = deliveryKey(page.pageId, level.level, level.round, recipient.person, contact.channel, contact.to);
        const { last, ...facts } = deliveryFacts(page, key);
        let status: DeliveryStatus = isOpenPage(page) ? 'pending' : 'skipped';
        if (last?.type === 'page.delivered') status = 'sent';
        else if (last?.type === 'page.delivery-failed') status = last.willRetry && isOpenPage(page) ? 'retrying' : 'failed';
        return {
          pageId: page.pageId,
          policy: page.policy.name,
          target: page.target,
          person: recipient.person,
          shadow: recipient.shadow,
          channel: contact.channel,
          to: contact.to,
          level: level.level + 1,
          round: level.round + 1,
          status,
          idempotencyKey: key,
          requestedAt: level.at,
          sentAt: facts.sentAt,
          attempts: facts.attempts,
          calls: facts.calls,
          mayHaveRepeated: facts.mayHaveRepeated,
          error: facts.error,
          pageStatus: page.status,
          acknowledgedBy: page.acknowledgedBy ?? null,
          /** Why a cancelled page stopped: `incident-resolved`, or `commander-assigned` (then `commander` took command). */
          cancelReason: page.cancelled?.reason ?? null,
          commander: page.cancelled?.commander ?? null,
          closedAt: page.closedAt ?? null,
          /** The notice that the page is closed and nothing more is needed, for a contact it reached without an acknowledgement. */
          closingNotice: notice(recipient.person, contact.channel, contact.to, level.level, level.round),
        };
      }),
    ),
  );
}
