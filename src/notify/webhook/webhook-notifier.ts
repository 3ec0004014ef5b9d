import { PermanentDeliveryError, type Clock, type Notifier, type OutboundMessage } from '../../ports.js';
import { IDEMPOTENCY_HEADER, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signature.js';

export interface WebhookSettings {
  secret: string;
  timeoutSeconds: number;
}

/**
 * Pages as signed JSON POSTs. Headers: `X-Dont-Panic-Timestamp` (Unix seconds),
 * `X-Dont-Panic-Signature` (`v1=` hex HMAC-SHA256 of `<timestamp>.<body>`),
 * `X-Dont-Panic-Idempotency-Key` (the same for every retry of one delivery).
 */
export class WebhookNotifier implements Notifier {
  readonly channel = 'webhook';
  readonly maxCallMs: number;

  constructor(
    private readonly settings: WebhookSettings,
    private readonly clock: Clock,
  ) {
    this.maxCallMs = settings.timeoutSeconds * 1000;
  }

  async send(message: OutboundMessage, options: { signal?: AbortSignal } = {}): Promise<{ providerId?: string }> {
    const body = JSON.stringify({
      type: message.kind ?? 'page',
      idempotencyKey: message.idempotencyKey,
      subject: message.subject,
      text: message.text,
      data: message.data ?? {},
    });
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const response = await fetch(message.to, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'dont-panic-webhook/1',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(this.settings.secret, timestamp, body),
        [IDEMPOTENCY_HEADER]: message.idempotencyKey,
      },
      body,
      redirect: 'error',
      signal: options.signal
        ? AbortSignal.any([options.signal, AbortSignal.timeout(this.settings.timeoutSeconds * 1000)])
        : AbortSignal.timeout(this.settings.timeoutSeconds * 1000),
    });
    await response.body?.cancel();
    if (response.ok) return { providerId: response.headers.get('x-request-id') ?? undefined };
    // 4xx says the receiver will not take it as sent (gone, refused); 408, 429 and 5xx may pass later.
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      throw new PermanentDeliveryError(`webhook answered ${response.status}`);
    }
    throw new Error(`webhook answered ${response.status}`);
  }
}
