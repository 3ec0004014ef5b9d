import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import type { JobHandler } from '../../app/jobs/job-handler.js';
import { errorText, listed } from '../../app/render/context.js';
import type { SlackConfig } from '../../config/slack-schema.js';
import { parseLine } from '../../domain/language/parse.js';
import type { Organisation } from '../../domain/organisation.js';
import type { MessageParams } from '../../domain/refusal.js';
import type { Translate } from '../../i18n/i18n.js';
import { VersionConflict, type ChatAdapter, type ChatEntry, type Clock, type LiveFeed, type Logger, type Store } from '../../ports.js';
import { boltLogger } from './bolt-logger.js';
import { channelKeyOfRoom, incidentOfKey, roomOfChannelKey } from './room-mapping.js';
import { buttonLine, buttonRoom, slashLine } from './slack-commands.js';
import { archiveJob } from './slack-archive.js';
import { SlackChannels } from './slack-channels.js';
import { enqueue, outboxJob, type SlackOp } from './slack-outbox.js';
import { SlackPeople } from './slack-people.js';
import { SlackProjector } from './slack-projector.js';
import { fromSlackText, mentionedUsers } from './slack-text.js';
import type { SlackWeb } from './slack-web.js';

export interface SlackDeps {
  config: SlackConfig;
  /** People's Slack user ids from the config, by handle. */
  slackIds: Readonly<Record<string, string | undefined>>;
  entry: ChatEntry;
  store: Store;
  feed: LiveFeed;
  clock: Clock;
  log: Logger;
  organisation: Organisation;
  translate: Translate;
}

/** Slack's answers to a bad token: retrying cannot help. */
const CREDENTIAL_ERRORS = new Set(['invalid_auth', 'not_authed', 'not_allowed_token_type', 'account_inactive', 'token_revoked', 'token_expired']);

/** Commands anyone may read, even a Slack user not mapped to a person. */
const READ_ONLY = new Set(['ic', 'roles', 'status', 'help', 'ic-who', 'ic-responders']);

/**
 * Slack through Bolt: Socket Mode by default (outbound only), or the HTTP
 * Events API on `port` (Bolt checks the v0 signature and its 5-minute
 * window, answering 401 otherwise). Each delivery is recorded by its id
 * before it is handled, so Slack's retries and redeliveries apply once.
 */
export class SlackAdapter implements ChatAdapter {
  readonly platform = 'slack';
  readonly jobs: JobHandler[];
  readonly #app: App;
  readonly #web: SlackWeb;
  readonly #channels: SlackChannels;
  readonly #people: SlackPeople;
  readonly #projector: SlackProjector;
  readonly #chains = new Map<string, Promise<void>>();
  #unsubscribe: (() => void) | undefined;
  #following = false;
  #stopped = false;
  #retry: NodeJS.Timeout | undefined;

  constructor(private readonly deps: SlackDeps) {
    const { config } = deps;
    const clientOptions = { slackApiUrl: config.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
    const logger = boltLogger(deps.log);
    const receiver =
      config.mode === 'socket'
        ? new SocketModeReceiver({ appToken: config.appToken!, logger, logLevel: LogLevel.INFO, installerOptions: { clientOptions } })
        : new HTTPReceiver({ signingSecret: config.signingSecret!, endpoints: '/slack/events', port: config.port, logger, logLevel: LogLevel.INFO });
    this.#web = new webApi.WebClient(config.botToken, clientOptions) as unknown as SlackWeb;
    // Who the bot is, asked once Slack answers (not once at boot: Slack may be unreachable then).
    let identity: Promise<{ botId: string; botUserId: string }> | undefined;
    const authorize = async () => {
      identity ??= this.#web.apiCall('auth.test').then((answer) => ({ botId: String(answer.bot_id), botUserId: String(answer.user_id) }));
      try {
        return { botToken: config.botToken, ...(await identity) };
      } catch (error) {
        identity = undefined;
        throw error;
      }
    };
    this.#app = new App({ authorize, receiver, clientOptions, logger, logLevel: LogLevel.INFO });
    this.#channels = new SlackChannels(deps.store, this.#web);
    this.#people = new SlackPeople(deps.organisation.people, deps.slackIds, this.#web);
    const publish = (recorded: Parameters<LiveFeed['publish']>[0]) => deps.feed.publish(recorded);
    this.#projector = new SlackProjector({
      store: deps.store,
      organisation: deps.organisation,
      translate: deps.translate,
      channels: this.#channels,
      clock: deps.clock,
      log: deps.log,
      archiveAfterMinutes: config.archiveAfter,
      publish,
    });
    this.jobs = [outboxJob({ store: deps.store, web: this.#web, channels: this.#channels, people: this.#people, clock: deps.clock, log: deps.log, publish }), archiveJob];
    this.#listen();
  }

  /**
   * Connects. Rejected credentials are thrown (a configuration problem);
   * while Slack cannot be reached, it keeps trying in the background, and the
   * events of meanwhile are projected once it answers.
   */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.#projector.init();
    try {
      await this.#connect();
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code && CREDENTIAL_ERRORS.has(code)) throw error;
      this.#retryLater(1, error);
    }
  }

