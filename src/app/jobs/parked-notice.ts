import { incidentLocale } from '../../domain/incident/rooms.js';
import type { Commit, LeasedJob } from '../../ports.js';
import { loadIncident } from '../incidents.js';
import { t } from '../render/context.js';
import { botLine, roomStream } from '../streams.js';
import type { JobContext } from './job-handler.js';

/** The default word to the incident's room when one of its jobs is parked (the job names its incident as `incidentId`). */
export async function parkedNotice(job: LeasedJob, error: string, context: JobContext): Promise<Omit<Commit, 'finish' | 'park' | 'lease'>> {
  const id = job.payload.incidentId;
  if (typeof id !== 'number') return { appends: [] };
  const { state } = await loadIncident(context.store, id);
  if (!state.exists) return { appends: [] };
  const { organisation } = context;
  const ctx = context.renderContext(incidentLocale(state, organisation));
  const text = t(ctx, 'jobs.could_not_run', { key: job.key, kind: job.kind, attempts: job.attempts, error });
  return { appends: [{ stream: roomStream(state.room), expectedVersion: 'any', events: [botLine(ctx.now.toISOString(), text, id, 'job')] }] };
}
