import { addressHash, emailJob } from '../comms/email-job.js';
import { NOTIFY_STATUS_SUBSCRIBERS } from '../comms/comms-timers.js';
import { loadIncident } from '../incidents.js';
import { t } from '../render/context.js';
import { statusPageUrl } from '../render/comms-replies.js';
import type { StatusSubscriptions } from '../status-page/subscriptions.js';
import type { JobHandler } from './job-handler.js';

/**
 * Mails a published public update to every confirmed status-page subscriber,
 * each in the language they subscribed in, with a one-click unsubscribe link.
 * Only `public.published` starts this job: drafts never leave the room.
 */
export function notifyStatusSubscribers(subscriptions: StatusSubscriptions): JobHandler {
  return {
    kind: NOTIFY_STATUS_SUBSCRIBERS,
    async run(job, context) {
      if (!subscriptions.enabled) return { appends: [] };
      const incidentId = Number(job.payload.incidentId);
      const n = Number(job.payload.n);
      const { state } = await loadIncident(context.store, incidentId);
      const draft = state.comms.drafts.find((candidate) => candidate.n === n && candidate.publishedAt);
      if (!draft) return { appends: [] };
      const schedule = [];
      for (const subscriber of await subscriptions.confirmed()) {
        const ctx = context.renderContext(subscriber.locale);
        const params = {
          title: context.organisation.comms.statusPage.title,
          id: incidentId,
          text: draft.text,
          url: statusPageUrl(ctx, incidentId),
          unsubscribe: subscriptions.unsubscribeUrl(subscriber.email),
        };
        schedule.push(
          emailJob(ctx.now.toISOString(), {
            to: subscriber.email,
            subject: t(ctx, 'statuspage.mail.update_subject', params),
            text: t(ctx, 'statuspage.mail.update_body', params),
            idempotencyKey: `status-update:${incidentId}:${n}:${addressHash(subscriber.email)}`,
            unsubscribeUrl: params.unsubscribe,
          }),
        );
      }
      return { appends: [], schedule };
    },
  };
}
