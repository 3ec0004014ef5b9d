import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface TwilioRequest {
  kind: 'sms' | 'voice';
  to: string;
  from: string;
  body?: string;
  twiml?: string;
}

/** A Message resource as Twilio keeps it (the fields this server fills in). */
export interface TwilioMessageRecord {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  dateCreated: Date;
  dateSent: Date;
}

/**
 * A local server speaking the part of the Twilio REST API that sends SMS,
 * reads messages back (fetch by SID, list with `To`, `From`, `DateSent>`,
 * `DateSent<`, `PageSize`, `Page`) and starts calls, checking requests as
 * Twilio does: the account in the path, HTTP basic auth with the account SID
 * and auth token, form-encoded fields, E.164 numbers. Answers keep Twilio's
 * shapes (snake_case fields, RFC 2822 dates, list pages with `messages` and
 * `next_page_uri`); errors come back in Twilio's JSON error shape. A message
 * is sent at once (its `date_sent` is its creation time).
 */
export class TwilioSink {
  readonly requests: TwilioRequest[] = [];
  readonly messages: TwilioMessageRecord[] = [];
  /** Lookups the notifier made: `fetch SM…` or `list To=…`. */
  readonly lookups: string[] = [];
  /** Keep the next N messages but cut the connection instead of answering, as a crash mid-call looks to the caller. */
  dropAnswers = 0;
  /** Keep (and send) the next message to this number but never answer the request: the caller is left mid-call. */
  holdNextTo: string | undefined;
  #waiters: (() => void)[] = [];
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
    const url = new URL(request.url ?? '/', 'http://twilio.local');
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)(?:\/(SM[0-9a-f]{32}))?\.json$/.exec(url.pathname);
    if (!match || (request.method !== 'POST' && request.method !== 'GET') || (request.method === 'POST' && match[3])) return this.#error(response, 404, 20404, 'The requested resource was not found');
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected || match[1] !== this.accountSid) return this.#error(response, 401, 20003, 'Authenticate');
    if (request.method === 'GET') {
      if (match[2] !== 'Messages') return this.#error(response, 404, 20404, 'The requested resource was not found');
      return match[3] ? this.#fetch(response, match[3]) : this.#list(response, url);
    }
    if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return this.#error(response, 400, 20001, 'Expected a form');
    const form = new URLSearchParams(raw);
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    if (!/^\+[1-9][0-9]{6,14}$/.test(to)) return this.#error(response, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!/^\+[1-9][0-9]{6,14}$/.test(from)) return this.#error(response, 400, 21212, `The 'From' number ${from} is not a valid phone number.`);
    const sid = `${match[2] === 'Messages' ? 'SM' : 'CA'}${randomBytes(16).toString('hex')}`;
    if (match[2] === 'Messages') {
      const body = form.get('Body');
      if (!body) return this.#error(response, 400, 21602, 'Message body is required.');
      this.requests.push({ kind: 'sms', to, from, body });
      const now = new Date(Math.floor(Date.now() / 1000) * 1000);
      const record: TwilioMessageRecord = { sid, to, from, body, status: 'sent', dateCreated: now, dateSent: now };
      this.messages.push(record);
      this.#waiters.splice(0).forEach((wake) => wake());
      if (this.holdNextTo === to) {
        this.holdNextTo = undefined;
        return;
      }
      if (this.dropAnswers > 0) {
        this.dropAnswers--;
        return request.socket.destroy();
      }
      return response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ ...this.#resource(record), status: 'queued', date_sent: null }));
    }
    const twiml = form.get('Twiml');
    if (!twiml && !form.get('Url')) return this.#error(response, 400, 21205, 'Url or Twiml is required.');
    this.requests.push({ kind: 'voice', to, from, twiml: twiml ?? undefined });
    return response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid, status: 'queued', to, from, account_sid: this.accountSid }));
  }

  #resource(record: TwilioMessageRecord) {
    return {
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body: record.body,
      date_created: record.dateCreated.toUTCString().replace('GMT', '+0000'),
      date_sent: record.dateSent.toUTCString().replace('GMT', '+0000'),
      date_updated: record.dateSent.toUTCString().replace('GMT', '+0000'),
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: record.from,
      messaging_service_sid: null,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid: record.sid,
      status: record.status,
      subresource_uris: { media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${record.sid}/Media.json` },
      to: record.to,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${record.sid}.json`,
    };
  }

  #fetch(response: ServerResponse, sid: string) {
    this.lookups.push(`fetch ${sid}`);
    const record = this.messages.find((message) => message.sid === sid);
    if (!record) return this.#error(response, 404, 20404, `The requested resource /2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json was not found`);
    return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.#resource(record)));
  }

  /** Newest first, as Twilio lists; `DateSent>`/`DateSent<` are inclusive and take a date or a date and time. */
  #list(response: ServerResponse, url: URL) {
    const query = url.searchParams;
    this.lookups.push(`list ${[...query].map(([key, value]) => `${key}=${value}`).join('&')}`);
    const after = query.get('DateSent>');
    const before = query.get('DateSent<');
    const on = query.get('DateSent');
    const dayOf = (date: Date) => date.toISOString().slice(0, 10);
    const bound = (text: string, end: boolean) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T${end ? '23:59:59' : '00:00:00'}Z`) : Date.parse(text));
    for (const value of [after, before]) if (value !== null && Number.isNaN(bound(value, false))) return this.#error(response, 400, 20001, `Invalid DateSent: ${value}`);
    const pageSize = Math.min(Number(query.get('PageSize') ?? 50), 1000);
    const page = Number(query.get('Page') ?? 0);
    const matching = this.messages
      .filter((message) => (query.get('To') === null || message.to === query.get('To')) && (query.get('From') === null || message.from === query.get('From')))
      .filter((message) => (after === null || message.dateSent.getTime() >= bound(after, false)) && (before === null || message.dateSent.getTime() <= bound(before, true)))
      .filter((message) => on === null || dayOf(message.dateSent) === on)
      .reverse();
    const records = matching.slice(page * pageSize, (page + 1) * pageSize);
    const base = `/2010-04-01/Accounts/${this.accountSid}/Messages.json`;
    const pageUri = (number: number) => {
      const params = new URLSearchParams(query);
      params.set('PageSize', String(pageSize));
      params.set('Page', String(number));
      return `${base}?${params}`;
    };
    const last = (page + 1) * pageSize >= matching.length;
    return response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        end: page * pageSize + Math.max(records.length - 1, 0),
        first_page_uri: pageUri(0),
        messages: records.map((record) => this.#resource(record)),
        next_page_uri: last ? null : pageUri(page + 1),
        page,
        page_size: pageSize,
        previous_page_uri: page > 0 ? pageUri(page - 1) : null,
        start: page * pageSize,
        uri: `${base}?${query}`,
      }),
    );
  }

  /** Waits until a sent message matches, or fails after `timeoutMs`. */
  async waitFor(match: (message: TwilioMessageRecord) => boolean, timeoutMs = 10_000): Promise<TwilioMessageRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${timeoutMs} ms; got: ${this.messages.map((message) => message.to).join(' | ')}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
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
