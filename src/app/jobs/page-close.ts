import { decidePage } from '../../domain/paging/decide.js';
import type { CancelPage } from '../../domain/paging/commands.js';
import { foldPage } from '../../domain/paging/state.js';
import { isRefusal } from '../../domain/refusal.js';
import type { Commit, JobSpec, LeasedJob, StreamAppend } from '../../ports.js';
import { loadIncident } from '../incidents.js';
import { commanderClosedLine } from '../paging/commander-pages.js';
import { loadPagesOf, pageStream, toPageNewEvent } from '../paging/page-streams.js';
import { PAGE_CLOSE, pageTimersFor, type PageClosePayload } from '../paging/page-timers.js';
import { roomStream } from '../streams.js';
import type { JobContext, JobHandler } from './job-handler.js';

/**
 * Stops an incident's pages still escalating, with their escalation jobs, in
 * one commit: all of them when the incident was resolved; its pages to the IC
 * on call when someone took command (each decided by the page: a page asked
 * for after that goes on), and the room is told who is IC now.
 */
export const pageClose: JobHandler = {
  kind: PAGE_CLOSE,
  async run(job: LeasedJob, context: JobContext): Promise<Omit<Commit, 'finish'>> {
    const { incidentId, commander } = job.payload as unknown as PageClosePayload;
    const { state: incident } = await loadIncident(context.store, incidentId);
    // Resolved: its pages all close. Reopened meanwhile: they carry on. Someone took command: the incident is open.
    if (incident.status !== (commander ? 'open' : 'resolved')) return { appends: [] };
    const now = context.renderContext(context.organisation.defaultLocale).now;
    const at = now.toISOString();
    // The IC now, who may have handed over since: the room hears who leads.
    const ic = incident.roles.commander;
    if (commander && !ic) return { appends: [] };
    const command: CancelPage = commander ? { type: 'cancel', at, actor: 'system', reason: 'commander-assigned', commander: ic!, since: commander.since } : { type: 'cancel', at, actor: 'system', reason: 'incident-resolved' };
    const appends: StreamAppend[] = [];
    const cancel: string[] = [];
    const schedule: JobSpec[] = [];
    for (const { state, version } of await loadPagesOf(context.store, incidentId)) {
      const decision = decidePage(state, command);
      if (isRefusal(decision)) continue;
      appends.push({ stream: pageStream(state.pageId), expectedVersion: version, events: decision.map(toPageNewEvent) });
      if (commander) {
        const ctx = context.renderContext(state.locale ?? context.organisation.defaultLocale);
        appends.push({ stream: roomStream(state.room), expectedVersion: 'any', events: [commanderClosedLine(ctx, state, ic!)] });
      }
      const timers = pageTimersFor(foldPage(decision, state), decision);
      cancel.push(...timers.cancel);
      schedule.push(...timers.schedule);
    }
    return { appends, cancel, schedule };
  },
};
