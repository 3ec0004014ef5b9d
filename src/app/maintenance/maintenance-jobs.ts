import { endOf } from '../../domain/maintenance/window.js';
import type { Commit, JobSpec } from '../../ports.js';
import { addressHash, emailJob } from '../comms/email-job.js';
import type { JobContext, JobHandler } from '../jobs/job-handler.js';
import { t } from '../render/context.js';
import type { StatusSubscriptions } from '../status-page/subscriptions.js';
import { botLine, roomStream } from '../streams.js';
import { windowParams } from './maintenance-lines.js';
import { loadMaintenances, MAINTENANCE_END, MAINTENANCE_NOTICE, MAINTENANCE_START } from './maintenance-stream.js';

type Post = 'maintenance.started' | 'maintenance.over';

/** Tells the window's room that it started or ended, unless it was ended early meanwhile (then the command said so). */
function announce(kind: string, key: Post): JobHandler {
  return {
    kind,
    async run(job, context: JobContext): Promise<Omit<Commit, 'finish'>> {
      const { state } = await loadMaintenances(context.store);
      const window = state.windows.get(Number(job.payload.id));
      // Ended early meanwhile: the command already said so in the room.
      if (!window || (window.endedAt && window.endedAt <= job.dueAt)) return { appends: [] };
      const room = window.room ?? context.organisation.contact.chatRoom;
      const ctx = context.renderContext(context.organisation.rooms.get(room)?.locale ?? context.organisation.defaultLocale);
      const at = job.dueAt;
      return { appends: [{ stream: roomStream(room), expectedVersion: 'any', events: [botLine(at, t(ctx, key, windowParams(ctx, window)), undefined, 'maintenance')] }] };
    },
  };
}

export const maintenanceStarted = announce(MAINTENANCE_START, 'maintenance.started');
export const maintenanceOver = announce(MAINTENANCE_END, 'maintenance.over');

/** Mails the announcement to every confirmed status-page subscriber, in their language, once per window. */
export function maintenanceNotice(subscriptions: StatusSubscriptions): JobHandler {
  return {
    kind: MAINTENANCE_NOTICE,
    async run(job, context) {
      if (!subscriptions.enabled) return { appends: [] };
      const { state } = await loadMaintenances(context.store);
      const window = state.windows.get(Number(job.payload.id));
      if (!window || endOf(window) <= window.scheduledAt) return { appends: [] };
      const schedule: JobSpec[] = [];
      for (const subscriber of await subscriptions.confirmed()) {
        const ctx = context.renderContext(subscriber.locale);
        const params = {
          ...windowParams(ctx, window),
          title: context.organisation.comms.statusPage.title,
          url: `${context.organisation.comms.statusPage.publicUrl}/status`,
          unsubscribe: subscriptions.unsubscribeUrl(subscriber.email),
        };
        schedule.push(
          emailJob(ctx.now.toISOString(), {
            to: subscriber.email,
            subject: t(ctx, 'statuspage.mail.maintenance_subject', params),
            text: t(ctx, 'statuspage.mail.maintenance_body', params),
            idempotencyKey: `maintenance:${window.id}:${addressHash(subscriber.email)}`,
            unsubscribeUrl: params.unsubscribe,
          }),
        );
      }
      return { appends: [], schedule };
    },
  };
}
