import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SlackCall {
  method: string;
  args: Record<string, any>;
  /** The HTTP status the server answered with. */
  status: number;
}

export interface SlackUser {
  id: string;
  name: string;
  email?: string;
}

export interface SlackChannel {
  id: string;
  name: string;
  is_private: boolean;
  is_archived: boolean;
  topic: string;
  members: string[];
}

export interface SlackTokens {
  botToken: string;
  appToken: string;
  signingSecret: string;
}

const BOT_USER = 'UBOTDP001';
const TEAM = 'T0DONTPANIC';
const APP = 'A0DONTPANIC';

/** Methods that need the app-level token (`xapp-…`); every other one needs the bot token. */
const APP_TOKEN_METHODS = new Set(['apps.connections.open']);

/** Slack's limits on a message (https://api.slack.com/reference/block-kit/blocks): past a block limit, `chat.postMessage` refuses the whole message. */
const MAX_TEXT = 40_000;
const MAX_BLOCKS = 50;

type Json = Record<string, any>;
const textObject = (value: Json | undefined, max: number, types: readonly string[] = ['plain_text', 'mrkdwn']) =>
  value !== undefined && types.includes(value.type) && typeof value.text === 'string' && value.text.length >= 1 && [...value.text].length <= max;

/** Why Slack would answer `invalid_blocks` for these blocks, or undefined when it takes them. */
export function blockKitProblem(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks) || blocks.length > MAX_BLOCKS) return `at most ${MAX_BLOCKS} blocks`;
  for (const [index, block] of (blocks as Json[]).entries()) {
    switch (block?.type) {
      case 'section':
        if (!textObject(block.text, 3000)) return `block ${index}: a section's text is 1 to 3,000 characters`;
        break;
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 10 || !block.elements.every((element: Json) => textObject(element, 3000))) {
          return `block ${index}: a context holds 1 to 10 texts`;
        }
        break;
      case 'actions':
        if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 25) return `block ${index}: actions hold 1 to 25 elements`;
        for (const button of block.elements as Json[]) {
          if (button.type !== 'button' || !textObject(button.text, 75, ['plain_text'])) return `block ${index}: a button's text is plain text of 1 to 75 characters`;
          if (typeof button.action_id !== 'string' || button.action_id.length > 255) return `block ${index}: action_id is at most 255 characters`;
          if (button.value !== undefined && (typeof button.value !== 'string' || button.value.length > 2000)) return `block ${index}: a button's value is at most 2,000 characters`;
          if (button.style !== undefined && !['primary', 'danger'].includes(button.style)) return `block ${index}: style is primary or danger`;
          const confirm = button.confirm as Json | undefined;
          if (confirm && !(textObject(confirm.title, 100, ['plain_text']) && textObject(confirm.text, 300) && textObject(confirm.confirm, 30, ['plain_text']) && textObject(confirm.deny, 30, ['plain_text']))) {
            return `block ${index}: a confirm dialog's title, text and buttons are within 100, 300 and 30 characters`;
          }
        }
        break;
      case 'divider':
        break;
      case 'header':
        if (!textObject(block.text, 150, ['plain_text'])) return `block ${index}: a header is plain text of 1 to 150 characters`;
        break;
      default:
        return `block ${index}: unknown type ${String(block?.type)}`;
    }
  }
  return undefined;
}

/**
 * A local server speaking the part of the Slack Web API and Socket Mode that
 * Don't Panic uses, checking requests as Slack does: `Authorization: Bearer`
 * with the right kind of token, form-encoded or JSON bodies, Slack's
 * `{ok: false, error}` answers with HTTP 200, 429 with `Retry-After`, and
 * messages held to Block Kit's limits (`invalid_blocks`) and cut at 40,000 characters.
 * Socket Mode: `apps.connections.open` hands out a local WebSocket URL that
 * greets with `hello` and carries envelopes the client acknowledges by
 * `envelope_id`. Every Web API call is recorded.
 */
