import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, STORES, storeEnv } from '../support/server-process.js';
import type { SlackApiServer } from '../support/slack-api-server.js';
import { eventually, LOBBY_EN, LOBBY_ZH, SLACK_USERS, slackConfig, startSlack } from './slack-support.js';

describe.each(STORES)('Slack in Socket Mode, against the real server on %s and a local Slack', (store) => {
  let slack: SlackApiServer;
  let server: ServerProcess;
  let carol: string;

  beforeAll(async () => {
    slack = await startSlack();
    server = await ServerProcess.start({ config: slackConfig(slack), env: storeEnv(store) });
    carol = await server.token('carol');
  });
  afterAll(async () => {
    await server?.stop();
    await slack?.stop();
  });

  const say = (channel: string, user: string, text: string, eventId?: string) => slack.envelope('events_api', slack.messageEvent(channel, user, text, eventId));
  const postedIn = (channel: string) => slack.posted.filter((post) => post.channel === channel).map((post) => post.text);
  let incidentId = 0;
  let incidentChannel = '';

  it('opens an incident from the lobby channel, creates its channel, invites the paged ICs and posts the contact summary there', async () => {
    expect(slack.connected).toBe(true);
    await say(LOBBY_EN, SLACK_USERS.carol, '!ic page db is down');
    const open = await eventually(async () => (await server.request('GET', '/api/v1/incidents?status=open', { token: carol })).body.incidents[0], 'the incident');
    incidentId = open.id;
    expect(open).toMatchObject({ title: 'db is down', severity: 'SEV-2', status: 'open' });
    const channel = await eventually(() => slack.channelNamed(`inc-${incidentId}-db-is-down`), 'the incident channel');
    incidentChannel = channel.id;
    expect(channel.is_private).toBe(false);

    const timeline = await server.request('GET', `/api/v1/incidents/${incidentId}/timeline`, { token: carol });
    const paged = timeline.body.events.find((event: { type: string }) => event.type === 'commander.paged');
    const ics = [paged.primary, paged.backup].filter(Boolean) as (keyof typeof SLACK_USERS)[];
    expect(ics.length).toBeGreaterThan(0);
    await eventually(() => ics.every((ic) => channel.members.includes(SLACK_USERS[ic])) && channel.members.includes(SLACK_USERS.carol), 'the ICs and the declarer invited');
    await eventually(() => postedIn(incidentChannel).some((text) => text.includes('PIN 123456') && text.includes('Executive summaries')), 'the contact summary in the incident channel');
    expect(postedIn(incidentChannel).join('\n')).toContain(`Incident #${incidentId} declared: SEV-2 “db is down”`);
    await eventually(() => channel.topic.includes('PIN 123456') && channel.topic.includes('!ic page'), 'the topic');
    await eventually(() => postedIn(LOBBY_EN).some((text) => text.includes(`#${incidentId}`) && text.includes(`<#${incidentChannel}>`)), 'the announcement in the lobby');
  });

  it('takes a Slack mention as the person: !role scribe @carol in the incident channel', async () => {
    await say(incidentChannel, SLACK_USERS.carol, `!role scribe <@${SLACK_USERS.carol}>`);
    await eventually(async () => (await server.request('GET', `/api/v1/incidents/${incidentId}`, { token: carol })).body.roles.scribe === 'carol', 'carol as scribe');
    await eventually(() => postedIn(incidentChannel).includes('Carol Carter (@carol) is now Scribe.'), 'the reply in the channel');
  });

  it('applies an event delivered twice only once', async () => {
    const payload = slack.messageEvent(incidentChannel, SLACK_USERS.carol, '!note replica lag 40s', 'Ev0TWICE001');
    await slack.envelope('events_api', payload);
    await slack.envelope('events_api', payload, 1);
    await say(incidentChannel, SLACK_USERS.carol, '!note second note');
    const incident = await eventually(async () => {
      const body = (await server.request('GET', `/api/v1/incidents/${incidentId}`, { token: carol })).body;
      return body.notes.length >= 2 && body;
    }, 'both notes');
    expect(incident.notes.map((note: { text: string }) => note.text)).toEqual(['replica lag 40s', 'second note']);
  });

  it('tells only the sender when a command is refused, and strangers what they may do', async () => {
    await say(incidentChannel, SLACK_USERS.carol, '!sev 9');
    const refusal = await eventually(() => slack.accepted('chat.postEphemeral').find((call) => call.args.user === SLACK_USERS.carol), 'an ephemeral refusal');
    expect(refusal.args.channel).toBe(incidentChannel);
    expect(postedIn(incidentChannel).join('\n')).not.toContain('!sev 9');
    const toStranger = () => slack.accepted('chat.postEphemeral').filter((call) => call.args.user === SLACK_USERS.stranger);
    await say(incidentChannel, SLACK_USERS.stranger, '!resolve');
    const polite = await eventually(() => toStranger()[0], 'the reply to a stranger');
    expect(polite.args.text).toContain('I don’t know who you are');
    await say(incidentChannel, SLACK_USERS.stranger, '!status');
    const status = await eventually(() => toStranger()[1], 'the status, for the stranger only');
    expect(status.args.text).toContain(`Incident #${incidentId} · SEV-2 · open`);
    expect(postedIn(incidentChannel).filter((text) => text.includes(`Incident #${incidentId} · SEV-2 · open`))).toEqual([]);
    const incident = await server.request('GET', `/api/v1/incidents/${incidentId}`, { token: carol });
    expect(incident.body.status).toBe('open');
  });

  it('keeps posts in the outbox while Slack answers 429 or 503, and delivers them later in order', async () => {
    slack.trouble(429, 1500, 1);
    for (const n of [1, 2, 3]) await server.say('incident-chat', `!note during the rate limit ${n}`, carol);
    slack.trouble(503, 1500);
    for (const n of [4, 5]) await server.say('incident-chat', `!note during the outage ${n}`, carol);
    const delivered = await eventually(() => {
      const notes = postedIn(incidentChannel).filter((text) => /^Note #\d+ added/.test(text));
      return notes.length >= 7 && notes;
    }, 'every note reply in the channel', 60_000);
    const numbers = delivered.map((text) => Number(/^Note #(\d+)/.exec(text)![1]));
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(slack.calls.some((call) => call.status === 429)).toBe(true);
    expect(slack.calls.some((call) => call.status === 503)).toBe(true);
  });

  it('loses nothing when the server is killed while Slack is down', async () => {
    slack.trouble(503, 10 * 60_000);
    const failedBefore = slack.calls.filter((call) => call.status === 503).length;
    for (const n of [1, 2, 3]) await server.say(`inc-${incidentId}`, `!note before the crash ${n}`, carol);
    await eventually(() => slack.calls.filter((call) => call.status === 503).length > failedBefore, 'a delivery that failed');
    await server.kill();
    slack.trouble(503, 0);
    await server.start();
    const delivered = await eventually(() => {
      const notes = postedIn(incidentChannel).filter((text) => /^Note #\d+ added/.test(text));
      return notes.length >= 10 && notes;
    }, 'the notes queued before the crash', 60_000);
    expect(delivered.map((text) => Number(/^Note #(\d+)/.exec(text)![1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('answers in Chinese in a Chinese lobby channel (found by name)', async () => {
    await say(LOBBY_ZH, SLACK_USERS.mei, '!指挥官 呼叫 数据库宕机');
    const row = await eventually(async () => {
      const incidents = (await server.request('GET', '/api/v1/incidents?status=open', { token: carol })).body.incidents;
      return incidents.find((incident: { title: string }) => incident.title === '数据库宕机');
    }, 'the Chinese incident');
    const channel = await eventually(() => slack.channelNamed(`inc-${row.id}`), 'its channel');
    await eventually(() => postedIn(channel.id).some((text) => text.includes(`已宣布事件 #${row.id}：SEV-2“数据库宕机”`)), 'the Chinese reply');
    await eventually(() => channel.topic.includes('指挥官') && channel.members.includes(SLACK_USERS.mei), 'the Chinese topic and mei invited');
  });

  it('keeps Slack’s tokens out of the logs', () => {
    const logs = server.logs.join('\n');
    expect(logs).toContain('Slack connected');
    for (const secret of [slack.tokens.botToken, slack.tokens.appToken]) expect(logs).not.toContain(secret);
  });
});
