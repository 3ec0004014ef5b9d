import { createHash } from 'node:crypto';
import { PermanentDeliveryError, type Notifier, type OutboundMessage } from '../../ports.js';

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  from: string;
  user?: string;
  password?: string;
}

/** The narrow slice of nodemailer's transport this adapter uses. */
interface MailTransport {
  sendMail(mail: Record<string, unknown>): Promise<{ messageId?: string }>;
  close(): void;
}

/** Email through any SMTP server (nodemailer). */
export class SmtpNotifier implements Notifier {
  readonly channel = 'email';
  /** Connection, greeting and socket timeouts end every call within this. */
  readonly maxCallMs = 40_000;
  readonly #transport: Promise<MailTransport>;
  readonly #from: string;

  constructor(settings: SmtpSettings) {
    this.#from = settings.from;
    // Loaded only when email is configured: nodemailer is large, and a server without email would carry it for nothing.
    this.#transport = import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    }) as unknown as MailTransport);
  }

  async send(message: OutboundMessage): Promise<{ providerId?: string }> {
    try {
      const info = await (await this.#transport).sendMail({
        from: this.#from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: {
          'X-Dont-Panic-Idempotency-Key': message.idempotencyKey,
          // RFC 8058: the client may POST `List-Unsubscribe=One-Click` to the List-Unsubscribe URL, no page to click through.
          ...(message.unsubscribeUrl ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
        },
        // `List-Unsubscribe: <https://…>`, without a comment: RFC 8058 receivers look for the one HTTPS URI.
        ...(message.unsubscribeUrl ? { list: { unsubscribe: message.unsubscribeUrl } } : {}),
        // A resend after a crash carries the same Message-ID, so mail systems and clients keep one copy.
        messageId: `<${createHash('sha256').update(message.idempotencyKey).digest('hex').slice(0, 32)}@dont-panic>`,
      });
      return { providerId: info.messageId };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // 5xx from the server means this address will never work; 4xx and network errors may pass later.
      if (code && code >= 500 && code < 600) throw new PermanentDeliveryError(`SMTP ${code}: ${(error as Error).message}`);
      throw error;
    }
  }

  close(): void {
    void this.#transport.then((transport) => transport.close());
  }
}
