import { createHash } from 'node:crypto';
import type { JobSpec } from '../../ports.js';

export const SEND_EMAIL = 'send-email';

export interface EmailPayload {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Also the job's key: the same delivery is scheduled once and sent with this key. */
  readonly idempotencyKey: string;
  /** Mail to status-page subscribers: their one-click unsubscribe link, sent as the `List-Unsubscribe` header too. */
  readonly unsubscribeUrl?: string;
}

export function addressHash(email: string): string {
  return createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 24);
}

/** One email as one durable job, due now. Rendered before scheduling, so the job only delivers. */
export function emailJob(at: string, payload: EmailPayload): JobSpec {
  return { key: `email:${payload.idempotencyKey}`, kind: SEND_EMAIL, dueAt: at, payload: { ...payload } };
}
