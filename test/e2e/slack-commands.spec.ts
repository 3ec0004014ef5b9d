import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';
import type { SlackApiServer } from '../support/slack-api-server.js';
import { eventually, EXECUTIVE, LOBBY_EN, SLACK_USERS, slackConfig, startSlack } from './slack-support.js';

describe('The /incident slash command and the buttons, through the same commands as typed lines', () => {
  let slack: SlackApiServer;
  let server: ServerProcess;
  let carol: string;
  let id = 0;
  let channel = '';

  beforeAll(async () => {
    slack = await startSlack();
    server = await ServerProcess.start({ config: slackConfig(slack) });
    carol = await server.token('carol');
  });
  afterAll(async () => {
    await server?.stop();
    await slack?.stop();
  });

  let trigger = 0;
  const slash = (channelId: string, user: string, text: string) =>
    slack.envelope('slash_commands', {
      token: 'unused',
      team_id: 'T0DONTPANIC',
      channel_id: channelId,
      user_id: user,
      command: '/incident',
      text,
      response_url: 'https://hooks.slack.invalid/commands/1',
      trigger_id: `trigger-${++trigger}`,
      api_app_id: 'A0DONTPANIC',
    });
  const press = (channelId: string, user: string, button: { action_id: string; value: string }) =>
    slack.envelope('interactive', {
      type: 'block_actions',
      team: { id: 'T0DONTPANIC' },
      user: { id: user },
      api_app_id: 'A0DONTPANIC',
      channel: { id: channelId },
      trigger_id: `trigger-${++trigger}`,
      container: { type: 'message', channel_id: channelId },
      actions: [{ ...button, type: 'button', block_id: 'b1', action_ts: `${Date.now() / 1000}` }],
    });
  const buttonIn = (channelId: string, actionId: string) =>
    slack.posted
      .filter((post) => post.channel === channelId)
      .flatMap((post) => ((post.blocks as any[]) ?? []).flatMap((block) => block.elements ?? []))
      .find((element: { action_id?: string }) => element.action_id === actionId) as { action_id: string; value: string } | undefined;
  const incident = async () => (await server.request('GET', `/api/v1/incidents/${id}`, { token: carol })).body;

  it('declares with /incident declare, and answers a wrong use with the usage, to the sender only', async () => {
    await slash(LOBBY_EN, SLACK_USERS.carol, 'declare 2 cache stampede');
    const row = await eventually(async () => (await server.request('GET', '/api/v1/incidents?status=open', { token: carol })).body.incidents[0], 'the incident');
    id = row.id;
    expect(row.title).toBe('cache stampede');
    channel = (await eventually(() => slack.channelNamed(`inc-${id}-cache-stampede`), 'its channel')).id;
    await slash(LOBBY_EN, SLACK_USERS.carol, 'launch the rockets');
    const usage = await eventually(() => slack.accepted('chat.postEphemeral').find((call) => String(call.args.text).startsWith('Usage: /incident')), 'the usage');
    expect(usage.args.user).toBe(SLACK_USERS.carol);
  });

  it('takes command with the button while there is no IC', async () => {
    const take = await eventually(() => buttonIn(channel, 'dp_take_command'), 'the Take command button');
    await press(channel, SLACK_USERS.dave, take);
    await eventually(async () => (await incident()).roles.commander === 'dave', 'dave as IC');
    // The button stays in the channel; pressing it again answers like the typed command would, to the presser only.
    await press(channel, SLACK_USERS.dave, take);
    const refused = await eventually(() => slack.accepted('chat.postEphemeral').find((call) => call.args.user === SLACK_USERS.dave), 'dave told he is the IC already');
    expect(refused.args.channel).toBe(channel);
    expect((await incident()).roles.commander).toBe('dave');
  });

  it('shows the status with /incident status in the incident channel', async () => {
    await slash(channel, SLACK_USERS.carol, 'status');
    await eventually(() => slack.posted.some((post) => post.channel === channel && post.text.includes(`Incident #${id} · SEV-2 · open`)), 'the status');
  });

  it('approves a public draft with the IC’s button', async () => {
    await slack.envelope('events_api', slack.messageEvent(channel, SLACK_USERS.dave, `!role customer <@${SLACK_USERS.erin}>`));
    await slack.envelope('events_api', slack.messageEvent(channel, SLACK_USERS.erin, '!public We are investigating slow pages'));
    const approve = await eventually(() => buttonIn(channel, 'dp_approve'), 'the Approve button');
    await press(channel, SLACK_USERS.dave, approve);
    await eventually(async () => {
      const events = (await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol })).body.events as { type: string; text?: string }[];
      return events.some((event) => event.type === 'public.published' && event.text === 'We are investigating slow pages');
    }, 'the update published');
  });

  it('pages by Slack direct message with an Acknowledge button that acknowledges the page', async () => {
    await slack.envelope('events_api', slack.messageEvent(channel, SLACK_USERS.carol, '!ic page the cache is melting'));
    const dm = await eventually(
      () =>
        slack.posted.find(
          (post) => post.channel.startsWith('D') && post.text.includes('the cache is melting') && ((post.blocks as any[]) ?? []).some((block) => block.type === 'actions'),
        ),
      'a page by direct message',
    );
    const button = ((dm.blocks as any[]).find((block) => block.type === 'actions').elements as { action_id: string; value: string; text: { text: string } }[])[0]!;
    const paged = Object.entries(SLACK_USERS).find(([, user]) => dm.channel === `D${user.slice(1)}`)![0];
    // In the paged person's language.
    expect(button.text.text).toBe(['mei', 'lei'].includes(paged) ? '确认' : 'Acknowledge');
    const before = (await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol })).body.pages as { pageStatus: string }[];
    expect(before.some((page) => page.pageStatus === 'acknowledged')).toBe(false);
    await press(dm.channel, SLACK_USERS[paged as keyof typeof SLACK_USERS], button);
    await eventually(async () => {
      const pages = (await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol })).body.pages as { pageStatus: string; acknowledgedBy?: string }[];
      return pages.some((page) => page.pageStatus === 'acknowledged' && page.acknowledgedBy === paged);
    }, 'the page acknowledged');
  });

  it('posts executive summaries to the executive channel with <!here>', async () => {
    await slack.envelope('events_api', slack.messageEvent(channel, SLACK_USERS.dave, '!update cache warmed, errors falling'));
    const summary = await eventually(() => slack.posted.find((post) => post.channel === EXECUTIVE && post.text.includes('cache warmed')), 'the executive summary');
    expect(summary.text.startsWith('<!here>')).toBe(true);
  });
});
