import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, STORES, storeEnv } from '../support/server-process.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { WebhookSink } from '../support/webhook-sink.js';
import { pagingConfig, WEBHOOK_SECRET } from '../support/paging-config.js';

interface Said {
  status: number;
  body: { replies: { text: string; error?: boolean; onlyForSender?: boolean }[] };
}
const texts = (said: Said) => said.body.replies.map((reply) => reply.text).join('\n');

describe.each(STORES)('!ack all: one acknowledgement for every page of an alert storm, on %s', { timeout: 90_000 }, (store) => {
  let smtp: SmtpSink;
  let webhook: WebhookSink;
  let server: ServerProcess;
  let carol: string;
  let alice: string;
  let bob: string;
  let dave: string;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    webhook = await WebhookSink.start(WEBHOOK_SECRET);
    // alice is the primary IC, bob the backup; nobody escalates within the test.
    server = await ServerProcess.start({ config: pagingConfig({ smtp, webhook }, 30), env: storeEnv(store) });
    [carol, alice, bob, dave] = await Promise.all(['carol', 'alice', 'bob', 'dave'].map((person) => server.token(person)));
  });
  afterAll(async () => {
    await server?.stop();
    await Promise.all([smtp?.stop(), webhook?.stop()]);
  });

  it('acknowledges every open page that reached the sender, tells each incident’s room, and answers the sender alone', async () => {
    const first = await server.say('incident-chat', '!ic page db is down', carol);
    const second = await server.say('incident-chat', '!declare private 2 card data exposed', carol);
    expect([first.status, second.status]).toEqual([200, 200]);
    const [a, b] = [first.body.incident.id as number, second.body.incident.id as number];
    // Both pages reached alice before she answers: the webhook receiver got each one.
    await Promise.all([a, b].map((id) => webhook.waitFor((hook) => hook.path === '/hooks/alice' && hook.body.data?.pageId === `${id}-1`)));

    const said: Said = await server.say('incident-chat', '!ack all', alice);
    expect(said.status).toBe(200);
    expect(said.body.replies).toEqual([
      {
        text: `Alice Anderson (@alice) acknowledged 2 pages (${a}-1, ${b}-1) in incidents #${a}, #${b}. Escalation stopped; each incident’s room has been told.`,
        onlyForSender: true,
      },
    ]);

    for (const id of [a, b]) {
      const pages = await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: alice });
      expect(pages.body.pages.length).toBeGreaterThan(0);
      expect(pages.body.pages.every((row: { pageStatus: string; acknowledgedBy: string }) => row.pageStatus === 'acknowledged' && row.acknowledgedBy === 'alice')).toBe(true);
      const room = await server.request('GET', `/api/v1/rooms/inc-${id}/messages`, { token: alice });
      expect(room.body.messages.map((message: { text: string }) => message.text)).toContain(`Alice Anderson (@alice) acknowledged page ${id}-1 in chat: escalation stopped.`);
    }

    // The answer names the private incident, so the lobby keeps neither the line nor the answer.
    const lobby = await server.request('GET', '/api/v1/rooms/incident-chat/messages', { token: dave });
    const lobbyLines = lobby.body.messages.map((message: { text: string }) => message.text).join('\n');
    expect(lobbyLines).not.toContain('!ack all');
    expect(lobbyLines).not.toContain(`#${b}`);

    // bob was paged for both as the backup: nothing is left for him, and he is told so.
    const late: Said = await server.say('incident-chat', '!ack all', bob);
    expect(late.body.replies).toEqual([{ text: 'You have no open page to acknowledge in any incident.', error: true }]);
  });

  it('answers in Chinese in a Chinese room, with the Chinese words', async () => {
    const said: Said = await server.say('incident-chat-zh', '!确认 全部', dave);
    expect(said.body.replies).toEqual([{ text: '您目前在所有事件中都没有待确认的呼叫。', error: true }]);
    const help: Said = await server.say('incident-chat-zh', '!帮助 确认', dave);
    expect(texts(help)).toContain('!确认 全部 — 确认您在所有事件中尚未确认的呼叫');
  });
});
