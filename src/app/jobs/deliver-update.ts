import type { Commit, JobSpec, StreamAppend } from '../../ports.js';
import { DELIVER_UPDATE } from '../comms/comms-timers.js';
import { addressHash, emailJob } from '../comms/email-job.js';
import { inboxEvent, inboxStream } from '../comms/inbox.js';
import { recipientsOf } from '../comms/subscribers.js';
import { loadIncident } from '../incidents.js';
import { personLabel, t, type RenderContext } from '../render/context.js';
import { botLine, roomStream } from '../streams.js';
import type { JobHandler } from './job-handler.js';

/**
 * Fans one executive summary out: `@here` in the executive room, an in-app
 * item for every subscriber, and one email job each. All of it commits with
 * this job's completion, so a restart delivers each exactly once to the
 * room and inboxes, and schedules each email once.
 */
export function deliverUpdate(options: { email: boolean }): JobHandler {
  return {
    kind: DELIVER_UPDATE,
    async run(job, context): Promise<Omit<Commit, 'finish'>> {
      const incidentId = Number(job.payload.incidentId);
      const n = Number(job.payload.n);
      const { state } = await loadIncident(context.store, incidentId);
      const update = state.comms.updates.find((candidate) => candidate.n === n);
      if (!update) return { appends: [] };
      const { organisation } = context;
      const render = (ctx: RenderContext) => {
        const params = { id: state.id, n, severity: state.severity, title: state.title, author: personLabel(ctx, update.by), text: update.text };
        return { subject: t(ctx, 'comms.update.subject', params), body: t(ctx, 'comms.update.body', params) };
      };

      const executive = organisation.rooms.get(organisation.contact.executiveRoom);
      const executiveCtx = context.renderContext(executive?.locale ?? organisation.defaultLocale);
      // A security incident stays out of the executive room: only the people who may see it hear of it.
      const appends: StreamAppend[] = state.private
        ? []
        : [
            {
              stream: roomStream(organisation.contact.executiveRoom),
              expectedVersion: 'any',
              events: [botLine(update.at, `@here ${render(executiveCtx).body}`, incidentId, 'executive-summary')],
            },
          ];
      const schedule: JobSpec[] = [];
      const now = executiveCtx.now.toISOString();
      for (const recipient of recipientsOf(state, organisation)) {
        const { subject, body } = render(context.renderContext(recipient.locale));
        if (recipient.handle) {
          appends.push({
            stream: inboxStream(recipient.handle),
            expectedVersion: 'any',
            events: [inboxEvent(update.at, { kind: 'executive-summary', incidentId, title: subject, text: body })],
          });
        }
        if (options.email && recipient.email) {
          const footer = t(context.renderContext(recipient.locale), 'comms.update.footer', { organisation: organisation.name });
          schedule.push(
            emailJob(now, { to: recipient.email, subject, text: `${body}\n\n${footer}`, idempotencyKey: `update:${incidentId}:${n}:${recipient.handle ?? addressHash(recipient.email)}` }),
          );
        }
      }
      return { appends, schedule };
    },
  };
}
