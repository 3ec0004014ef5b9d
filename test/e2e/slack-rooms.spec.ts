import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';
import type { SlackApiServer } from '../support/slack-api-server.js';
import { eventually, LOBBY_EN, SLACK_USERS, slackConfig, startSlack } from './slack-support.js';

type Person = keyof typeof SLACK_USERS;

describe('Slack channels for incident rooms, sub-teams and private incidents', () => {
  let slack: SlackApiServer;
  let server: ServerProcess;
  let carol: string;

  beforeAll(async () => {
    slack = await startSlack();
    // Channels archived a second after the incident is resolved, so the test can see it.
    server = await ServerProcess.start({ config: slackConfig(slack, { archiveAfter: 1 / 60 }) });
    carol = await server.token('carol');
  });
  afterAll(async () => {
    await server?.stop();
    await slack?.stop();
  });

  const say = (channel: string, who: Person, text: string) => slack.envelope('events_api', slack.messageEvent(channel, SLACK_USERS[who], text));
  const incident = async (id: number) => (await server.request('GET', `/api/v1/incidents/${id}`, { token: carol })).body;
  const opened = async (title: string) =>
    eventually(async () => {
      const rows = (await server.request('GET', '/api/v1/incidents', { token: carol })).body.incidents as { id: number; title: string }[];
      return rows.find((row) => row.title === title);
    }, `incident “${title}”`);

  it('runs one scenario through the HTTP API and through Slack to the same incident', async () => {
    const script = (room: string) => [
      [room, '!declare 2 payments failing'],
      ['inc', '!ic take'],
      ['inc', '!role scribe @dave'],
      ['inc', '!role deputy @erin'],
      ['inc', '!note card processor returns 502'],
      ['inc', '!note failed over to the backup processor'],
      ['inc', '!sev 3'],
      ['inc', '!status'],
      ['inc', '!resolve'],
    ];

    let httpId = 0;
    for (const [where, line] of script('incident-chat')) {
      const answer = await server.say(where === 'inc' ? `inc-${httpId}` : where!, line!, carol);
      expect(answer.status).toBe(200);
      httpId ||= answer.body.incident.id;
    }
    const viaHttp = await incident(httpId);
    await eventually(async () => (await server.request('GET', '/api/v1/incidents?status=open', { token: carol })).body.incidents.length === 0, 'the HTTP incident resolved');

    const [[, declare], ...rest] = script('incident-chat');
    await say(LOBBY_EN, 'carol', declare!.replace('payments failing', 'payments failing again'));
    const row = await opened('payments failing again');
    const channel = await eventually(() => slack.channelNamed(`inc-${row.id}-payments-failing-again`), 'the incident channel');
    for (const [, line] of rest) {
      const before = slack.posted.filter((post) => post.channel === channel.id).length;
      await say(channel.id, 'carol', line!.replace('@dave', `<@${SLACK_USERS.dave}>`).replace('@erin', `<@${SLACK_USERS.erin}>`));
      // Each line is answered in the channel before the next is typed, as people do.
      await eventually(() => slack.posted.filter((post) => post.channel === channel.id).length > before, `the answer to ${line}`);
    }
    const viaSlack = await eventually(async () => {
      const body = await incident(row.id);
      return body.status === 'resolved' && body;
    }, 'the Slack incident resolved');

    const facts = (body: any) => ({
      severity: body.severity,
      status: body.status,
      roles: body.roles,
      notes: body.notes.map((note: { text: string; by?: string }) => note.text),
      private: body.private,
    });
    expect(facts(viaSlack)).toEqual(facts(viaHttp));
    expect(viaSlack.roles).toMatchObject({ commander: 'carol', scribe: 'dave', deputy: 'erin' });
    const types = async (id: number) =>
      (await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol })).body.events.map((event: { type: string }) => event.type);
    expect(await types(row.id)).toEqual(await types(httpId));

    await eventually(() => channel.is_archived, 'the resolved incident’s channel archived');
    expect(['carol', 'dave', 'erin'].every((who) => channel.members.includes(SLACK_USERS[who as Person]))).toBe(true);
    expect(channel.topic).toContain('Carol Carter (@carol)');

    await server.say(`inc-${row.id}`, '!reopen', carol);
    await eventually(() => !channel.is_archived, 'the channel back when the incident is reopened');
  });

  it('opens a private incident in a private channel that the lobby never hears of', async () => {
    const lobbyPosts = () => slack.posted.filter((post) => post.channel === LOBBY_EN).length;
    const before = lobbyPosts();
    await say(LOBBY_EN, 'alice', '!declare private 1 leaked credentials');
    const row = await eventually(async () => {
      const rows = (await server.request('GET', '/api/v1/incidents', { token: await server.token('alice') })).body.incidents as { id: number; title: string }[];
      return rows.find((candidate) => candidate.title === 'leaked credentials');
    }, 'the private incident');
    const channel = await eventually(() => slack.channelNamed(`inc-${row.id}-leaked-credentials`), 'its channel');
    expect(channel.is_private).toBe(true);
    await eventually(() => channel.members.includes(SLACK_USERS.alice) && slack.posted.some((post) => post.channel === channel.id), 'alice invited and the declaration posted');
    expect(lobbyPosts()).toBe(before);
    expect(slack.posted.filter((post) => post.channel === LOBBY_EN).map((post) => post.text).join('\n')).not.toContain('leaked');
  });

  it('gives a sub-team its own channel with its lead invited', async () => {
    await say(LOBBY_EN, 'frank', '!declare 2 search is slow');
    const row = await opened('search is slow');
    const channel = await eventually(() => slack.channelNamed(`inc-${row.id}-search-is-slow`), 'the incident channel');
    await say(channel.id, 'frank', `!subteam alpha <@${SLACK_USERS.bob}>`);
    const team = await eventually(() => slack.channelNamed(`inc-${row.id}-alpha`), 'the sub-team channel');
    await eventually(() => team.members.includes(SLACK_USERS.bob) && team.topic.includes('Bob Boberson'), 'bob invited as lead');
    await say(team.id, 'bob', '!note index rebuild started');
    await eventually(async () => (await incident(row.id)).notes.some((note: { text: string }) => note.text === 'index rebuild started'), 'the sub-team’s note on the incident');
    await eventually(() => slack.posted.some((post) => post.channel === team.id && post.text.startsWith('Note #')), 'the answer in the sub-team channel');
  });

  it('invites everyone a team page reaches into the incident channel', async () => {
    await say(LOBBY_EN, 'alice', '!declare 2 checkout 500s');
    const row = await opened('checkout 500s');
    const channel = await eventually(() => slack.channelNamed(`inc-${row.id}-checkout-500s`), 'the incident channel');
    await say(channel.id, 'alice', '!ic page web checkout returns 500');
    const paged = await eventually(async () => {
      const pages = (await server.request('GET', `/api/v1/incidents/${row.id}/pages`, { token: carol })).body.pages as { person: string }[];
      return pages.length > 0 && [...new Set(pages.map((page) => page.person))];
    }, 'the web team paged');
    await eventually(() => paged.every((person) => channel.members.includes(SLACK_USERS[person as Person])), `${paged.join(', ')} invited`);
  });
});

