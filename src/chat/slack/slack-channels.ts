import type { EventStore, NewEvent, RecordedEvent } from '../../ports.js';
import type { SlackWeb } from './slack-web.js';

/** Which Slack channel each channel key (lobby name or `inc-<id>`) is: stored once created, so a restart knows them. */
export const CHANNELS_STREAM = 'slack-channels';

export function channelCreated(at: string, key: string, channel: string): NewEvent {
  return { type: 'slack.channel.created', at, actor: 'dont-panic', data: { key, channel } };
}

export class SlackChannels {
  readonly #byKey = new Map<string, string>();
  readonly #keyOf = new Map<string, string>();

  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    private readonly web: SlackWeb,
  ) {}

  /** Configured lobby channels, lobbies found by name, and the incident channels created so far. */
  async load(configured: Readonly<Record<string, string>>, lobbies: readonly string[]): Promise<void> {
    for (const [lobby, channel] of Object.entries(configured)) this.remember(lobby, channel);
    const missing = lobbies.filter((lobby) => !this.#byKey.has(lobby));
    if (missing.length > 0) await this.#findByName(missing);
    for (const event of await this.store.readStream(CHANNELS_STREAM)) this.follow(event);
  }

  async #findByName(lobbies: readonly string[]): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await this.web.apiCall('conversations.list', { types: 'public_channel,private_channel', exclude_archived: true, limit: 200, cursor });
      for (const channel of (page.channels as { id: string; name: string }[]) ?? []) {
        if (lobbies.includes(channel.name) && !this.#byKey.has(channel.name)) this.remember(channel.name, channel.id);
      }
      cursor = (page.response_metadata as { next_cursor?: string } | undefined)?.next_cursor || undefined;
    } while (cursor);
  }

  remember(key: string, channel: string): void {
    this.#byKey.set(key, channel);
    this.#keyOf.set(channel, key);
  }

  /** Keeps up with channels created by this or another instance. */
  follow(event: RecordedEvent): void {
    if (event.stream === CHANNELS_STREAM && event.type === 'slack.channel.created') this.remember(String(event.data.key), String(event.data.channel));
  }

  channelOf(key: string): string | undefined {
    return this.#byKey.get(key);
  }

  keyOf(channel: string): string | undefined {
    return this.#keyOf.get(channel);
  }
}
