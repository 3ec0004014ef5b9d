import { webApi } from '@slack/bolt';
import { PermanentDeliveryError, type Notifier, type OutboundMessage } from '../../ports.js';

/** The one call of Slack's WebClient this notifier uses. */
interface SlackWeb {
  apiCall(method: string, options?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export interface SlackNotifierSettings {
  botToken: string;
  apiUrl: string;
  /** The label of the Acknowledge button in a locale. */
  acknowledgeLabel(locale: string): string;
}

/** Slack refuses these for good: another try cannot deliver the page. */
const PERMANENT = new Set(['users_not_found', 'user_not_found', 'user_disabled', 'cannot_dm_bot', 'invalid_users', 'account_inactive']);

/**
 * Pages as a Slack direct message from the app, with an Acknowledge button
 * that types `!ack <page>` in the incident's room for whoever presses it.
 * `to` is a Slack user id, or an email address looked up in the workspace.
 * The page job is the durable queue: a rate limit or an outage is thrown
 * and the job tries again later; an unknown user is permanent.
 */
export class SlackNotifier implements Notifier {
  readonly channel = 'slack' as const;
  /** The WebClient's own timeout ends every call within this. */
  readonly maxCallMs = 30_000;
  readonly #web: SlackWeb;

  constructor(private readonly settings: SlackNotifierSettings) {
    this.#web = new webApi.WebClient(settings.botToken, { slackApiUrl: settings.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 30_000 }) as unknown as SlackWeb;
  }

  async send(message: OutboundMessage): Promise<{ providerId?: string }> {
    try {
      const user = /^[UW][A-Z0-9]{2,}$/.test(message.to) ? message.to : await this.#lookup(message.to);
      const opened = await this.#web.apiCall('conversations.open', { users: user });
      const channel = String((opened.channel as { id: string }).id);
      const data = message.data ?? {};
      const text = message.text.replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char]!);
      const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
      // A shadow is told they need not acknowledge: no button for them.
      if (data.pageId && data.room && !data.shadow) {
        blocks.push({
          type: 'actions',
          elements: [{ type: 'button', style: 'primary', action_id: 'dp_acknowledge', value: `${data.room}|${data.pageId}`, text: { type: 'plain_text', text: this.settings.acknowledgeLabel(String(data.locale ?? 'en')) } }],
        });
      }
      const posted = await this.#web.apiCall('chat.postMessage', { channel, text, blocks });
      return { providerId: String(posted.ts) };
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code && PERMANENT.has(code)) throw new PermanentDeliveryError(`Slack: ${code}`);
      throw error;
    }
  }

  async #lookup(email: string): Promise<string> {
    if (!email.includes('@')) throw new PermanentDeliveryError('no Slack user id or email address to message');
    const found = await this.#web.apiCall('users.lookupByEmail', { email });
    return String((found.user as { id: string }).id);
  }
}
