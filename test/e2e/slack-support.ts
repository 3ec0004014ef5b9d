import { SlackApiServer } from '../support/slack-api-server.js';

/** Slack users of the example organisation: mei is mapped by `slackId` in the config, the others by email. */
export const SLACK_USERS = {
  alice: 'U0ALICE01',
  bob: 'U0BOB0001',
  carol: 'U0CAROL01',
  dave: 'U0DAVE001',
  erin: 'U0ERIN001',
  frank: 'U0FRANK01',
  mei: 'U0MEI0001',
  lei: 'U0LEI0001',
  stranger: 'U0STRANGE',
} as const;

export const LOBBY_EN = 'C0LOBBYEN1';
export const LOBBY_ZH = 'C0LOBBYZH1';
export const EXECUTIVE = 'C0EXECUTV1';

export async function startSlack(): Promise<SlackApiServer> {
  const slack = await SlackApiServer.start();
  for (const [handle, id] of Object.entries(SLACK_USERS)) slack.addUser({ id, name: handle, email: handle === 'stranger' ? 'stranger@elsewhere.test' : `${handle}@example.com` });
  slack.addChannel(LOBBY_EN, 'incident-chat');
  slack.addChannel(LOBBY_ZH, 'incident-chat-zh');
  slack.addChannel(EXECUTIVE, 'executive-summary-updates');
  return slack;
}

/** The `slack` block for a server talking to this test Slack; `incident-chat` by id, the other lobbies found by name. */
export function slackConfig(slack: SlackApiServer, extra: Record<string, unknown> = {}) {
  return (config: Record<string, any>) => {
    config.slack = { botToken: slack.tokens.botToken, appToken: slack.tokens.appToken, apiUrl: slack.url, channels: { 'incident-chat': LOBBY_EN }, ...extra };
    config.people.mei.slackId = SLACK_USERS.mei;
    // Everyone may be paged by a Slack direct message, before their other contacts.
    for (const person of Object.values(config.people) as { contacts: unknown[] }[]) person.contacts.unshift({ type: 'slack' });
  };
}

/** Waits for what a person would eventually see; fails with the last answer if it never comes. */
export async function eventually<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, limitMs = 45_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`never saw ${what} (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
