import { incidentLocale } from '../../domain/incident/rooms.js';
import type { Commit, LeasedJob } from '../../ports.js';
import { loadIncident } from '../incidents.js';
import { t } from '../render/context.js';
import { statusView } from '../render/views.js';
import { botLine, roomStream } from '../streams.js';
import { addSeconds, stalkJobKey, STATUS_STALK } from '../timers.js';
import type { JobContext, JobHandler } from './job-handler.js';

/**
 * Posts the status into the room and schedules the next tick, in the same
 * commit that finishes this one: a crash either posts and moves on, or does
 * neither, so a restart never doubles a post.
 */
export const statusStalk: JobHandler = {
  kind: STATUS_STALK,
  async run(job: LeasedJob, context: JobContext): Promise<Omit<Commit, 'finish'>> {
    const incidentId = Number(job.payload.incidentId);
    const { state } = await loadIncident(context.store, incidentId);
    if (!state.exists || !state.stalking || state.status !== 'open') return { appends: [] };
    const ctx = context.renderContext(incidentLocale(state, context.organisation));
    const interval = context.organisation.timers.statusStalkSeconds;
    const text = `${t(ctx, 'status.stalk_header', { seconds: interval })}\n${statusView(ctx, state)}`;
    const now = ctx.now.toISOString();
    // Ticks keep their cadence; after downtime, resume from now instead of posting a burst.
    let next = addSeconds(job.dueAt, interval);
    if (next <= now) next = addSeconds(now, interval);
    return {
      appends: [{ stream: roomStream(state.room), expectedVersion: 'any', events: [{ ...botLine(now, text, incidentId, 'status-stalk'), data: { text, incidentId, kind: 'status-stalk', tick: job.dueAt } }] }],
      schedule: [{ key: stalkJobKey(incidentId), kind: STATUS_STALK, dueAt: next, payload: { incidentId } }],
    };
  },
};
