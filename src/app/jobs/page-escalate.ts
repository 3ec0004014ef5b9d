import { nextStep, resolveLevel } from '../../domain/oncall/escalation.js';
import { decidePage } from '../../domain/paging/decide.js';
import { foldPage, responders } from '../../domain/paging/state.js';
import { isRefusal } from '../../domain/refusal.js';
import type { Commit, LeasedJob } from '../../ports.js';
import { loadIncident } from '../incidents.js';
import { commanderCancel, commanderClosedText } from '../paging/commander-pages.js';
import { phones, recipientLabel, timeoutLabel } from '../paging/paged-reply.js';
import { loadPage, pageStream, toPageNewEvent } from '../paging/page-streams.js';
import { PAGE_ESCALATE, pageTimersFor } from '../paging/page-timers.js';
import { pagedPeople, reachedCommit } from '../paging/recipients.js';
import { listed, personLabel, t } from '../render/context.js';
import { botLine, roomStream } from '../streams.js';
import type { JobContext, JobHandler } from './job-handler.js';

/**
 * The acknowledgement timeout of a level ran out: page the next level (from
 * the schedules as they are now), start the policy over, or give up and tell
 * the room whom to phone. Decided against the page's version: an
 * acknowledgement that lands first wins, and this run is dropped. A page the
 * `page-close` job should have stopped (the incident was resolved, or someone
 * took command of it) is stopped here instead of escalating.
 */
export const pageEscalate: JobHandler = {
  kind: PAGE_ESCALATE,
  async run(job: LeasedJob, context: JobContext): Promise<Omit<Commit, 'finish'>> {
    const pageId = String(job.payload.pageId);
    const { store, organisation } = context;
    const { state: page, version } = await loadPage(store, pageId);
    if (!page.exists || page.status !== 'paging') return { appends: [] };
    await context.paging?.overrides?.refresh();
    const ctx = context.renderContext(page.locale ?? organisation.defaultLocale);
    const now = ctx.now;
    const at = now.toISOString();
    const loaded = await loadIncident(store, page.incidentId);
    const incident = loaded.state;
    const step = nextStep(page.policy, page.level, page.round);
    const cancel = commanderCancel(page, incident, at);
    const commanded = cancel && decidePage(page, cancel);
    let decision;
    let line: string | undefined;
    let reached: Omit<Commit, 'finish'> | undefined;
    if (incident.status === 'resolved') {
      decision = decidePage(page, { type: 'cancel', at, actor: 'system', reason: 'incident-resolved' });
    } else if (commanded && !isRefusal(commanded)) {
      decision = commanded;
      line = commanderClosedText(ctx, pageId, incident.roles.commander!);
    } else if (step) {
      const level = resolveLevel(organisation, page.policy.levels[step.level], now);
      const recipients = pagedPeople(organisation, level.recipients, incident);
      decision = decidePage(page, { type: 'escalate', at, actor: 'system', next: { ...step, recipients, unfilled: [...level.unfilled] } });
      reached = reachedCommit(ctx, loaded, recipients, at);
      line = t(ctx, 'paging.room.escalated', {
        page: pageId,
        timeout: timeoutLabel(ctx, page.policy.levels[page.level]?.ackTimeoutSeconds ?? 0),
        level: step.level + 1,
        round: step.round + 1,
        people: listed(ctx, recipients.map((recipient) => recipientLabel(ctx, recipient))) || t(ctx, 'common.nobody'),
      });
    } else {
      decision = decidePage(page, { type: 'escalate', at, actor: 'system' });
      line = t(ctx, 'paging.room.exhausted', { page: pageId, phones: phones(ctx, [...responders(page)]) });
    }
    if (isRefusal(decision)) return { appends: [] };
    return {
      appends: [
        { stream: pageStream(pageId), expectedVersion: version, events: decision.map(toPageNewEvent) },
        ...(line ? [{ stream: roomStream(page.room), expectedVersion: 'any' as const, events: [botLine(at, line, page.incidentId, 'page')] }] : []),
        ...(reached?.appends ?? []),
      ],
      ...pageTimersFor(foldPage(decision, page), decision),
      incidents: reached?.incidents,
    };
  },
};
