import type { JobHandler } from '../../app/jobs/job-handler.js';
import { enqueue } from './slack-outbox.js';

export const ARCHIVE_JOB = 'slack-archive';

/** A resolved incident's channel, archived once the configured delay has passed (cancelled by `!reopen`). */
export const archiveJob: JobHandler = {
  kind: ARCHIVE_JOB,
  async run(job) {
    const key = String(job.payload.key);
    return enqueue(key, [{ kind: 'archive', key }], job.dueAt);
  },
};
