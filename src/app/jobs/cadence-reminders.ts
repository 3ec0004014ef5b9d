import { incidentLocale } from '../../domain/incident/rooms.js';
import { lastExecutiveUpdateAt } from '../../domain/comms/comms-state.js';
import { isMajor } from '../../domain/incident/severity.js';
import { isRefusal } from '../../domain/refusal.js';
import type { Commit, LeasedJob } from '../../ports.js';
import { addMinutes, EXECUTIVE_SUMMARY_DUE, executiveJobKey, PUBLIC_UPDATE_DUE, publicJobKey } from '../comms/comms-timers.js';
import { decideForCommit } from '../comms/incident-decision.js';
import { loadIncident } from '../incidents.js';
import { durationLabel, personLabel, t } from '../render/context.js';
import type { JobContext, JobHandler } from './job-handler.js';

const NOTHING: Omit<Commit, 'finish'> = { appends: [] };

/**
 * Executive summaries are due every 30 minutes of a major incident. When one
 * is missed the internal liaison is reminded; if still nobody posts, the IC.
 * Each miss is an `update.missed` event on the timeline, committed with the
 * next reminder and this job's completion.
 */
export const executiveSummaryDue: JobHandler = {
  kind: EXECUTIVE_SUMMARY_DUE,
  async run(job: LeasedJob, context: JobContext) {
    const incidentId = Number(job.payload.incidentId);
    const level = job.payload.level === 'commander' ? 'commander' : 'liaison';
    const loaded = await loadIncident(context.store, incidentId);
    const { state } = loaded;
    if (!state.exists || state.status !== 'open' || !isMajor(state.severity)) return NOTHING;
    const ctx = context.renderContext(incidentLocale(state, context.organisation));
    const now = ctx.now.toISOString();
    const { timers } = context.organisation;
    const last = lastExecutiveUpdateAt(state.comms) ?? state.declaredAt;
    if (level === 'liaison' && addMinutes(last, timers.executiveSummaryMinutes) > now) {
      return { appends: [], schedule: [{ ...reschedule(job), dueAt: addMinutes(last, timers.executiveSummaryMinutes) }] };
    }
    const decided = decideForCommit(ctx, loaded, { type: 'record-missed-update', at: now, actor: 'system', audience: 'executive', level }, () => [
      t(ctx, `comms.reminder.executive_${level}`, {
        person: personLabel(ctx, level === 'liaison' ? (state.roles.internal ?? state.roles.commander) : state.roles.commander),
        ago: durationLabel(ctx, last),
        room: context.organisation.contact.executiveRoom,
      }),
    ]);
    if (isRefusal(decided)) return NOTHING;
    const nextLevel = level === 'liaison' ? 'commander' : 'liaison';
    const nextDue = addMinutes(now, level === 'liaison' ? timers.executiveEscalationMinutes : timers.executiveSummaryMinutes);
    return {
      ...decided.commit,
      schedule: [...(decided.commit.schedule ?? []), { key: executiveJobKey(incidentId), kind: EXECUTIVE_SUMMARY_DUE, dueAt: nextDue, payload: { incidentId, level: nextLevel } }],
    };
  },
};

/**
 * After the decision to go public: the first public update within 5 minutes,
 * then at least every 20 minutes for the first 2 hours. A miss reminds the
 * customer liaison (the IC when there is none).
 */
export const publicUpdateDue: JobHandler = {
  kind: PUBLIC_UPDATE_DUE,
  async run(job: LeasedJob, context: JobContext) {
    const incidentId = Number(job.payload.incidentId);
    const loaded = await loadIncident(context.store, incidentId);
    const { state } = loaded;
    const since = state.comms.publicSince;
    if (!state.exists || state.status !== 'open' || !since) return NOTHING;
    const ctx = context.renderContext(incidentLocale(state, context.organisation));
    const now = ctx.now.toISOString();
    const { timers } = context.organisation;
    const windowEnd = addMinutes(since, timers.publicUpdateWindowMinutes);
    if (now > windowEnd) return NOTHING;
    const last = state.comms.lastPublishedAt;
    const due = last ? addMinutes(last, timers.publicUpdateMinutes) : addMinutes(since, timers.firstPublicUpdateMinutes);
    if (due > now) return { appends: [], schedule: [{ ...reschedule(job), dueAt: due }] };
    const decided = decideForCommit(ctx, loaded, { type: 'record-missed-update', at: now, actor: 'system', audience: 'public', level: 'liaison' }, () => [
      t(ctx, last ? 'comms.reminder.public_every' : 'comms.reminder.public_first', {
        person: personLabel(ctx, state.roles.customer ?? state.roles.commander),
        ago: durationLabel(ctx, last ?? since),
        every: timers.publicUpdateMinutes,
        first: timers.firstPublicUpdateMinutes,
      }),
    ]);
    if (isRefusal(decided)) return NOTHING;
    const next = addMinutes(now, last ? timers.publicUpdateMinutes : timers.firstPublicUpdateMinutes);
    const schedule = next <= windowEnd ? [{ key: publicJobKey(incidentId), kind: PUBLIC_UPDATE_DUE, dueAt: next, payload: { incidentId } }] : [];
    return { ...decided.commit, schedule: [...(decided.commit.schedule ?? []), ...schedule] };
  },
};

function reschedule(job: LeasedJob) {
  return { key: job.key, kind: job.kind, dueAt: job.dueAt, payload: job.payload };
}
