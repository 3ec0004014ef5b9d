import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TwilioRequest {
  kind: 'sms' | 'voice';
  to: string;
  from: string;
  body?: string;
  twiml?: string;
}

/**
 * A local server speaking the part of the Twilio REST API that sends SMS and
 * starts calls, checking requests as Twilio does: the account in the path,
 * HTTP basic auth with the account SID and auth token, form-encoded fields,
 * E.164 numbers. Errors come back in Twilio's JSON error shape.
 */
export class TwilioSink {
  readonly requests: TwilioRequest[] = [];
  readonly refused: { status: number; code: number }[] = [];
  url = '';
  #server: Server;

  private constructor(
    private readonly accountSid: string,
    private readonly authToken: string,
  ) {
    this.#server = createServer((request, response) => {
      let raw = '';
      request.setEncoding('utf8');
      request.on('data', (chunk) => (raw += chunk));
      request.on('end', () => this.#handle(request, response, raw));
    });
  }

  #error(response: ServerResponse, status: number, code: number, message: string) {
    this.refused.push({ status, code });
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
  }

  #handle(request: IncomingMessage, response: ServerResponse, raw: string) {
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return this.#error(response, 404, 20404, 'The requested resource was not found');
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected || match[1] !== this.accountSid) return this.#error(response, 401, 20003, 'Authenticate');
    if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return this.#error(response, 400, 20001, 'Expected a form');
    const form = new URLSearchParams(raw);
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    if (!/^\+[1-9][0-9]{6,14}$/.test(to)) return this.#error(response, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!/^\+[1-9][0-9]{6,14}$/.test(from)) return this.#error(response, 400, 21212, `The 'From' number ${from} is not a valid phone number.`);
    const sid = `${match[2] === 'Messages' ? 'SM' : 'CA'}${Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32)}`;
    if (match[2] === 'Messages') {
      const body = form.get('Body');
      if (!body) return this.#error(response, 400, 21602, 'Message body is required.');
      this.requests.push({ kind: 'sms', to, from, body });
      return response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid, status: 'queued', to, from, body, account_sid: this.accountSid }));
    }
    const twiml = form.get('Twiml');
    if (!twiml && !form.get('Url')) return this.#error(response, 400, 21205, 'Url or Twiml is required.');
    this.requests.push({ kind: 'voice', to, from, twiml: twiml ?? undefined });
    return response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid, status: 'queued', to, from, account_sid: this.accountSid }));
  }

  static async start(accountSid: string, authToken: string): Promise<TwilioSink> {
    const sink = new TwilioSink(accountSid, authToken);
    await new Promise<void>((resolve) => sink.#server.listen(0, '127.0.0.1', resolve));
    sink.url = `http://127.0.0.1:${(sink.#server.address() as AddressInfo).port}`;
    return sink;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
