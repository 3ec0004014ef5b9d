import { incidentLocale } from '../../domain/incident/rooms.js';
import type { Commit, LeasedJob } from '../../ports.js';
import { loadIncident } from '../incidents.js';
import { durationLabel, personLabel, t } from '../render/context.js';
import { botLine, roomStream } from '../streams.js';
import { addSeconds, TIME_CALL, timeCallJobKey } from '../timers.js';
import type { JobContext, JobHandler } from './job-handler.js';

/** The deputy's time call (every 10 minutes by default): how long the incident has run, and at what severity. */
export const timeCall: JobHandler = {
  kind: TIME_CALL,
  async run(job: LeasedJob, context: JobContext): Promise<Omit<Commit, 'finish'>> {
    const incidentId = Number(job.payload.incidentId);
    const { state } = await loadIncident(context.store, incidentId);
    if (!state.exists || state.status !== 'open') return { appends: [] };
    const ctx = context.renderContext(incidentLocale(state, context.organisation));
    const now = ctx.now.toISOString();
    const text = t(ctx, 'timer.time_call', {
      id: incidentId,
      age: durationLabel(ctx, state.declaredAt),
      severity: state.severity,
      deputy: personLabel(ctx, state.roles.deputy),
    });
    const interval = context.organisation.timers.deputyTimeCallMinutes * 60;
    let next = addSeconds(job.dueAt, interval);
    if (next <= now) next = addSeconds(now, interval);
    return {
      appends: [{ stream: roomStream(state.room), expectedVersion: 'any', events: [{ ...botLine(now, text, incidentId, TIME_CALL), data: { text, incidentId, kind: TIME_CALL, tick: job.dueAt } }] }],
      schedule: [{ key: timeCallJobKey(incidentId), kind: TIME_CALL, dueAt: next, payload: { incidentId } }],
    };
  },
};
