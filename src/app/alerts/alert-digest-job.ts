import { loadIncident } from '../incidents.js';
import { incidentLocale } from '../../domain/incident/rooms.js';
import type { Commit, LeasedJob } from '../../ports.js';
import type { JobContext, JobHandler } from '../jobs/job-handler.js';
import { botLine, roomStream } from '../streams.js';
import { digestSuperseded } from '../../domain/alert/flood.js';
import { digestLine } from './alert-lines.js';
import { ALERT_DIGEST, loadAlertGroup } from './alert-streams.js';

/**
 * At the end of a grouping window that saw alerts start or resolve, posts the
 * group's one line with its counts. The post and the job's completion commit
 * together, so a restart never posts a window twice.
 */
export const alertDigest: JobHandler = {
  kind: ALERT_DIGEST,
  async run(job: LeasedJob, context: JobContext): Promise<Omit<Commit, 'finish'>> {
    const incidentId = Number(job.payload.incidentId);
    const { state } = await loadAlertGroup(context.store, incidentId);
    if (!state.exists) return { appends: [] };
    const { organisation } = context;
    const { state: incident } = await loadIncident(context.store, incidentId);
    const ctx = context.renderContext(incidentLocale(incident, organisation));
    const windowSeconds = Number(job.payload.windowSeconds);
    if (digestSuperseded(state, Number(job.payload.window), ctx.now.toISOString(), { windowSeconds })) return { appends: [] };
    const text = digestLine(ctx, state, String(job.payload.since), windowSeconds);
    return {
      appends: [{ stream: roomStream(state.room), expectedVersion: 'any', events: [botLine(ctx.now.toISOString(), text, incidentId, 'alert-group')] }],
    };
  },
};
