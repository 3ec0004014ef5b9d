import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';
import type { SlackApiServer } from '../support/slack-api-server.js';
import { eventually, LOBBY_EN, SLACK_USERS, slackConfig, startSlack } from './slack-support.js';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('Slack over the HTTP Events API, signed requests only', () => {
  let slack: SlackApiServer;
  let server: ServerProcess;
  let events: string;
  let carol: string;

  beforeAll(async () => {
    slack = await startSlack();
    const port = await freePort();
    server = await ServerProcess.start({ config: slackConfig(slack, { mode: 'http', appToken: undefined, signingSecret: slack.tokens.signingSecret, port }) });
    events = `http://127.0.0.1:${port}/slack/events`;
    carol = await server.token('carol');
  });
  afterAll(async () => {
    await server?.stop();
    await slack?.stop();
  });

  const deliver = (body: string, headers: Record<string, string>) => fetch(events, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const openIncidents = async () => (await server.request('GET', '/api/v1/incidents?status=open', { token: carol })).body.incidents as { id: number; title: string }[];

  it('answers Slack’s URL verification once the signature is right', async () => {
    const body = JSON.stringify({ token: 'unused', challenge: 'c-123', type: 'url_verification' });
    const response = await deliver(body, slack.sign(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 'c-123' });
  });

  it('refuses a forged or stale signature with 401 and applies nothing', async () => {
    const body = JSON.stringify(slack.messageEvent(LOBBY_EN, SLACK_USERS.carol, '!declare 2 forged outage'));
    expect((await deliver(body, slack.sign(body, undefined, 'not-the-signing-secret-at-all'))).status).toBe(401);
    expect((await deliver(body, slack.sign(body, Math.floor(Date.now() / 1000) - 6 * 60))).status).toBe(401);
    expect((await deliver(body, {})).status).toBe(401);
    const tampered = body.replace('forged outage', 'tampered outage');
    expect((await deliver(tampered, slack.sign(body))).status).toBe(401);
    expect(await openIncidents()).toEqual([]);
  });

  it('applies a signed event once, however often Slack retries it (X-Slack-Retry-Num)', async () => {
    const body = JSON.stringify(slack.messageEvent(LOBBY_EN, SLACK_USERS.carol, '!declare 2 checkout errors', 'Ev0HTTPONCE1'));
    expect((await deliver(body, slack.sign(body))).status).toBe(200);
    for (const retry of ['1', '2']) {
      expect((await deliver(body, { ...slack.sign(body), 'x-slack-retry-num': retry, 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    }
    const [incident] = await eventually(async () => {
      const open = await openIncidents();
      return open.length > 0 && open;
    }, 'the declared incident');
    expect(incident!.title).toBe('checkout errors');
    await eventually(() => slack.channelNamed(`inc-${incident!.id}-checkout-errors`), 'its channel');
    const timeline = await server.request('GET', `/api/v1/incidents/${incident!.id}/timeline`, { token: carol });
    expect(timeline.body.events.filter((event: { type: string }) => event.type === 'incident.declared')).toHaveLength(1);
    expect(await openIncidents()).toHaveLength(1);
  });
});
