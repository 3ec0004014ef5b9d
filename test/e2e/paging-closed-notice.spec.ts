import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, STORES, storeEnv } from '../support/server-process.js';
import { SmtpSink, type ReceivedMail } from '../support/smtp-sink.js';
import { TwilioSink } from '../support/twilio-sink.js';
import { WebhookSink } from '../support/webhook-sink.js';
import { pagingConfig, TWILIO_SID, TWILIO_TOKEN, WEBHOOK_SECRET } from '../support/paging-config.js';
import { until } from '../support/until.js';

const PHONE = { alice: '+447700900001', mei: '+8613800138001', lei: '+8613800138002' } as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What the people a page reached are told once it closes without them: the
 * IC on call is alice (English) with mei as backup (Chinese) and lei
 * shadowing (Chinese); erin is level 2, never reached within the minute a
 * level waits here. Everyone's messages are counted at the real receivers.
 */
describe.each(STORES)('telling the people a closed page reached that they are no longer needed, on %s', { timeout: 90_000 }, (store) => {
  let smtp: SmtpSink;
  let webhook: WebhookSink;
  let twilio: TwilioSink;
  let server: ServerProcess;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    webhook = await WebhookSink.start(WEBHOOK_SECRET);
    twilio = await TwilioSink.start(TWILIO_SID, TWILIO_TOKEN);
    const configure = pagingConfig({ smtp, webhook, twilio }, 1);
    server = await ServerProcess.start({
      config: (config) => {
        configure(config);
        config.schedules['ic-backup'].layers[0].people = ['mei'];
        config.people.mei.contacts.push({ type: 'webhook', url: `${webhook.url}/hooks/mei` });
      },
      env: storeEnv(store),
    });
    for (const person of ['carol', 'dave', 'alice', 'mei', 'lei']) tokens[person] = await server.token(person);
  });
  afterAll(async () => {
    await server?.stop();
    await Promise.all([smtp?.stop(), webhook?.stop(), twilio?.stop()]);
  });

  const texts = (result: { body: { replies: { text: string }[] } }) => result.body.replies.map((reply) => reply.text).join('\n');
  /** Every mail to `person` about incident `id`: its pages and notices (English and Chinese subjects). */
  const mails = (person: string, id: number) => smtp.messages.filter((mail: ReceivedMail) => mail.to.includes(`${person}@example.com`) && (mail.subject.includes(`#${id}:`) || mail.subject.includes(`#${id}：`)));
  const closingMails = (person: string, id: number) => mails(person, id).filter((mail) => /page closed|呼叫已结束/.test(mail.subject));
  const sms = (person: keyof typeof PHONE, id: number) => twilio.requests.filter((request) => request.kind === 'sms' && request.to === PHONE[person] && (request.body ?? '').includes(`#${id}`));
  const calls = (person: keyof typeof PHONE, id: number) => twilio.requests.filter((request) => request.kind === 'voice' && request.to === PHONE[person] && (request.twiml ?? '').includes(`${id}`));
  const hooks = (person: string, id: number) => webhook.received.filter((hook) => hook.path === `/hooks/${person}` && hook.body.data?.incidentId === id);
  const closingHooks = (person: string, id: number) => hooks(person, id).filter((hook) => hook.body.data.notice === 'page-closed');

  /** Opens the IC page in `lobby` and waits until every delivery of its first level went out. */
  async function pageReachesEveryone(lobby: string, line: string): Promise<{ id: number; room: string }> {
    const page = await server.say(lobby, line, tokens.carol);
    expect(page.status).toBe(200);
    const { id, room } = page.body.incident as { id: number; room: string };
    await until(async () => {
      const rows = (await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: tokens.carol })).body.pages as { person: string; status: string }[];
      return rows.length > 0 && rows.every((row) => row.status === 'sent') && new Set(rows.map((row) => row.person)).size === 3;
    }, `page ${id}-1 reaching alice, mei and lei`);
    return { id, room };
  }

  it('tells the ICs on call who were paged that someone else took command, each in their language, once by each way the page reached them', async () => {
    const { id, room } = await pageReachesEveryone('incident-chat', '!ic page db is down');
    // lei, shadowing, saw her copy: she answered it, so she is not told it is closed.
    expect(texts(await server.say(room, '!ack', tokens.lei))).toContain('李雷');
    expect(texts(await server.say(room, '!ic take', tokens.dave))).toContain('Dave Davies (@dave)');

    const [alice, mei] = await Promise.all([
      until(async () => closingMails('alice', id)[0], 'alice’s notice'),
      until(async () => closingMails('mei', id)[0], 'mei’s notice'),
    ]);
    expect(alice.subject).toBe(`Incident #${id}: db is down — page closed, nothing more is needed from you`);
    expect(alice.text.trim()).toBe(`The page for incident #${id} is closed: Dave Davies (@dave) is now the Incident Commander. Nothing more is needed from you.`);
    expect(alice.text).not.toContain('/ack/');
    expect(mei.subject).toBe(`事件 #${id}：db is down — 呼叫已结束，无需您再处理`);
    expect(mei.text.trim()).toBe(`事件 #${id} 的呼叫已结束：Dave Davies (@dave) 已担任事件指挥官，无需您再处理。`);
    await until(async () => (sms('alice', id).length === 2 && sms('mei', id).length === 2 && calls('alice', id).length === 2 && calls('mei', id).length === 2 && closingHooks('alice', id).length === 1 && closingHooks('mei', id).length === 1) || undefined, 'the notices by SMS, call and webhook');
    // Time for anything sent twice to arrive.
    await sleep(4000);

    // The page's rows say who was told it is closed, and by which way.
    const rows = (await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: tokens.carol })).body.pages as {
      person: string;
      channel: string;
      closingNotice: { status: string; sentAt: string | null } | null;
    }[];
    const told = (person: string) => rows.filter((row) => row.person === person && row.closingNotice?.status === 'sent').map((row) => row.channel).sort();
    expect(told('alice')).toEqual(['email', 'sms', 'voice', 'webhook']);
    expect(told('mei')).toEqual(['email', 'sms', 'voice', 'webhook']);
    expect(rows.filter((row) => row.person === 'lei').every((row) => row.closingNotice === null)).toBe(true);

    // alice: the page and one notice, by each of email, SMS, call and webhook.
    expect(mails('alice', id)).toHaveLength(2);
    expect(sms('alice', id)).toHaveLength(2);
    expect(sms('alice', id)[1].body).toMatch(new RegExp(`^The page for incident #${id} is closed: Dave Davies \\(@dave\\) is now the Incident Commander\\. Nothing more is needed from you\\.`));
    expect(calls('alice', id)).toHaveLength(2);
    expect(calls('alice', id)[1].twiml).toContain(`The page for incident ${id} is closed: Dave Davies is now the Incident Commander. Nothing more is needed from you.`);
    expect(hooks('alice', id)).toHaveLength(2);
    const [hook] = closingHooks('alice', id);
    expect(hook.verified).toBe(true);
    // Never to be taken for a new page by whatever receives it.
    expect(hook.body.type).toBe('page.closed');
    expect(hooks('alice', id).filter((received) => received.body.type === 'page')).toHaveLength(1);
    expect(hook.body.text).toBe(`The page for incident #${id} is closed: Dave Davies (@dave) is now the Incident Commander. Nothing more is needed from you.`);
    expect(hook.body.data).toMatchObject({ notice: 'page-closed', pageId: `${id}-1`, incidentId: id, reason: 'commander-assigned', commander: 'dave', person: 'alice', locale: 'en' });
    expect(hook.body.data.ackUrl).toBeUndefined();

    // mei, in Chinese, the same way.
    expect(mails('mei', id)).toHaveLength(2);
    expect(sms('mei', id)).toHaveLength(2);
    expect(sms('mei', id)[1].body).toMatch(new RegExp(`^事件 #${id} 的呼叫已结束：Dave Davies \\(@dave\\) 已担任事件指挥官，无需您再处理。`));
    expect(calls('mei', id)[1].twiml).toContain(`事件 ${id} 的呼叫已结束：Dave Davies 已担任事件指挥官，无需您再处理。`);
    expect(closingHooks('mei', id)[0].body.text).toBe(`事件 #${id} 的呼叫已结束：Dave Davies (@dave) 已担任事件指挥官，无需您再处理。`);

    // lei acknowledged her copy; dave took command; erin was never reached: none of them hears a word.
    expect(mails('lei', id)).toHaveLength(1);
    expect(sms('lei', id)).toHaveLength(1);
    expect(closingHooks('lei', id)).toEqual([]);
    expect(mails('dave', id)).toEqual([]);
    expect(mails('erin', id)).toEqual([]);
    // The room heard it once, as before.
    const lines = (await server.request('GET', `/api/v1/rooms/${room}/messages`, { token: tokens.carol })).body.messages.map((message: { text: string }) => message.text) as string[];
    expect(lines.filter((line) => line === `Page ${id}-1 is closed: Dave Davies (@dave) is now the Incident Commander, so it escalates no further.`)).toHaveLength(1);
  });

  it('tells nobody who took command themselves, and tells the others in Chinese from a Chinese room', async () => {
    const { id, room } = await pageReachesEveryone('incident-chat-zh', '!指挥官 呼叫 支付失败');
    expect((await server.say(room, '!指挥官 接管', tokens.alice)).status).toBe(200);
    const [mei, lei] = await Promise.all([
      until(async () => closingMails('mei', id)[0], 'mei’s notice'),
      until(async () => closingMails('lei', id)[0], 'lei’s notice'),
    ]);
    const told = `事件 #${id} 的呼叫已结束：Alice Anderson (@alice) 已担任事件指挥官，无需您再处理。`;
    expect(mei.text.trim()).toBe(told);
    // A shadow who had not acknowledged is told too, by each way the page reached her (lei has no phone call).
    expect(lei.text.trim()).toBe(told);
    await until(async () => (sms('lei', id).length === 2 && closingHooks('lei', id).length === 1) || undefined, 'lei’s notices by SMS and webhook');
    await sleep(4000);
    expect(sms('lei', id)[1].body).toContain(told);
    expect(calls('lei', id)).toEqual([]);
    expect(mails('mei', id)).toHaveLength(2);
    expect(mails('lei', id)).toHaveLength(2);
    // alice leads now: the page to her is closed, and she is not told so.
    expect(mails('alice', id)).toHaveLength(1);
    expect(sms('alice', id)).toHaveLength(1);
    expect(closingHooks('alice', id)).toEqual([]);
  });

  it('tells them the page is closed because the incident was resolved', async () => {
    const { id, room } = await pageReachesEveryone('incident-chat', '!ic page cache is cold');
    expect((await server.say(room, '!resolve', tokens.carol)).status).toBe(200);
    const [alice, mei] = await Promise.all([
      until(async () => closingMails('alice', id)[0], 'alice’s notice'),
      until(async () => closingMails('mei', id)[0], 'mei’s notice'),
    ]);
    expect(alice.text.trim()).toBe(`The page for incident #${id} is closed: the incident is resolved. Nothing more is needed from you.`);
    expect(mei.text.trim()).toBe(`事件 #${id} 的呼叫已结束：事件已解决，无需您再处理。`);
    await until(async () => (closingHooks('alice', id).length === 1 && sms('mei', id).length === 2) || undefined, 'the notices by webhook and SMS');
    await sleep(4000);
    expect(closingHooks('alice', id)[0].body.data).toMatchObject({ notice: 'page-closed', reason: 'incident-resolved', status: 'resolved' });
    expect(sms('mei', id)[1].body).toContain(`事件 #${id} 的呼叫已结束：事件已解决，无需您再处理。`);
    for (const person of ['alice', 'mei', 'lei']) expect(closingMails(person, id)).toHaveLength(1);
    expect(mails('erin', id)).toEqual([]);
  });

  it('pages the IC replaced by a forced take in their own language, not the room’s', async () => {
    // lei reads Chinese and leads an incident of the English room; dave takes over by force.
    const declared = await server.say('incident-chat', '!declare 3 queue is stuck', tokens.carol);
    const { id, room } = declared.body.incident as { id: number; room: string };
    expect((await server.say(room, '!ic take', tokens.lei)).status).toBe(200);
    expect(texts(await server.say(room, '!ic take force lei is not answering', tokens.dave))).toContain('Dave Davies (@dave) took over as Incident Commander from 李雷 (@lei) by force: “lei is not answering”.');
    const lei = await until(async () => mails('lei', id)[0], 'the page telling lei');
    expect(lei.subject).toBe(`[SEV-3] 事件 #${id}：queue is stuck — 您被呼叫（第 1 级）`);
    expect(lei.text).toContain(`Dave Davies (@dave) 已强制接替您担任事件 #${id} 的事件指挥官。原因：lei is not answering`);
    expect(lei.text).not.toContain('by force');
    const leiHook = await until(async () => hooks('lei', id)[0], 'the webhook telling lei');
    expect(leiHook.body.text).toContain(`Dave Davies (@dave) 已强制接替您担任事件 #${id} 的事件指挥官。原因：lei is not answering`);

    // alice reads English and leads an incident of the Chinese room; mei takes over by force.
    const zh = await server.say('incident-chat-zh', '!宣布 3 缓存失效', tokens.carol);
    const zhIncident = zh.body.incident as { id: number; room: string };
    expect((await server.say(zhIncident.room, '!指挥官 接管', tokens.alice)).status).toBe(200);
    expect(texts(await server.say(zhIncident.room, '!指挥官 接管 强制 她没有回应', tokens.mei))).toContain('原因：“她没有回应”');
    const alice = await until(async () => mails('alice', zhIncident.id)[0], 'the page telling alice');
    expect(alice.subject).toBe(`[SEV-3] Incident #${zhIncident.id}: 缓存失效 — you are paged (level 1)`);
    expect(alice.text).toContain(`王美 (@mei) took over as Incident Commander of incident #${zhIncident.id} from you by force. Reason: 她没有回应`);
    expect(alice.text).not.toContain('强制接替');

    await sleep(3000);
    // One page each, no more.
    expect(mails('lei', id)).toHaveLength(1);
    expect(mails('alice', zhIncident.id)).toHaveLength(1);
    expect(hooks('lei', id)).toHaveLength(1);
  });
});
