import type { Delivery } from '../../domain/paging/events.js';
import { decidePage } from '../../domain/paging/decide.js';
import { closingNoticeContacts, deliveryOutcome, foldPage, pageReached, isOpenPage, type PageState } from '../../domain/paging/state.js';
import { isRefusal } from '../../domain/refusal.js';
import { PermanentDeliveryError, type LeasedJob, type StreamAppend } from '../../ports.js';
import { loadIncident } from '../incidents.js';
import { closingNoticeMessage } from '../paging/closing-notice.js';
import { chatPageLine, pageMessage } from '../paging/page-message.js';
import { loadPage, pageStream, toPageNewEvent } from '../paging/page-streams.js';
import { closingNoticeJob, deliveryBackoffSeconds, MAX_DELIVERY_ATTEMPTS, PAGE_DELIVER, pageTimersFor } from '../paging/page-timers.js';
import { personLabel, t } from '../render/context.js';
import { botLine, roomStream } from '../streams.js';
import type { JobContext, JobEffects, JobHandler, JobRun } from './job-handler.js';

const NOTHING = { appends: [] };

/** Longer than any provider call may take (webhooks up to 60 s, SMTP about 40 s). */
export const DELIVERY_TIME_LIMIT_MS = 75_000;
/** Between reading the clock and the call starting, and the call's end and the abort taking hold. */
const CALL_MARGIN_MS = 2000;

function failureLine(context: JobContext, page: PageState, delivery: Delivery, error: string): string {
  const { organisation } = context;
  const roomCtx = context.renderContext(page.locale ?? organisation.defaultLocale);
  return t(roomCtx, 'paging.room.delivery_failed', {
    person: personLabel(roomCtx, delivery.person),
    channel: t(roomCtx, `paging.channel.${delivery.channel}`),
    page: page.pageId,
    tries: delivery.attempt,
    error,
    phone: organisation.people.get(delivery.person)?.phone ?? t(roomCtx, 'common.no_phone'),
  });
}

/**
 * The room's word after the first failure to reach a person by a channel on a
 * page (not at each retry): it is being retried, and their phone to call now.
 */
function retryingLine(context: JobContext, page: PageState, delivery: Delivery, error: string): string {
  const { organisation } = context;
  const roomCtx = context.renderContext(page.locale ?? organisation.defaultLocale);
  let seconds = 0;
  for (let attempt = delivery.attempt; attempt < MAX_DELIVERY_ATTEMPTS; attempt++) seconds += deliveryBackoffSeconds(attempt);
  return t(roomCtx, 'paging.room.delivery_retrying', {
    person: personLabel(roomCtx, delivery.person),
    channel: t(roomCtx, `paging.channel.${delivery.channel}`),
    page: page.pageId,
    error,
    left: MAX_DELIVERY_ATTEMPTS - delivery.attempt,
    seconds,
    phone: organisation.people.get(delivery.person)?.phone ?? t(roomCtx, 'common.no_phone'),
  });
}

/** Whether an earlier delivery of this page to the person by this channel failed already (the room was told then). */
function failedBefore(page: PageState, delivery: Delivery): boolean {
  return page.deliveries.some((earlier) => earlier.type === 'page.delivery-failed' && earlier.person === delivery.person && earlier.channel === delivery.channel);
}

/**
 * Sends one delivery of a page. The attempt is recorded (under the job's
 * lease) before the provider is called, and its outcome in the commit that
 * finishes the job. So a second run of the same delivery knows whether a call
 * may still be under way elsewhere (it waits until that call's time limit has
 * passed, and never sends while it may), or ended without an outcome — a
 * crash mid-call: then it sends again with the same idempotency key and the
 * page's record says the receiver may have it twice — unless the notifier
 * could ask its provider and found the earlier message gone out (Twilio SMS):
 * then it sends nothing and records that message's id.
 *
 * A closing notice (`delivery.notice`: the page was cancelled, nothing more is
 * needed from its person) goes through the same steps, once the page is
 * cancelled and only to a contact the page reached; a page delivery that
 * went out while the page was being cancelled schedules its notice itself.
 */
