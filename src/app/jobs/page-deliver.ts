import type { Delivery } from '../../domain/paging/events.js';
import { decidePage } from '../../domain/paging/decide.js';
import { deliveryOutcome, foldPage, stillDelivering } from '../../domain/paging/state.js';
import { isRefusal } from '../../domain/refusal.js';
import { PermanentDeliveryError, type Commit, type LeasedJob, type StreamAppend } from '../../ports.js';
import { loadIncident } from '../incidents.js';
import { chatPageLine, pageMessage } from '../paging/page-message.js';
import { loadPage, pageStream, toPageNewEvent } from '../paging/page-streams.js';
import { MAX_DELIVERY_ATTEMPTS, PAGE_DELIVER, pageTimersFor } from '../paging/page-timers.js';
import { personLabel, t } from '../render/context.js';
import { botLine, roomStream } from '../streams.js';
import type { JobContext, JobHandler } from './job-handler.js';

const NOTHING = { appends: [] };

/**
 * Sends one delivery of a page and records the outcome in the commit that
 * finishes the job. A crash after sending and before that commit sends again
 * on restart with the same idempotency key, which receivers use to drop the
 * repeat; the lease keeps a second instance from sending it meanwhile.
 */
export const pageDeliver: JobHandler = {
  kind: PAGE_DELIVER,
  async run(job: LeasedJob, context: JobContext): Promise<Omit<Commit, 'finish'>> {
    const pageId = String(job.payload.pageId);
    const delivery = job.payload.delivery as Delivery;
    const { store, organisation, paging } = context;
    const { state: page } = await loadPage(store, pageId);
    if (!page.exists || !stillDelivering(page) || deliveryOutcome(page, delivery.key)?.type === 'page.delivered') return NOTHING;
    const { state: incident } = await loadIncident(store, page.incidentId);
    // A resolved incident pages nobody more; its escalation job closes the page.
    if (incident.status === 'resolved') return NOTHING;
    const person = organisation.people.get(delivery.person);
    const ctx = context.renderContext(person?.locale ?? organisation.defaultLocale);
    const at = ctx.now.toISOString();
    const appends: StreamAppend[] = [];

    let outcome: { outcome: 'sent'; providerId?: string } | { outcome: 'failed'; error: string; permanent: boolean; willRetry: boolean };
    if (delivery.channel === 'chat') {
      const roomCtx = context.renderContext(page.locale ?? organisation.defaultLocale);
      appends.push({ stream: roomStream(page.room), expectedVersion: 'any', events: [botLine(at, chatPageLine(roomCtx, page, delivery), page.incidentId, 'page')] });
      outcome = { outcome: 'sent' };
    } else {
      const notifier = paging?.notifiers.get(delivery.channel);
      try {
        if (!notifier || !paging) throw new PermanentDeliveryError(`no ${delivery.channel} notifier is configured`);
        const sent = await notifier.send(pageMessage(ctx, page, incident, delivery, paging.links.link(pageId, delivery.person)));
        outcome = { outcome: 'sent', ...(sent.providerId ? { providerId: sent.providerId } : {}) };
      } catch (error) {
        const permanent = error instanceof PermanentDeliveryError;
        const willRetry = !permanent && delivery.attempt < MAX_DELIVERY_ATTEMPTS;
        outcome = { outcome: 'failed', error: String((error as Error)?.message ?? error).slice(0, 500), permanent, willRetry };
        if (!willRetry) {
          // A delivery that will not happen: tell the room, with the number to call instead.
          const roomCtx = context.renderContext(page.locale ?? organisation.defaultLocale);
          const text = t(roomCtx, 'paging.room.delivery_failed', {
            person: personLabel(roomCtx, delivery.person),
            channel: t(roomCtx, `paging.channel.${delivery.channel}`),
            page: pageId,
            phone: person?.phone ?? t(roomCtx, 'common.no_phone'),
          });
          appends.push({ stream: roomStream(page.room), expectedVersion: 'any', events: [botLine(at, text, page.incidentId, 'page')] });
        }
      }
    }
    const decision = decidePage(page, { type: 'record-delivery', at, actor: 'system', delivery, ...outcome });
    if (isRefusal(decision)) return NOTHING;
    // Outcomes append whatever else happened to the page meanwhile (an ack), so recording never conflicts and never re-sends.
    appends.unshift({ stream: pageStream(pageId), expectedVersion: 'any', events: decision.map(toPageNewEvent) });
    return { appends, ...pageTimersFor(foldPage(decision, page), decision) };
  },
};