describe('Slack unreachable when the server starts', () => {
  let slack: SlackApiServer;
  let server: ServerProcess;

  beforeAll(async () => {
    slack = await startSlack();
    slack.trouble(503, 10 * 60_000);
    server = await ServerProcess.start({ config: slackConfig(slack) });
  });
  afterAll(async () => {
    await server?.stop();
    await slack?.stop();
  });

  it('serves at once, connects when Slack answers, and then works as usual', async () => {
    const carol = await server.token('carol');
    // The HTTP API does not wait for Slack.
    const declared = await server.say('incident-chat', '!declare 3 slow start', carol);
    expect(declared.status).toBe(200);
    await eventually(() => slack.calls.some((call) => call.status === 503), 'Slack tried and failing');
    expect(slack.connected).toBe(false);
    slack.trouble(503, 0);
    await eventually(() => slack.connected, 'the Socket Mode connection', 60_000);
    // What happened before Slack was reachable reaches it too.
    await eventually(() => slack.channelNamed(`inc-${declared.body.incident.id}-slow-start`), 'the channel of the incident declared meanwhile', 30_000);
    await slack.envelope('events_api', slack.messageEvent(LOBBY_EN, SLACK_USERS.carol, '!declare 3 after the outage'));
    await eventually(() => slack.channelNamed(`inc-${declared.body.incident.id + 1}-after-the-outage`), 'a channel for a line typed in Slack');
  });
});
