import { PermanentDeliveryError, type Logger, type Notifier } from '../../ports.js';
import { SEND_EMAIL, type EmailPayload } from '../comms/email-job.js';
import type { JobHandler } from './job-handler.js';

/**
 * Delivers one rendered email. A crash after the SMTP server accepted it but
 * before the job finished sends it again with the same idempotency key and
 * Message-ID, so mail systems keep one copy. A refused address parks the job
 * at once; other failures are retried until the runner parks it.
 */
export function sendEmail(notifier: Notifier | undefined, log: Logger): JobHandler {
  return {
    kind: SEND_EMAIL,
    maxAttempts: 12,
    timeLimitMs: 60_000,
    async run(job, _context, run) {
      const { to, subject, text, idempotencyKey, unsubscribeUrl } = job.payload as unknown as EmailPayload;
      if (!notifier) {
        log.warn({ job: job.key }, 'email is not configured (notifications.email); dropping the delivery');
        return { appends: [] };
      }
      try {
        await notifier.send({ channel: 'email', to, subject, text, idempotencyKey, ...(unsubscribeUrl ? { unsubscribeUrl } : {}) }, { signal: run.signal });
        log.info({ job: job.key }, 'email delivered');
        return { appends: [] };
      } catch (error) {
        if (!(error instanceof PermanentDeliveryError)) throw error;
        log.warn({ job: job.key, attempts: job.attempts }, 'email refused by the server; parked');
        return { appends: [], parkWith: error.message };
      }
    },
  };
}
