import { PermanentDeliveryError, type Logger, type Notifier } from '../../ports.js';
import { SEND_EMAIL } from '../comms/email-job.js';
import type { JobHandler } from './job-handler.js';

const MAX_ATTEMPTS = 12;

/**
 * Delivers one rendered email. A crash after the SMTP server accepted it but
 * before the job finished sends it again with the same idempotency key
 * (header `X-Dont-Panic-Idempotency-Key`), so receivers can drop the copy.
 */
export function sendEmail(notifier: Notifier | undefined, log: Logger): JobHandler {
  return {
    kind: SEND_EMAIL,
    async run(job) {
      const { to, subject, text, idempotencyKey } = job.payload as Record<string, string>;
      if (!notifier) {
        log.warn({ job: job.key }, 'email is not configured (notifications.email); dropping the delivery');
        return { appends: [] };
      }
      try {
        await notifier.send({ channel: 'email', to, subject, text, idempotencyKey });
        log.info({ job: job.key }, 'email delivered');
      } catch (error) {
        if (error instanceof PermanentDeliveryError || job.attempts >= MAX_ATTEMPTS) {
          log.warn({ job: job.key, attempts: job.attempts, err: error }, 'email not deliverable, giving up');
          return { appends: [] };
        }
        throw error;
      }
      return { appends: [] };
    },
  };
}
