import { incidentLocale } from '../../domain/incident/rooms.js';
import type { Commit, LeasedJob } from '../../ports.js';
import { loadIncident } from '../incidents.js';
import { durationLabel, personLabel, t } from '../render/context.js';
import { botLine, roomStream } from '../streams.js';
import { addSeconds, HANDOVER_REMINDER, handoverJobKey } from '../timers.js';
import type { JobContext, JobHandler } from './job-handler.js';

/**
 * The runbook's limit on an IC's shift: suggest a hand-over after an hour,
 * insist at three. Only while the same person still holds the role.
 */
export const handoverReminder: JobHandler = {
  kind: HANDOVER_REMINDER,
  async run(job: LeasedJob, context: JobContext): Promise<Omit<Commit, 'finish'>> {
    const { incidentId, commander, since, stage } = job.payload as { incidentId: number; commander: string; since: string; stage: 'suggest' | 'insist' };
    const { state } = await loadIncident(context.store, incidentId);
    if (!state.exists || state.status !== 'open' || state.roles.commander !== commander) return { appends: [] };
    const ctx = context.renderContext(incidentLocale(state, context.organisation));
    const now = ctx.now.toISOString();
    const text = t(ctx, stage === 'suggest' ? 'timer.handover_suggest' : 'timer.handover_insist', {
      commander: personLabel(ctx, commander),
      onDuty: durationLabel(ctx, since),
    });
    const timers = context.organisation.timers;
    return {
      appends: [{ stream: roomStream(state.room), expectedVersion: 'any', events: [botLine(now, text, incidentId, HANDOVER_REMINDER)] }],
      schedule:
        stage === 'suggest'
          ? [{ key: handoverJobKey(incidentId), kind: HANDOVER_REMINDER, dueAt: addSeconds(since, timers.handoverInsistMinutes * 60), payload: { ...job.payload, stage: 'insist' } }]
          : [],
    };
  },
};