  #retryLater(attempt: number, error: unknown): void {
    if (this.#stopped) return;
    const delayMs = Math.min(60_000, 500 * 2 ** attempt);
    this.deps.log.warn({ err: String((error as Error)?.message ?? error), retryInMs: delayMs }, 'Slack unreachable; trying again');
    this.#retry = setTimeout(() => {
      this.#connect().catch((next) => this.#retryLater(attempt + 1, next));
    }, delayMs);
  }

  async #connect(): Promise<void> {
    if (!this.#following) {
      await this.#channels.load(this.deps.config.channels, [...this.deps.organisation.rooms.keys()]);
      this.#unsubscribe = this.deps.feed.subscribe((event) => {
        this.#channels.follow(event);
        this.#projector.kick();
      });
      this.#following = true;
      this.#projector.kick();
    }
    const started = (await (this.deps.config.mode === 'http' ? this.#app.start(this.deps.config.port) : this.#app.start())) as { address?: () => unknown } | undefined;
    const address = started?.address?.() as { port?: number } | undefined;
    this.deps.log.info({ slack: this.deps.config.mode, ...(address?.port ? { slackEventsPort: address.port } : {}) }, 'Slack connected');
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    this.#unsubscribe?.();
    await this.#projector.stop();
    await this.#app.stop();
  }

  #listen(): void {
    this.#app.event('message', async ({ event, body }) => {
      const message = event as { subtype?: string; user?: string; text?: string; channel: string; bot_id?: string };
      if (message.subtype || message.bot_id || !message.user || typeof message.text !== 'string') return;
      const id = (body as { event_id?: string }).event_id;
      if (!id) return;
      await this.#inOrder(message.channel, `event-${id}`, () => this.#line(message.channel, message.user!, message.text!));
    });
    this.#app.command('/incident', async ({ ack, command }) => {
      await ack();
      const line = slashLine(command.text);
      await this.#inOrder(command.channel_id, `command-${command.trigger_id}`, async () => {
        if (line) return this.#line(command.channel_id, command.user_id, line);
        const key = this.#channels.keyOf(command.channel_id);
        const locale = key ? await this.#localeOf(roomOfChannelKey(key)) : this.deps.organisation.defaultLocale;
        return this.#tellSender(command.channel_id, command.user_id, key, this.deps.translate(locale, 'slack.slash_usage'));
      });
    });
    this.#app.action(/^dp_/, async ({ ack, body, action }) => {
      await ack();
      const pressed = body as { user: { id: string }; channel?: { id: string }; trigger_id?: string; actions?: { action_ts?: string }[] };
      const button = action as { action_id: string; value?: string; action_ts?: string };
      const channel = pressed.channel?.id;
      const room = buttonRoom(button.value ?? '');
      if (!channel || !room) return;
      // The line it types is in the room's language, as a person there would type it.
      const press = buttonLine(button.action_id, button.value ?? '', await this.#localeOf(room));
      if (!press) return;
      await this.#inOrder(channel, `action-${pressed.user.id}-${button.action_ts ?? pressed.trigger_id}`, () => this.#line(channel, pressed.user.id, press.line, press.room));
    });
  }

  /**
   * Lines of one channel are handled one after the other, in the order Slack
   * delivered them, each once: a delivery already recorded is skipped.
   */
  #inOrder(channel: string, delivery: string, work: () => Promise<void>): Promise<void> {
    const once = async () => {
      if (await this.#firstDelivery(delivery)) await work();
    };
    const next = (this.#chains.get(channel) ?? Promise.resolve()).then(once, once);
    const settled = next.catch((error) => this.deps.log.error({ err: error, channel }, 'Slack line failed'));
    this.#chains.set(channel, settled);
    return settled;
  }

  /** Durable: a delivery id is stored once; a second store of the same id is refused by its expected version. */
  async #firstDelivery(id: string): Promise<boolean> {
    try {
      await this.deps.store.commit({
        appends: [{ stream: `slack-delivery-${id}`, expectedVersion: 0, events: [{ type: 'slack.delivery.received', at: this.deps.clock.now().toISOString(), actor: 'dont-panic', data: {} }] }],
      });
      return true;
    } catch (error) {
      if (error instanceof VersionConflict) return false;
      throw error;
    }
  }

  /** A lobby's language, or an incident room's: its lobby's. */
  async #localeOf(room: string): Promise<string> {
    const { organisation, store } = this.deps;
    const incidentId = incidentOfKey(room);
    const lobby = incidentId !== undefined ? (await store.getIncident(incidentId))?.lobby : room;
    return organisation.rooms.get(lobby ?? '')?.locale ?? organisation.defaultLocale;
  }

  async #queue(queue: string, ops: SlackOp[]): Promise<void> {
    const recorded = await this.deps.store.commit(enqueue(queue, ops, this.deps.clock.now().toISOString()) as { appends: never[] });
    this.deps.feed.publish(recorded);
  }

  async #tellSender(channel: string, user: string, key: string | undefined, text: string): Promise<void> {
    await this.#queue(key ?? `channel-${channel}`, [{ kind: 'ephemeral', channel, user, text }]);
  }

  /**
   * One message typed in a channel, as the engine's chat entry point takes
   * it. `room`: the room a button belongs to, when pressed outside its
   * channel (a page's direct message).
   */
  async #line(channel: string, user: string, raw: string, room?: string): Promise<void> {
    const key = room ? channelKeyOfRoom(room) : this.#channels.keyOf(channel);
    for (const mentioned of mentionedUsers(raw)) await this.#people.personOf(mentioned);
    const text = fromSlackText(raw, (id) => this.#people.known(id)).trim();
    const parsed = parseLine(text);
    const { translate } = this.deps;
    if (!key) {
      if (parsed.kind !== 'conversation') {
        const lobbies = [...this.deps.organisation.rooms.keys()].filter((lobby) => this.#channels.channelOf(lobby)).map((lobby) => `#${lobby}`);
        const locale = this.deps.organisation.defaultLocale;
        await this.#tellSender(channel, user, undefined, translate(locale, 'slack.unknown_channel', { lobbies: listed({ translate, locale }, lobbies) }));
      }
      return;
    }
    const target = roomOfChannelKey(key);
    const locale = await this.#localeOf(target);
    const person = await this.#people.personOf(user);
    if (!person && parsed.kind === 'conversation') return;
    try {
      if (!person) {
        const readOnly = parsed.kind === 'command' && READ_ONLY.has(parsed.intent.kind);
        const answer = readOnly ? (await this.deps.entry.answerStranger(target, text)).replies.map((reply) => reply.text).join('\n') : translate(locale, 'slack.unknown_user');
        return await this.#tellSender(channel, user, key, answer);
      }
      const outcome = await this.deps.entry.postMessage(target, person, text);
      // Accepted lines are in the room's history and reach the channel from there; refusals (and answers naming a private incident) only the sender sees.
      const refusals = outcome.replies.filter((reply) => reply.error || reply.onlyForSender).map((reply) => reply.text);
      if (refusals.length > 0) await this.#tellSender(channel, user, key, refusals.join('\n'));
    } catch (error) {
      // The engine's own refusals (unknown room, busy) carry a catalog key; anything else is a failure to log.
      const coded = error as { code?: unknown; params?: MessageParams };
      const known = typeof coded.code === 'string' && coded.code.startsWith('error.');
      await this.#tellSender(channel, user, key, known ? errorText({ translate, locale }, { code: String(coded.code), params: coded.params }) : translate(locale, 'slack.failed', { reason: translate(locale, 'error.busy') }));
      if (!known) throw error;
    }
  }
}
