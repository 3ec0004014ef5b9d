import { createHash } from 'node:crypto';
import twilio from 'twilio';
import { PermanentDeliveryError, type Notifier, type OutboundMessage, type SendOptions, type SendResult } from '../../ports.js';

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  from: string;
  /** Twilio itself, or any Twilio-compatible API. */
  apiBaseUrl: string;
}

const TWILIO_API = 'https://api.twilio.com';
const CALL_TIMEOUT_MS = 30_000;

interface TwilioMessage {
  sid: string;
  body: string | null;
  status: string;
}

/** The slice of the twilio client this adapter uses. */
interface TwilioClient {
  messages: {
    create(params: { to: string; from: string; body: string }): Promise<{ sid: string }>;
    list(params: { to: string; from: string; dateSentAfter: Date; limit: number }): Promise<TwilioMessage[]>;
  } & ((sid: string) => { fetch(): Promise<TwilioMessage> });
  calls: { create(params: { to: string; from: string; twiml: string }): Promise<{ sid: string }> };
}

/** A message in one of these states went out (or will without another request); failed, undelivered or canceled ones did not. */
const WENT_OUT = new Set(['accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'read', 'partially_delivered']);
/** Twilio's clock against ours: a wider window costs nothing, the marker matches only this key's messages. */
const CLOCK_SKEW_MS = 60_000;
/** Enough for the few messages one number gets from us in the minutes since a crashed attempt. */
const LIST_LIMIT = 200;

/**
 * Twilio keeps no idempotency key on Messages, so the key travels in the body
 * as a short marker (a hash, no words): a resend after a crash can look for it.
 */
export function idempotencyMarker(idempotencyKey: string): string {
  return `[dp:${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 10)}]`;
}

interface HttpClient {
  request(options: { uri: string } & Record<string, unknown>): Promise<unknown>;
}

const e164 = (phone: string) => phone.replace(/[^+0-9]/g, '');

const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[char]!);

/** Twilio's <Say> languages for our locales. */
const VOICE_LANGUAGE: Record<string, string> = { en: 'en-US', 'zh-CN': 'cmn-CN' };

/**
 * SMS or voice calls through the Twilio REST API, with Twilio's own client
 * library. `apiBaseUrl` points it at a Twilio-compatible provider (or a local
 * test server): requests keep Twilio's paths, form fields and basic auth.
 */
export class TwilioNotifier implements Notifier {
  readonly #client: TwilioClient;
  readonly maxCallMs = CALL_TIMEOUT_MS;

  constructor(
    private readonly settings: TwilioSettings,
    readonly channel: 'sms' | 'voice',
  ) {
    const base = settings.apiBaseUrl.replace(/\/+$/, '');
    const inner = new twilio.RequestClient({ keepAlive: false, timeout: CALL_TIMEOUT_MS }) as unknown as HttpClient;
    const httpClient: HttpClient = {
      request: (options) => inner.request({ ...options, uri: options.uri.replace(TWILIO_API, base) }),
    };
    this.#client = twilio(settings.accountSid, settings.authToken, { httpClient: httpClient as never }) as unknown as TwilioClient;
  }

  async send(message: OutboundMessage, options: SendOptions = {}): Promise<SendResult> {
    const to = e164(message.to);
    const from = e164(this.settings.from);
    try {
      if (this.channel === 'sms') {
        const marker = idempotencyMarker(message.idempotencyKey);
        if (options.resume) {
          const earlier = await this.#earlierMessage(to, from, marker, options.resume);
          if (earlier) return { providerId: earlier.sid, alreadySent: true };
        }
        const sent = await this.#client.messages.create({ to, from, body: `${message.text} ${marker}` });
        return { providerId: sent.sid };
      }
      const language = VOICE_LANGUAGE[String(message.data?.locale ?? 'en')] ?? 'en-US';
      const say = `<Say language="${language}">${escapeXml(message.text)}</Say>`;
      const call = await this.#client.calls.create({ to, from, twiml: `<Response>${say}<Pause length="1"/>${say}</Response>` });
      return { providerId: call.sid };
    } catch (error) {
      const status = (error as { status?: number }).status;
      // Twilio answers 4xx for a request that will never work (bad number, bad credentials); 429 and 5xx may pass later.
      if (status && status >= 400 && status < 500 && status !== 429) {
        throw new PermanentDeliveryError(`Twilio ${status} ${(error as { code?: number }).code ?? ''}: ${(error as Error).message}`);
      }
      throw error;
    }
  }

  /**
   * The message an earlier attempt sent, if it went out: by its SID when one was recorded, otherwise among the
   * messages to this number sent since that attempt began (Twilio's `DateSent>` is inclusive, to the second; a
   * minute earlier for clock skew), by marker.
   */
  async #earlierMessage(to: string, from: string, marker: string, resume: NonNullable<SendOptions['resume']>): Promise<TwilioMessage | undefined> {
    if (resume.providerId) {
      const known = await this.#client.messages(resume.providerId).fetch();
      if (WENT_OUT.has(known.status)) return known;
    }
    const since = new Date(Math.floor((Date.parse(resume.since) - CLOCK_SKEW_MS) / 1000) * 1000);
    const recent = await this.#client.messages.list({ to, from, dateSentAfter: since, limit: LIST_LIMIT });
    return recent.find((sent) => sent.body?.includes(marker) && WENT_OUT.has(sent.status));
  }
}
