import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  /** Each header as it arrived, unfolded as RFC 5322 says (`List-Unsubscribe: <https://…>`): what a receiver reads, before the parser reshapes it. */
  rawHeaders: string[];
}

/** A real SMTP server on loopback that keeps what it receives, for tests. */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  #server: SMTPServer;
  port = 0;
  #waiters: (() => void)[] = [];

  private constructor(options: { rejectRecipients?: RegExp }) {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (options.rejectRecipients?.test(address.address)) return callback(Object.assign(new Error('no such user'), { responseCode: 550 }));
        callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.messages.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers: parsed.headers as Map<string, unknown>,
              rawHeaders: parsed.headerLines.map((header) => header.line.replace(/\r?\n(?=[ \t])/g, '')),
            });
            this.#waiters.splice(0).forEach((wake) => wake());
            callback();
          })
          .catch(callback);
      },
    });
  }

  static async start(options: { rejectRecipients?: RegExp } = {}): Promise<SmtpSink> {
    const sink = new SmtpSink(options);
    // A client killed mid-session resets the connection; a real server logs that and carries on.
    sink.#server.on('error', () => undefined);
    await new Promise<void>((resolve) => sink.#server.listen(0, '127.0.0.1', resolve));
    sink.port = (sink.#server.server.address() as AddressInfo).port;
    return sink;
  }

  /** Waits until a received message matches, or fails after `timeoutMs`. */
  async waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching mail within ${timeoutMs} ms; got: ${this.messages.map((mail) => `${mail.to} ${mail.subject}`).join(' | ')}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
