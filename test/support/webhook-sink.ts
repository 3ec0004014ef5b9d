import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../src/notify/webhook/webhook-signature.js';

export interface ReceivedWebhook {
  path: string;
  body: any;
  idempotencyKey: string;
  /** The signature checked out with the shared secret, within five minutes. */
  verified: boolean;
  /** How many earlier requests had been answered when this one arrived. */
  answeredBefore: number;
}

/** An HTTP receiver that checks signatures as a real webhook consumer would, and keeps what it got. */
export class WebhookSink {
  readonly received: ReceivedWebhook[] = [];
  url = '';
  #server: Server;
  #waiters: (() => void)[] = [];
  /** Answer with this status instead of 200 (to test retries). */
  failWith: number | undefined;
  /** Take this long to answer, as a slow receiver does. */
  delayMs = 0;
  answered = 0;

  private constructor(private readonly secret: string) {
    this.#server = createServer((request, response) => {
      let raw = '';
      request.on('error', () => undefined);
      request.setEncoding('utf8');
      request.on('data', (chunk) => (raw += chunk));
      request.on('end', () => {
        if (this.failWith) {
          response.writeHead(this.failWith).end();
          return;
        }
        const verified = verifyWebhook(
          this.secret,
          { timestamp: String(request.headers['x-dont-panic-timestamp'] ?? ''), signature: String(request.headers['x-dont-panic-signature'] ?? '') },
          raw,
          Math.floor(Date.now() / 1000),
        );
        this.received.push({ path: request.url ?? '', body: JSON.parse(raw), idempotencyKey: String(request.headers['x-dont-panic-idempotency-key'] ?? ''), verified, answeredBefore: this.answered });
        this.#waiters.splice(0).forEach((wake) => wake());
        const answer = () => {
          this.answered++;
          if (!response.destroyed) response.writeHead(verified ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
        };
        if (this.delayMs > 0) setTimeout(answer, this.delayMs);
        else answer();
      });
    });
  }

  static async start(secret: string): Promise<WebhookSink> {
    const sink = new WebhookSink(secret);
    await new Promise<void>((resolve) => sink.#server.listen(0, '127.0.0.1', resolve));
    sink.url = `http://127.0.0.1:${(sink.#server.address() as AddressInfo).port}`;
    return sink;
  }

  async waitFor(match: (hook: ReceivedWebhook) => boolean, timeoutMs = 10_000): Promise<ReceivedWebhook> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching webhook within ${timeoutMs} ms; got: ${this.received.map((hook) => hook.idempotencyKey).join(' | ')}`);
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
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
