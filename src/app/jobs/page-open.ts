import { incidentLocale } from '../../domain/incident/rooms.js';
import { policyFor, resolveLevel } from '../../domain/oncall/escalation.js';
import { decidePage } from '../../domain/paging/decide.js';
import { foldPage, initialPageState } from '../../domain/paging/state.js';
import { isRefusal } from '../../domain/refusal.js';
import type { Commit, LeasedJob, StreamAppend } from '../../ports.js';
import { loadIncident } from '../incidents.js';
import { commanderCancel, commanderClosedLine } from '../paging/commander-pages.js';
import { noticeLocale, noticeMessage } from '../paging/page-notice.js';
import { incidentPagesStream, PAGE_LISTED, pageIdsOf, pageStream, toPageNewEvent } from '../paging/page-streams.js';
import { PAGE_OPEN, pageTimersFor, type PageOpenPayload } from '../paging/page-timers.js';
import { pagedPeople, reachedCommit } from '../paging/recipients.js';
import { roomStream } from '../streams.js';
import type { JobContext, JobHandler } from './job-handler.js';

/**
 * Opens the page an incident event asked for: picks the policy, resolves its
 * first level from the schedules now, and commits the page with its delivery
 * and escalation jobs and this job's completion — all or nothing. A page to
 * the IC on call that someone took command after asking for (before it could
 * open) is opened closed, as `page-close` would have closed it, and pages nobody.
 */
export const pageOpen: JobHandler = {
  kind: PAGE_OPEN,
  async run(job: LeasedJob, context: JobContext): Promise<Omit<Commit, 'finish'>> {
    const payload = job.payload as unknown as PageOpenPayload;
    const { store, organisation } = context;
    const loaded = await loadIncident(store, payload.incidentId);
    const incident = loaded.state;
    if (!incident.exists || incident.status !== 'open') return { appends: [] };
    await context.paging?.overrides?.refresh();
    const now = context.renderContext(organisation.defaultLocale).now;
    const at = now.toISOString();
    const policy = policyFor(organisation, payload.target);
    const first = resolveLevel(organisation, policy.levels[0], now);
    const { version } = await pageIdsOf(store, payload.incidentId);
    const pageId = `${payload.incidentId}-${version + 1}`;
    const decision = decidePage(initialPageState(), {
      type: 'open',
      at,
      actor: payload.actor,
      pageId,
      incidentId: payload.incidentId,
      room: incident.room,
      locale: incidentLocale(incident, organisation),
      target: payload.target,
      policy: { name: policy.name, repeat: policy.repeat, levels: policy.levels.map((level) => ({ targets: level.targets, ackTimeoutSeconds: level.ackTimeoutSeconds })) },
      // A page that tells its person something is written in their language (the event's message is the room's record of it).
      message: payload.notice ? noticeMessage(context.renderContext(noticeLocale(organisation, payload.target)), payload.notice, incident) : payload.message || incident.title,
      requestedAt: payload.at,
      first: { recipients: pagedPeople(organisation, first.recipients, incident), unfilled: [...first.unfilled] },
    });
    if (isRefusal(decision)) throw new Error(`cannot open page ${pageId}: ${decision.code}`);
    const listedPage: StreamAppend = { stream: incidentPagesStream(payload.incidentId), expectedVersion: version, events: [{ type: PAGE_LISTED, at, actor: payload.actor, data: { pageId } }] };
    const opened = foldPage(decision);
    const cancel = commanderCancel(opened, incident, at);
    const closed = cancel && decidePage(opened, cancel);
    if (closed && !isRefusal(closed)) {
      const ctx = context.renderContext(opened.locale ?? organisation.defaultLocale);
      return {
        appends: [
          listedPage,
          { stream: pageStream(pageId), expectedVersion: 0, events: [...decision, ...closed].map(toPageNewEvent) },
          { stream: roomStream(opened.room), expectedVersion: 'any', events: [commanderClosedLine(ctx, opened, incident.roles.commander!)] },
        ],
      };
    }
    const reached = reachedCommit(context.renderContext(opened.locale ?? organisation.defaultLocale), loaded, first.recipients, at);
    return {
      appends: [listedPage, { stream: pageStream(pageId), expectedVersion: 0, events: decision.map(toPageNewEvent) }, ...(reached?.appends ?? [])],
      ...pageTimersFor(opened, decision),
      incidents: reached?.incidents,
    };
  },
};