export class SlackApiServer {
  readonly calls: SlackCall[] = [];
  readonly channels = new Map<string, SlackChannel>();
  readonly users: SlackUser[] = [];
  /** `ts` of the messages posted, by channel, in the order they arrived. */
  readonly posted: { channel: string; text: string; blocks?: unknown; ts: string; thread_ts?: string }[] = [];
  url = '';
  #server: Server;
  #wss: WebSocketServer;
  #sockets = new Set<WebSocket>();
  #acks = new Map<string, (payload: unknown) => void>();
  #trouble: { status: 429 | 503; until: number; retryAfter: number } | undefined;
  #seq = 0;
  #tickets = new Set<string>();

  private constructor(readonly tokens: SlackTokens) {
    this.#server = createServer((request, response) => {
      let raw = '';
      request.setEncoding('utf8');
      request.on('data', (chunk) => (raw += chunk));
      request.on('end', () => this.#handle(request, response, raw));
    });
    this.#wss = new WebSocketServer({ noServer: true });
    this.#server.on('upgrade', (request, socket, head) => {
      const ticket = new URL(request.url ?? '/', 'http://x').searchParams.get('ticket');
      if (!request.url?.startsWith('/link') || !ticket || !this.#tickets.delete(ticket)) return socket.destroy();
      this.#wss.handleUpgrade(request, socket, head, (ws) => this.#connected(ws));
    });
  }

  static async start(tokens: Partial<SlackTokens> = {}): Promise<SlackApiServer> {
    const server = new SlackApiServer({
      botToken: tokens.botToken ?? 'xoxb-1111-2222-testbottoken',
      appToken: tokens.appToken ?? 'xapp-1-A0DONTPANIC-3333-testapptoken',
      signingSecret: tokens.signingSecret ?? 'a3f1c6e0b2d94d7f8e5a1b2c3d4e5f60',
    });
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    server.url = `http://127.0.0.1:${(server.#server.address() as AddressInfo).port}/api/`;
    return server;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    this.#wss.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** A channel that already exists in the workspace (a lobby). */
  addChannel(id: string, name: string, isPrivate = false): void {
    this.channels.set(id, { id, name, is_private: isPrivate, is_archived: false, topic: '', members: [] });
  }

  addUser(user: SlackUser): void {
    this.users.push(user);
  }

  /** Until `ms` from now, every Web API call is answered 429 (with `Retry-After`) or 503. */
  trouble(status: 429 | 503, ms: number, retryAfterSeconds = 1): void {
    this.#trouble = { status, until: Date.now() + ms, retryAfter: retryAfterSeconds };
  }

  /** Calls of one method that Slack accepted. */
  accepted(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method && call.status === 200);
  }

  channelNamed(name: string): SlackChannel | undefined {
    return [...this.channels.values()].find((channel) => channel.name === name);
  }

  get connected(): boolean {
    return [...this.#sockets].some((socket) => socket.readyState === socket.OPEN);
  }

  /**
   * Sends an envelope over Socket Mode and resolves with the client's
   * acknowledgement payload. Redeliveries reuse the same payload (same
   * `event_id`) in a new envelope with `retry_attempt` raised, as Slack does.
   */
  async envelope(type: 'events_api' | 'slash_commands' | 'interactive', payload: Record<string, unknown>, retryAttempt = 0): Promise<unknown> {
    const socket = [...this.#sockets].find((candidate) => candidate.readyState === candidate.OPEN);
    if (!socket) throw new Error('no Socket Mode connection');
    const envelopeId = randomUUID();
    const acked = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`envelope ${envelopeId} was not acknowledged`)), 20_000);
      this.#acks.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
    const envelope: Record<string, unknown> = { envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' };
    if (type === 'events_api') Object.assign(envelope, { retry_attempt: retryAttempt, retry_reason: retryAttempt ? 'timeout' : '' });
    socket.send(JSON.stringify(envelope));
    return acked;
  }

  /** The Events API callback Slack would send for a `message.channels` event. */
  messageEvent(channel: string, user: string, text: string, eventId = `Ev${(++this.#seq).toString().padStart(9, '0')}`): Record<string, unknown> {
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.#seq).padStart(6, '0')}`;
    return {
      token: 'verification-token-unused',
      team_id: TEAM,
      api_app_id: APP,
      event: { type: 'message', channel, user, text, ts, event_ts: ts, channel_type: this.channels.get(channel)?.is_private ? 'group' : 'channel' },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
    };
  }

  /** Signs a body for the HTTP Events API with Slack's v0 scheme. */
  sign(body: string, timestamp = Math.floor(Date.now() / 1000), secret = this.tokens.signingSecret): Record<string, string> {
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
  }

  #connected(ws: WebSocket) {
    this.#sockets.add(ws);
    ws.on('close', () => this.#sockets.delete(ws));
    ws.on('message', (data) => {
      try {
        const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (message.envelope_id) {
          this.#acks.get(message.envelope_id)?.(message.payload ?? {});
          this.#acks.delete(message.envelope_id);
        }
      } catch {
        // Slack closes on garbage; ignoring is enough for a test server.
      }
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: this.#sockets.size, debug_info: { host: 'applink-local', approximate_connection_time: 3600 }, connection_info: { app_id: APP } }));
  }

  #reply(response: ServerResponse, call: SlackCall, body: Record<string, unknown>, status = 200, headers: Record<string, string> = {}) {
    call.status = status;
    this.calls.push(call);
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
  }

  #handle(request: IncomingMessage, response: ServerResponse, raw: string) {
    const method = /^\/api\/([a-zA-Z.]+)$/.exec(request.url?.split('?')[0] ?? '')?.[1];
    if (!method || request.method !== 'POST') return response.writeHead(404).end('not found');
    const type = String(request.headers['content-type'] ?? '');
    let args: Record<string, any>;
    if (type.startsWith('application/json')) args = raw ? JSON.parse(raw) : {};
    else if (type.startsWith('application/x-www-form-urlencoded')) args = Object.fromEntries(new URLSearchParams(raw));
    else args = {};
    const call: SlackCall = { method, args, status: 0 };
    if (this.#trouble && Date.now() < this.#trouble.until) {
      if (this.#trouble.status === 429) return this.#reply(response, call, { ok: false, error: 'ratelimited' }, 429, { 'retry-after': String(this.#trouble.retryAfter) });
      return this.#reply(response, call, { ok: false, error: 'service_unavailable' }, 503);
    }
    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1] ?? args.token;
    if (!token) return this.#reply(response, call, { ok: false, error: 'not_authed' });
    const expected = APP_TOKEN_METHODS.has(method) ? this.tokens.appToken : this.tokens.botToken;
    if (token !== expected) return this.#reply(response, call, { ok: false, error: APP_TOKEN_METHODS.has(method) && token.startsWith('xoxb-') ? 'not_allowed_token_type' : 'invalid_auth' });
    const ok = (body: Record<string, unknown> = {}) => this.#reply(response, call, { ok: true, ...body });
    const fail = (error: string) => this.#reply(response, call, { ok: false, error });
    const channel = args.channel ? this.channels.get(String(args.channel)) : undefined;

    switch (method) {
      case 'auth.test':
        return ok({ url: 'https://dont-panic-test.slack.com/', team: 'Don’t Panic Test', user: 'dontpanic', team_id: TEAM, user_id: BOT_USER, bot_id: 'B0DONTPANIC', is_enterprise_install: false });
      case 'apps.connections.open': {
        const ticket = randomUUID();
        this.#tickets.add(ticket);
        const port = (this.#server.address() as AddressInfo).port;
        return ok({ url: `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${APP}` });
      }
      case 'chat.postMessage': {
        if (!args.channel) return fail('channel_not_found');
        if (!channel) return fail('channel_not_found');
        if (channel.is_archived) return fail('is_archived');
        if (!args.text && !args.blocks && !args.attachments) return fail('no_text');
        const blocks = typeof args.blocks === 'string' ? JSON.parse(args.blocks) : args.blocks;
        if (blocks !== undefined && blockKitProblem(blocks)) return fail('invalid_blocks');
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.#seq).padStart(6, '0')}`;
        // Slack keeps the first 40,000 characters of a longer text (https://api.slack.com/changelog/2018-04-truncating-really-long-messages).
        const text = [...String(args.text ?? '')].slice(0, MAX_TEXT).join('');
        this.posted.push({ channel: channel.id, text, blocks, ts, thread_ts: args.thread_ts });
        return ok({ channel: channel.id, ts, message: { type: 'message', text, user: BOT_USER, ts, bot_id: 'B0DONTPANIC' } });
      }
      case 'chat.postEphemeral':
        if (!channel) return fail('channel_not_found');
        if (!args.user) return fail('user_not_found');
        if (!args.text && !args.blocks) return fail('no_text');
        if (args.blocks !== undefined && blockKitProblem(typeof args.blocks === 'string' ? JSON.parse(args.blocks) : args.blocks)) return fail('invalid_blocks');
        return ok({ message_ts: `${Math.floor(Date.now() / 1000)}.${String(++this.#seq).padStart(6, '0')}` });
      case 'conversations.create': {
        const name = String(args.name ?? '');
        if (!/^[a-z0-9_-]{1,80}$/.test(name)) return fail('invalid_name_specials');
        if (this.channelNamed(name)) return fail('name_taken');
        const isPrivate = args.is_private === true || args.is_private === 'true';
        const id = `${isPrivate ? 'G' : 'C'}${String(this.channels.size + 1).padStart(8, '0')}`;
        this.channels.set(id, { id, name, is_private: isPrivate, is_archived: false, topic: '', members: [BOT_USER] });
        return ok({ channel: { id, name, is_channel: !isPrivate, is_group: isPrivate, is_private: isPrivate, is_archived: false, created: Math.floor(Date.now() / 1000), creator: BOT_USER } });
      }
      case 'conversations.invite': {
        if (!channel) return fail('channel_not_found');
        const users = String(args.users ?? '').split(',').filter(Boolean);
        if (users.length === 0) return fail('no_user');
        for (const user of users) {
          if (!this.users.some((known) => known.id === user)) return fail('user_not_found');
          if (channel.members.includes(user)) return fail('already_in_channel');
        }
        channel.members.push(...users);
        return ok({ channel: { id: channel.id, name: channel.name } });
      }
      case 'conversations.setTopic':
        if (!channel) return fail('channel_not_found');
        if (String(args.topic ?? '').length > 250) return fail('too_long');
        channel.topic = String(args.topic ?? '');
        return ok({ channel: { id: channel.id, topic: { value: channel.topic, creator: BOT_USER } } });
      case 'conversations.archive':
        if (!channel) return fail('channel_not_found');
        if (channel.is_archived) return fail('already_archived');
        channel.is_archived = true;
        return ok();
      case 'conversations.open': {
        const users = String(args.users ?? '').split(',').filter(Boolean);
        if (users.length !== 1 || !this.users.some((known) => known.id === users[0])) return fail('user_not_found');
        const id = `D${users[0]!.slice(1)}`;
        if (!this.channels.has(id)) this.channels.set(id, { id, name: id, is_private: true, is_archived: false, topic: '', members: [BOT_USER, users[0]!] });
        return ok({ channel: { id } });
      }
      case 'conversations.unarchive':
        if (!channel) return fail('channel_not_found');
        if (!channel.is_archived) return fail('not_archived');
        channel.is_archived = false;
        return ok();
      case 'conversations.list':
        return ok({ channels: [...this.channels.values()].filter((c) => !c.is_archived).map((c) => ({ id: c.id, name: c.name, is_private: c.is_private })), response_metadata: { next_cursor: '' } });
      case 'users.lookupByEmail': {
        const user = this.users.find((candidate) => candidate.email === args.email);
        return user ? ok({ user: { id: user.id, name: user.name, profile: { email: user.email } } }) : fail('users_not_found');
      }
      case 'users.info': {
        const user = this.users.find((candidate) => candidate.id === args.user);
        return user ? ok({ user: { id: user.id, name: user.name, profile: { email: user.email } } }) : fail('user_not_found');
      }
      default:
        return fail('unknown_method');
    }
  }
}
