import { isRefusal } from '../../domain/refusal.js';
import type { Commit, LeasedJob } from '../../ports.js';
import { loadIncident } from '../incidents.js';
import type { JobContext, JobHandler } from '../jobs/job-handler.js';
import { PUBLIC_AUTO_CLOSE } from './comms-timers.js';
import { decideForCommit } from './incident-decision.js';

const NOTHING: Omit<Commit, 'finish'> = { appends: [] };

/**
 * A while after `!resolve` with no closing update approved, the public notice
 * closes itself with a neutral line; an approved closing update, or a reopen,
 * makes this a no-op.
 */
export const publicAutoClose: JobHandler = {
  kind: PUBLIC_AUTO_CLOSE,
  async run(job: LeasedJob, context: JobContext) {
    const loaded = await loadIncident(context.store, Number(job.payload.incidentId));
    if (!loaded.state.exists) return NOTHING;
    const room = context.organisation.rooms.get(loaded.state.room);
    const ctx = context.renderContext(room?.locale ?? context.organisation.defaultLocale);
    const decided = decideForCommit(ctx, loaded, { type: 'close-public', at: ctx.now.toISOString(), actor: 'system' });
    return isRefusal(decided) ? NOTHING : decided.commit;
  },
};
