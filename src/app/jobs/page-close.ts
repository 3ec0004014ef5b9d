import { decidePage } from '../../domain/paging/decide.js';
import { foldPage } from '../../domain/paging/state.js';
import { isRefusal } from '../../domain/refusal.js';
import type { Commit, JobSpec, LeasedJob, StreamAppend } from '../../ports.js';
import { loadIncident } from '../incidents.js';
import { loadPagesOf, pageStream, toPageNewEvent } from '../paging/page-streams.js';
import { PAGE_CLOSE, pageTimersFor } from '../paging/page-timers.js';
import type { JobContext, JobHandler } from './job-handler.js';

/** The incident was resolved: cancel its pages still escalating, with their escalation jobs, in one commit. */
export const pageClose: JobHandler = {
  kind: PAGE_CLOSE,
  async run(job: LeasedJob, context: JobContext): Promise<Omit<Commit, 'finish'>> {
    const incidentId = Number(job.payload.incidentId);
    const { state: incident } = await loadIncident(context.store, incidentId);
    // Reopened meanwhile: its pages carry on.
    if (incident.status !== 'resolved') return { appends: [] };
    const at = context.renderContext(context.organisation.defaultLocale).now.toISOString();
    const appends: StreamAppend[] = [];
    const cancel: string[] = [];
    const schedule: JobSpec[] = [];
    for (const { state, version } of await loadPagesOf(context.store, incidentId)) {
      const decision = decidePage(state, { type: 'cancel', at, actor: 'system', reason: 'incident-resolved' });
      if (isRefusal(decision)) continue;
      appends.push({ stream: pageStream(state.pageId), expectedVersion: version, events: decision.map(toPageNewEvent) });
      const timers = pageTimersFor(foldPage(decision, state), decision);
      cancel.push(...timers.cancel);
      schedule.push(...timers.schedule);
    }
    return { appends, cancel, schedule };
  },
};