export const pageDeliver: JobHandler = {
  kind: PAGE_DELIVER,
  timeLimitMs: DELIVERY_TIME_LIMIT_MS,
  async run(job: LeasedJob, context: JobContext, run: JobRun): Promise<JobEffects> {
    const pageId = String(job.payload.pageId);
    const delivery = job.payload.delivery as Delivery;
    const { store, organisation, paging } = context;
    const notice = delivery.notice === 'closed';
    const { state: page } = await loadPage(store, pageId);
    if (!page.exists || deliveryOutcome(page, delivery.key)?.type === 'page.delivered') return NOTHING;
    if (notice ? page.status !== 'cancelled' : !isOpenPage(page)) return NOTHING;
    const { state: incident } = await loadIncident(store, page.incidentId);
    // A resolved incident pages nobody more; its escalation job closes the page. Its closing notices still go out.
    if (!notice && incident.status === 'resolved') return NOTHING;
    const person = organisation.people.get(delivery.person);
    const ctx = context.renderContext(person?.locale ?? organisation.defaultLocale);
    const at = ctx.now.toISOString();
    const appends: StreamAppend[] = [];
    if (notice) {
      // Told only by a way the page reached them; a page call still under way as the page closed is waited for.
      const reached = pageReached(page, delivery, at);
      if (reached === false) return NOTHING;
      if (reached !== true) return { appends: [], schedule: [{ key: job.key, kind: job.kind, dueAt: reached.until, payload: job.payload }] };
    }

    let outcome: { outcome: 'sent'; providerId?: string } | { outcome: 'failed'; error: string; permanent: boolean; willRetry: boolean };
    let mayHaveRepeated = false;
    if (delivery.channel === 'chat') {
      const roomCtx = context.renderContext(page.locale ?? organisation.defaultLocale);
      appends.push({ stream: roomStream(page.room), expectedVersion: 'any', events: [botLine(at, chatPageLine(roomCtx, page, delivery), page.incidentId, 'page')] });
      outcome = { outcome: 'sent' };
    } else {
      const earlier = page.inFlight[delivery.key];
      // A run that lost its lease may still be calling the provider: never call alongside it, wait until it has surely ended.
      if (earlier && earlier.until > at) return { appends: [], schedule: [{ key: job.key, kind: job.kind, dueAt: earlier.until, payload: job.payload }] };
      mayHaveRepeated = earlier !== undefined;
      const notifier = paging?.notifiers.get(delivery.channel);
      // The call is surely over by `until`: the notifier's own timeouts end it, and this run aborts it then at the latest.
      const callMs = notifier?.maxCallMs ?? 0;
      const until = new Date(ctx.now.getTime() + callMs + CALL_MARGIN_MS).toISOString();
      const attempted = decidePage(page, { type: 'record-attempt', at, actor: 'system', delivery, until });
      if (isRefusal(attempted)) return NOTHING;
      await run.commitUnderLease({ appends: [{ stream: pageStream(pageId), expectedVersion: 'any', events: attempted.map(toPageNewEvent) }] });
      try {
        if (!notifier || !paging) throw new PermanentDeliveryError(`no ${delivery.channel} notifier is configured`);
        // Whatever recording the attempt took comes off the call's time, so it ends before `until`.
        const left = Date.parse(until) - CALL_MARGIN_MS / 2 - paging.clock.now().getTime();
        if (left <= 0) throw new Error('recording the attempt took too long; the call was not made');
        const signal = AbortSignal.any([run.signal, AbortSignal.timeout(left)]);
        // After a call that ended without an outcome, a notifier that can ask its provider whether it went out does so first.
        const recorded = deliveryOutcome(page, delivery.key) as { providerId?: string } | undefined;
        const resume = earlier ? { since: earlier.at, ...(recorded?.providerId ? { providerId: recorded.providerId } : {}) } : undefined;
        const message = notice ? closingNoticeMessage(ctx, page, incident, delivery) : pageMessage(ctx, page, incident, delivery, paging.links.link(pageId, delivery.person));
        const sent = await notifier.send(message, { signal, ...(resume ? { resume } : {}) });
        // The provider had the earlier call's message and nothing was sent again: the receiver has it once.
        if (sent.alreadySent) mayHaveRepeated = false;
        outcome = { outcome: 'sent', ...(sent.providerId ? { providerId: sent.providerId } : {}) };
      } catch (error) {
        if (run.signal.aborted) throw error;
        const permanent = error instanceof PermanentDeliveryError;
        const willRetry = !permanent && delivery.attempt < MAX_DELIVERY_ATTEMPTS;
        outcome = { outcome: 'failed', error: String((error as Error)?.message ?? error).slice(0, 500), permanent, willRetry };
      }
    }
    const decision = decidePage(page, { type: 'record-delivery', at: context.renderContext(organisation.defaultLocale).now.toISOString(), actor: 'system', delivery, mayHaveRepeated, ...outcome });
    if (isRefusal(decision)) return NOTHING;
    // Outcomes append whatever else happened to the page meanwhile (an ack), so recording never conflicts and never re-sends.
    appends.unshift({ stream: pageStream(pageId), expectedVersion: 'any', events: decision.map(toPageNewEvent) });
    const effects = { appends, ...pageTimersFor(foldPage(decision, page), decision) };
    if (notice) {
      // The room was told the page is closed; a notice it could not deliver is kept for `dont-panic jobs`, with no line there.
      return outcome.outcome === 'failed' && !outcome.willRetry ? { ...effects, parkWith: outcome.error } : effects;
    }
    if (outcome.outcome === 'sent' && delivery.channel !== 'chat') {
      // Cancelled while this call was under way (after `page-close` read the page): its person hears it is closed too,
      // if the page's own rule (`closingNoticeContacts`) says they are due a notice by this way.
      const { state: now } = await loadPage(store, pageId);
      const due = closingNoticeContacts(now).find((contact) => contact.person === delivery.person && contact.channel === delivery.channel && contact.to === delivery.to);
      if (due) effects.schedule.push(closingNoticeJob(now, due, at));
    }
    if (outcome.outcome === 'failed' && !outcome.willRetry) {
      // A delivery that will not happen: tell the room, with the number to call instead, and keep the job for `dont-panic jobs`.
      appends.push({ stream: roomStream(page.room), expectedVersion: 'any', events: [botLine(at, failureLine(context, page, delivery, outcome.error), page.incidentId, 'page')] });
      return { ...effects, parkWith: outcome.error };
    }
    if (outcome.outcome === 'failed' && !failedBefore(page, delivery)) {
      appends.push({ stream: roomStream(page.room), expectedVersion: 'any', events: [botLine(at, retryingLine(context, page, delivery, outcome.error), page.incidentId, 'page')] });
    }
    return effects;
  },
  async parked(job, error, context) {
    const { state: page } = await loadPage(context.store, String(job.payload.pageId));
    if (!page.exists || (job.payload.delivery as Delivery).notice) return NOTHING;
    const delivery = { ...(job.payload.delivery as Delivery), attempt: job.attempts };
    return { appends: [{ stream: roomStream(page.room), expectedVersion: 'any', events: [botLine(context.renderContext(context.organisation.defaultLocale).now.toISOString(), failureLine(context, page, delivery, error), page.incidentId, 'page')] }] };
  },
};
