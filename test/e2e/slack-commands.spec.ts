import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';
import type { SlackApiServer } from '../support/slack-api-server.js';
import { eventually, EXECUTIVE, LOBBY_EN, LOBBY_ZH, SLACK_USERS, slackConfig, startSlack } from './slack-support.js';

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

  type Person = keyof typeof SLACK_USERS;
  type Button = { action_id: string; value: string; style?: string; text: { type: string; text: string }; confirm?: Record<string, { type: string; text: string } | string> };
  const say = (channelId: string, who: Person, text: string) => slack.envelope('events_api', slack.messageEvent(channelId, SLACK_USERS[who], text));
  /** A new incident declared in a lobby, its IC in command, and its channel. */
  const openIncident = async (lobby: string, declare: string, title: string, commander: Person, take: string) => {
    await say(lobby, commander, declare);
    const row = await eventually(async () => ((await server.request('GET', '/api/v1/incidents?status=open', { token: carol })).body.incidents as { id: number; title: string }[]).find((candidate) => candidate.title === title), `incident “${title}”`);
    const name = lobby === LOBBY_ZH ? `inc-${row.id}` : `inc-${row.id}-${title.replace(/ /g, '-')}`;
    const opened = (await eventually(() => slack.channelNamed(name), `channel #${name}`)).id;
    await say(opened, commander, take);
    await eventually(async () => (await server.request('GET', `/api/v1/incidents/${row.id}`, { token: carol })).body.roles.commander === commander, `${commander} as IC`);
    return { id: row.id, channel: opened };
  };
  const promptIn = (channelId: string, start: string) => eventually(() => slack.posted.find((post) => post.channel === channelId && post.text.startsWith(start)), `the prompt “${start}…”`);
  const buttonsOf = (post: { blocks?: unknown }) => ((post.blocks as any[]) ?? []).filter((block) => block.type === 'actions').flatMap((block) => block.elements as Button[]);
  /** What Slack checks of a button and its confirm object before it accepts the message (else `invalid_blocks`). */
  const expectValidButton = (button: Button) => {
    expect(button.text.type).toBe('plain_text');
    expect([...button.text.text].length).toBeLessThanOrEqual(75);
    expect(button.value.length).toBeLessThanOrEqual(2000);
    expect(['primary', 'danger', undefined]).toContain(button.style);
    const confirm = button.confirm as Record<string, { type: string; text: string }>;
    for (const [field, max] of [['title', 100], ['text', 300], ['confirm', 30], ['deny', 30]] as const) {
      expect(confirm[field]?.type, `confirm.${field}`).toBe('plain_text');
      expect(confirm[field]!.text.length, `confirm.${field}`).toBeGreaterThan(0);
      expect([...confirm[field]!.text].length, `confirm.${field}`).toBeLessThanOrEqual(max);
    }
    expect(['primary', 'danger', undefined]).toContain(button.confirm?.style);
  };
  const draftPublished = async (incidentId: number) =>
    ((await server.request('GET', `/api/v1/incidents/${incidentId}/communications`, { token: carol })).body.drafts as { n: number; publishedAt: string | null }[]).find((draft) => draft.n === 1)?.publishedAt ?? null;

  it('warns on the prompt of a draft that promises a time, and publishes it with the IC’s confirmed Approve anyway button only', async () => {
    const { id: incidentId, channel: room } = await openIncident(LOBBY_EN, '!declare 3 checkout errors', 'checkout errors', 'dave', '!ic take');
    await say(room, 'erin', '!public We expect a fix within 30 minutes.');
    const prompt = await promptIn(room, 'Public update draft #1:');
    expect(prompt.text).toBe(
      'Public update draft #1: “We expect a fix within 30 minutes.” It promises a time (“within 30 minutes”), and the runbook says never to give customers an ETA: write a new draft without it, or the IC publishes this one anyway.',
    );
    expect(((prompt.blocks as any[])[0] as { text: { text: string } }).text.text).toBe(prompt.text);
    const buttons = buttonsOf(prompt);
    // No plain Approve: it would only be refused.
    expect(buttons.map((button) => button.action_id)).toEqual(['dp_approve_anyway']);
    expect(buttonIn(room, 'dp_approve')).toBeUndefined();
    const anyway = buttons[0]!;
    expect(anyway).toMatchObject({
      type: 'button',
      text: { type: 'plain_text', text: 'Approve anyway' },
      style: 'danger',
      confirm: {
        title: { type: 'plain_text', text: 'Draft #1 promises a time' },
        text: { type: 'plain_text', text: 'Publish draft #1 to the status page anyway? It promises customers a time (“within 30 minutes”), and the runbook says never to give them an ETA.' },
        confirm: { type: 'plain_text', text: 'Publish anyway' },
        deny: { type: 'plain_text', text: 'Cancel' },
      },
    });
    expectValidButton(anyway);

    // Someone else pressing it is refused, to them only, as the typed line would be.
    const toErin = () => slack.accepted('chat.postEphemeral').filter((call) => call.args.user === SLACK_USERS.erin);
    const before = toErin().length;
    await press(room, SLACK_USERS.erin, anyway);
    const refused = await eventually(() => toErin().length > before && toErin().at(-1), 'erin refused');
    expect(refused.args.channel).toBe(room);
    expect(String(refused.args.text)).toContain('Only the IC (Dave Davies (@dave)) can approve a public update.');
    expect(await draftPublished(incidentId)).toBeNull();
    expect((await server.request('GET', `/status/incidents/${incidentId}`)).status).toBe(404);

    // The IC's press (after Slack's dialog) types !approve 1 anyway: published, and the room hears it.
    await press(room, SLACK_USERS.dave, anyway);
    await eventually(async () => (await draftPublished(incidentId)) !== null, 'the draft published');
    // The status page's read model follows the live feed, a moment behind the API.
    const page = await eventually(async () => {
      const shown = await server.request('GET', `/status/incidents/${incidentId}`);
      return shown.status === 200 && shown;
    }, 'the status page shows it');
    expect(page.body).toContain('We expect a fix within 30 minutes.');
    await eventually(() => slack.posted.some((post) => post.channel === room && post.text.includes(`Draft #1 is published on the status page: http://localhost:8080/status/incidents/${incidentId}`)), 'the room told');
  });

  it('says it in Chinese in a Chinese room', async () => {
    const { id: incidentId, channel: room } = await openIncident(LOBBY_ZH, '!宣布 3 接口延迟', '接口延迟', 'mei', '!指挥官 接管');
    await say(room, 'lei', '!公告 我们预计 30 分钟内恢复服务。');
    const prompt = await promptIn(room, '公开更新草稿 #1');
    expect(prompt.text).toBe('公开更新草稿 #1“我们预计 30 分钟内恢复服务。”承诺了时间（“预计 30 分钟”），而流程要求绝不向客户给出预计恢复时间。请另写一份不含时间的草稿，或由事件指挥官确认后仍然发布。');
    const buttons = buttonsOf(prompt);
    expect(buttons.map((button) => button.action_id)).toEqual(['dp_approve_anyway']);
    expect(buttons[0]).toMatchObject({
      text: { text: '仍然批准发布' },
      confirm: {
        title: { text: '草稿 #1 承诺了时间' },
        text: { text: '仍要将草稿 #1 发布到状态页面吗？其中向客户承诺了时间（“预计 30 分钟”），而流程要求绝不给出预计恢复时间。' },
        confirm: { text: '仍然发布' },
        deny: { text: '取消' },
      },
    });
    expectValidButton(buttons[0]!);
    await press(room, SLACK_USERS.mei, buttons[0]!);
    await eventually(async () => (await draftPublished(incidentId)) !== null, 'the draft published');
    await eventually(() => slack.posted.some((post) => post.channel === room && post.text.includes('草稿 #1 已发布到状态页面')), 'the room told, in Chinese');
    // The press is in the room's history as mei would have typed it there, in Chinese.
    const history = (await server.request('GET', `/api/v1/rooms/inc-${incidentId}/messages`, { token: carol })).body.messages as { text: string }[];
    expect(history.map((message) => message.text)).toContain('!批准 1 仍然发布');
    expect(history.map((message) => message.text)).not.toContain('!approve 1 anyway');
  });
});
