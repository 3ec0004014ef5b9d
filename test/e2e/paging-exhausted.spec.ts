import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, STORES, storeEnv } from '../support/server-process.js';
import { SmtpSink, type ReceivedMail } from '../support/smtp-sink.js';
import { WebhookSink } from '../support/webhook-sink.js';
import { pagingConfig, WEBHOOK_SECRET } from '../support/paging-config.js';
import { until } from '../support/until.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A page nobody answered in time: the IC policy here is one level (alice
 * primary, bob backup, lei shadowing) waiting 3 s, with no repeat. The page is
 * exhausted, and still open, as PagerDuty keeps such an incident triggered:
 * someone it reached may acknowledge it late, and when the incident ends the
 * people it reached hear that nothing more is needed from them.
 */
describe.each(STORES)('a page whose escalation policy ran out, on %s', { timeout: 90_000 }, (store) => {
  let smtp: SmtpSink;
  let webhook: WebhookSink;
  let server: ServerProcess;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    webhook = await WebhookSink.start(WEBHOOK_SECRET);
    const configure = pagingConfig({ smtp, webhook }, 3 / 60);
    server = await ServerProcess.start({
      config: (config) => {
        configure(config);
        const policy = config.escalationPolicies['incident-command'];
        policy.repeat = 0;
        policy.levels = policy.levels.slice(0, 1);
      },
      env: storeEnv(store),
    });
    for (const person of ['carol', 'alice', 'bob', 'dave']) tokens[person] = await server.token(person);
  });
  afterAll(async () => {
    await server?.stop();
    await Promise.all([smtp?.stop(), webhook?.stop()]);
  });

  const texts = (result: { body: { replies: { text: string }[] } }) => result.body.replies.map((reply) => reply.text).join('\n');
  const roomLines = async (room: string) =>
    ((await server.request('GET', `/api/v1/rooms/${room}/messages`, { token: tokens.carol })).body.messages as { text: string }[]).map((message) => message.text);
  const closingHooks = (person: string, id: number) =>
    webhook.received.filter((hook) => hook.path === `/hooks/${person}` && hook.body.data?.incidentId === id && hook.body.data.notice === 'page-closed');
  const closingMails = (person: string, id: number) =>
    smtp.messages.filter((mail: ReceivedMail) => mail.to.includes(`${person}@example.com`) && mail.subject.includes(`#${id}:`) && mail.subject.includes('page closed'));

  /** `!ic page` in a lobby, then waits until the room hears that nobody answered. */
  async function exhaustedPage(line: string): Promise<{ id: number; room: string }> {
    const page = await server.say('incident-chat', line, tokens.carol);
    expect(page.status).toBe(200);
    const { id, room } = page.body.incident as { id: number; room: string };
    await until(
      async () => (await roomLines(room)).find((text) => text.startsWith(`Nobody acknowledged page ${id}-1 and its escalation policy is exhausted`)),
      `page ${id}-1 exhausted`,
      20_000,
    );
    return { id, room };
  }

  it('takes a late !ack from someone it reached, tells the room, and refuses anyone else', async () => {
    const { id, room } = await exhaustedPage('!ic page checkout is down');
    const stranger = await server.say(room, '!ack', tokens.dave);
    expect(texts(stranger)).toBe(`You have no open page for incident #${id}. To acknowledge someone else’s page, they type !ack.`);

    const late = await server.say(room, '!ack', tokens.bob);
    expect(late.status).toBe(200);
    expect(texts(late)).toBe(`Bob Boberson (@bob) acknowledged page ${id}-1: escalation stopped.`);
    const again = await server.say(room, '!ack', tokens.alice);
    expect(texts(again)).toBe(`Page ${id}-1 was already acknowledged by Bob Boberson (@bob).`);
    const pages = await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: tokens.carol });
    expect(new Set((pages.body.pages as { pageStatus: string }[]).map((row) => row.pageStatus))).toEqual(new Set(['acknowledged']));
  });

  it('tells the people it reached that it is closed once the incident is resolved, once each', async () => {
    const { id, room } = await exhaustedPage('!ic page search is slow');
    expect((await server.say(room, '!resolve', tokens.carol)).status).toBe(200);
    const [alice] = await Promise.all([
      until(async () => closingMails('alice', id)[0], 'alice’s closing mail'),
      until(async () => closingHooks('bob', id)[0], 'bob’s closing webhook'),
    ]);
    expect(alice.text.trim()).toBe(`The page for incident #${id} is closed: the incident is resolved. Nothing more is needed from you.`);
    await sleep(3000);
    for (const person of ['alice', 'bob']) {
      expect(closingMails(person, id)).toHaveLength(1);
      expect(closingHooks(person, id)).toHaveLength(1);
    }
    expect(closingHooks('bob', id)[0].body.data).toMatchObject({ notice: 'page-closed', reason: 'incident-resolved', status: 'resolved' });
    const pages = await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: tokens.carol });
    expect(new Set((pages.body.pages as { pageStatus: string }[]).map((row) => row.pageStatus))).toEqual(new Set(['cancelled']));
  });
});
