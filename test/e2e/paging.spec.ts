import twilioSdk from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, STORES, storeEnv } from '../support/server-process.js';
import { SmtpSink, type ReceivedMail } from '../support/smtp-sink.js';
import { TwilioSink } from '../support/twilio-sink.js';
import { WebhookSink } from '../support/webhook-sink.js';
import { pagingConfig, TWILIO_SID, TWILIO_TOKEN, WEBHOOK_SECRET } from '../support/paging-config.js';
import { until } from '../support/until.js';

const texts = (result: { body: { replies: { text: string }[] } }) => result.body.replies.map((reply) => reply.text).join('\n');
const mailTo = (address: string) => (mail: ReceivedMail) => mail.to.includes(address);
const ackToken = (mail: ReceivedMail) => /\/ack\/([\w-]+\.[\w-]+)/.exec(mail.text)![1];

describe.each(STORES)('paging the IC from chat, against real SMTP, webhook and Twilio-compatible servers, on %s', { timeout: 90_000 }, (store) => {
  let smtp: SmtpSink;
  let webhook: WebhookSink;
  let twilio: TwilioSink;
  let server: ServerProcess;
  let carol: string;
  let erin: string;
  let dave: string;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    webhook = await WebhookSink.start(WEBHOOK_SECRET);
    twilio = await TwilioSink.start(TWILIO_SID, TWILIO_TOKEN);
    // A level waits 4 s for an acknowledgement.
    // carol adds overrides on the IC schedules below: she is an admin.
    const configure = pagingConfig({ smtp, webhook, twilio }, 4 / 60);
    // erin shadows whoever is on call for team platform (alice, pinned).
    const shadowing = (config: Record<string, any>) => {
      config.schedules['platform-oncall'].layers[0].people = ['alice'];
      config.schedules['platform-oncall'].shadows = ['erin'];
    };
    server = await ServerProcess.start({ config: (config) => { configure(config); shadowing(config); config.admins = ['carol']; }, env: storeEnv(store) });
    [carol, erin, dave] = await Promise.all([server.token('carol'), server.token('erin'), server.token('dave')]);
  });
  afterAll(async () => {
    await server?.stop();
    await Promise.all([smtp?.stop(), webhook?.stop(), twilio?.stop()]);
  });

  it('pages primary and backup at once, escalates when nobody acknowledges, and !ack stops it', async () => {
    const page = await server.say('incident-chat', '!ic page db is down', carol);
    expect(page.status).toBe(200);
    const id = page.body.incident.id;
    expect(texts(page)).toContain('primary Alice Anderson (@alice) and backup Bob Boberson (@bob)');
    expect(texts(page)).toContain('Paging by email, SMS, phone call, webhook (policy incident-command)');

    const [alice, bob] = await Promise.all([smtp.waitFor(mailTo('alice@example.com')), smtp.waitFor(mailTo('bob@example.com'))]);
    expect(alice.subject).toBe(`[SEV-2] Incident #${id}: db is down — you are paged (level 1)`);
    expect(alice.text).toContain(`Join #inc-${id}`);
    expect(alice.text).toMatch(/Acknowledge: http:\/\/localhost:8080\/ack\/[\w-]+\.[\w-]+/);
    expect(bob.headers.get('x-dont-panic-idempotency-key')).toBe(`page-${id}-1:L1:R1:bob:email:bob@example.com`);
    await smtp.waitFor(mailTo('lei@example.com'));

    const hooks = await Promise.all(['alice', 'bob'].map((person) => webhook.waitFor((hook) => hook.path === `/hooks/${person}`)));
    for (const hook of hooks) {
      expect(hook.verified).toBe(true);
      expect(hook.body.data).toMatchObject({ incidentId: id, pageId: `${id}-1`, level: 1, severity: 'SEV-2', title: 'db is down' });
    }
    await until(async () => (twilio.requests.some((request) => request.kind === 'sms' && request.to === '+447700900001') ? true : undefined), 'SMS to alice');
    await until(async () => (twilio.requests.some((request) => request.kind === 'voice' && request.to === '+12025550102') ? true : undefined), 'call to bob');

    // Nobody acknowledges: after the (shortened) timeout the next level, erin, is paged.
    const erinMail = await smtp.waitFor(mailTo('erin@example.com'), 20_000);
    expect(erinMail.subject).toContain('you are paged (level 2)');
    const room = await server.request('GET', `/api/v1/rooms/inc-${id}/messages`, { token: carol });
    const lines = room.body.messages.map((message: { text: string }) => message.text);
    expect(lines).toContain(`@alice you are paged (page ${id}-1, level 1): db is down. Type !ack to acknowledge.`);
    expect(lines.some((line: string) => line.startsWith(`Nobody acknowledged page ${id}-1 within 4 s: paging level 2 (round 1): Erin Evans (@erin)`))).toBe(true);

    // Someone not paged cannot acknowledge; erin can, in chat.
    const refused = await server.say('incident-chat', '!ack', dave);
    expect(texts(refused)).toBe(`You have no open page for incident #${id}. To acknowledge someone else’s page, they type !ack.`);
    const ack = await server.say('incident-chat', '!ack', erin);
    expect(texts(ack)).toBe(`Erin Evans (@erin) acknowledged page ${id}-1: escalation stopped.`);
    // alice was paged too, and answers late: she is told who got there first.
    const late = await server.say('incident-chat', '!ack', await server.token('alice'));
    expect(texts(late)).toBe(`Page ${id}-1 was already acknowledged by Erin Evans (@erin).`);

    const pages = await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol });
    expect(pages.status).toBe(200);
    const rows = pages.body.pages as { person: string; channel: string; status: string; level: number; round: number; sentAt: string | null; requestedAt: string; pageStatus: string }[];
    expect(rows.every((row) => row.pageStatus === 'acknowledged' && row.round === 1)).toBe(true);
    expect(rows.find((row) => row.person === 'alice' && row.channel === 'email')).toMatchObject({ level: 1, status: 'sent' });
    expect(rows.find((row) => row.person === 'bob' && row.channel === 'webhook')).toMatchObject({ level: 1, status: 'sent' });
    expect(rows.find((row) => row.person === 'erin' && row.channel === 'email')).toMatchObject({ level: 2, status: 'sent' });
    expect(rows.filter((row) => row.status === 'sent').every((row) => row.sentAt! >= row.requestedAt)).toBe(true);
    expect(new Set(rows.map((row) => `${row.person}:${row.level}`))).toEqual(new Set(['alice:1', 'bob:1', 'lei:1', 'erin:2']));

    // Acknowledged: no round 2 ever reaches the first level again.
    const aliceMails = smtp.messages.filter(mailTo('alice@example.com')).length;
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(smtp.messages.filter(mailTo('alice@example.com')).length).toBe(aliceMails);
    expect(smtp.messages.filter((mail) => mail.subject.includes('(level 1)') && mail.to.includes('alice@example.com'))).toHaveLength(1);
  });

  it('explains who was paged and why not: !ic why and the API', async () => {
    const why = texts(await server.say('incident-chat', '!ic why alice', carol));
    expect(why).toMatch(/Page \d+-1 \(policy incident-command\): acknowledged by Erin Evans \(@erin\)/);
    expect(why).toContain('Alice Anderson (@alice) was paged as on call for schedule ic-primary (layer weekly): chat sent');
    expect(why).toContain('email sent');
    const dave = texts(await server.say('incident-chat', '!ic 为什么 dave', carol));
    expect(dave).toContain('Dave Davies (@dave) was not paged: schedule ic-primary paged Alice Anderson (@alice) (Dave Davies (@dave) is not on it)');
    expect(dave).toContain('Dave Davies (@dave) was not paged: this level pages Erin Evans (@erin) by name, not Dave Davies (@dave).');
    expect(why).toMatch(/chat sent at \d{2}:\d{2}:\d{2} UTC/);

    const lei = texts(await server.say('incident-chat', '!ic why lei', carol));
    expect(lei).toContain('was paged as a shadow');

    const incident = (await server.request('GET', '/api/v1/incidents?status=open', { token: carol })).body.incidents[0].id;
    const trail = await server.request('GET', `/api/v1/incidents/${incident}/pages/why?person=erin`, { token: carol });
    expect(trail.status).toBe(200);
    expect(trail.body.pages[0]).toMatchObject({ policy: 'incident-command', status: 'acknowledged', acknowledgedBy: 'erin', paged: true });
    expect(trail.body.pages[0].levels[1]).toMatchObject({ level: 2, outcome: 'paged', via: { target: { kind: 'person', name: 'erin' } } });
    expect(trail.body.pages[0].levels[0]).toMatchObject({ level: 1, outcome: 'not-paged' });
  });

  it('acknowledges from the signed link in the email; refuses a forged link and changes nothing', async () => {
    await server.say('incident-chat', '!resolve', carol);
    const page = await server.say('incident-chat', '!ic page cache is cold', carol);
    const id = page.body.incident.id;
    const mail = await smtp.waitFor((received) => received.to.includes('bob@example.com') && received.subject.includes(`#${id}:`));
    const token = ackToken(mail);

    const forged = `${token.split('.')[0]}.${'x'.repeat(43)}`;
    const refused = await server.request('POST', `/ack/${forged}`, { headers: { accept: 'application/json' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('This acknowledgement link is not valid. Acknowledge with !ack in the incident room instead.');
    const still = await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol });
    expect(still.body.pages.every((row: { pageStatus: string }) => row.pageStatus === 'paging')).toBe(true);

    const shown = await server.request('GET', `/ack/${token}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toContain('text/html');
    expect(shown.body).toContain('<form method="post">');
    const acknowledged = await server.request('POST', `/ack/${token}`, { headers: { accept: 'application/json' } });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ pageId: `${id}-1`, status: 'acknowledged', acknowledgedBy: 'bob' });
    const again = await server.request('POST', `/ack/${token}`, { headers: { accept: 'application/json' } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(`Page ${id}-1 was already acknowledged by Bob Boberson (@bob).`);
    const room = await server.request('GET', `/api/v1/rooms/inc-${id}/messages`, { token: carol });
    expect(room.body.messages.map((message: { text: string }) => message.text)).toContain(`Bob Boberson (@bob) acknowledged page ${id}-1 from the page’s link: escalation stopped.`);
    expect(server.logs.join('\n')).not.toContain(token);
  });

  it('pages a team’s on-call with !page <team>, in Chinese too, and acknowledges through the API', async () => {
    await server.say('incident-chat', '!resolve', carol);
    expect(texts(await server.say('incident-chat', '!page payroll', carol))).toBe(
      '“payroll” is not a team, service or person. Teams: platform, web, data. Services: api, web, database. To page the Incident Commander, type !ic page.',
    );
    expect(texts(await server.say('incident-chat-zh', '!呼叫 payroll', carol))).toBe('“payroll”不是团队、服务或人员。团队：platform、web、data。服务：api、web、database。如需呼叫事件指挥官，请输入 !指挥官 呼叫。');
    const page = await server.say('incident-chat-zh', '!呼叫 data 数据库宕机', carol);
    const id = page.body.incident.id;
    expect(texts(page)).toMatch(/正在呼叫团队 data：.*\(@(mei|lei|bob)\)/);
    expect(texts(page)).toMatch(/若 .+内无人确认，将再次呼叫。$/);
    const pages = await until(async () => {
      const result = await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol });
      return result.body.pages.length ? result.body.pages : undefined;
    }, 'the team page');
    const person = pages[0].person as string;
    const token = await server.token(person);
    const other = await server.request('POST', `/api/v1/pages/${id}-1/ack`, { token: carol });
    expect(other.status).toBe(403);
    const ack = await server.request('POST', `/api/v1/pages/${id}-1/ack`, { token });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: person });
    const why = texts(await server.say(page.body.incident.room, '!指挥官 为什么 dave', carol));
    expect(why).toMatch(/ UTC：Dave Davies \(@dave\) 未被呼叫：团队 data 呼叫了.*（Dave Davies \(@dave\) 不在其中）。$/m);
    const missing = await server.request('POST', '/api/v1/pages/999-1/ack', { token: carol });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/^There is no page 999-1\. GET \/api\/v1\/incidents\/ID\/pages lists/);
    const zh = await server.request('POST', '/api/v1/pages/999-1/ack', { token: await server.token('mei') });
    expect(zh.body.error.message).toMatch(/^没有呼叫 999-1。/);
  });

  it('reports readiness and schedules through the API', async () => {
    const readiness = await server.request('GET', '/api/v1/oncall/readiness', { token: carol });
    expect(readiness.status).toBe(200);
    expect(readiness.body).toMatchObject({ ready: true, days: 14, problems: [] });
    const schedules = await server.request('GET', '/api/v1/oncall/schedules', { token: carol });
    expect(schedules.body.schedules.find((schedule: { name: string }) => schedule.name === 'ic-primary').onCall.person).toBe('alice');
    const web = await server.request('GET', '/api/v1/oncall/schedules/web-oncall?from=2026-06-01T00:00:00Z&days=1', { token: carol });
    expect(web.body.segments.map((segment: { onCall: { layer: string } }) => segment.onCall.layer)).toEqual(['after-hours', 'office-hours', 'after-hours']);
    expect((await server.request('GET', '/api/v1/oncall/readiness')).status).toBe(401);
  });

  it('puts someone else on call with an override through the API: !ic, paging and the trail follow it', async () => {
    const now = Date.now();
    const body = { start: new Date(now - 60_000).toISOString(), end: new Date(now + 3_600_000).toISOString(), person: 'mei', replaces: 'alice' };
    const bad = await server.request('POST', '/api/v1/oncall/schedules/ic-primary/overrides', { token: carol, body: { ...body, end: body.start, start: body.end } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('The override must end after it starts.');
    const nobody = await server.request('POST', '/api/v1/oncall/schedules/ic-primary/overrides', { token: carol, body: { ...body, person: 'zed' } });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.message).toBe('I do not know “zed”. People here: alice, bob, carol, dave, erin, frank, mei, lei.');
    const unknown = await server.request('POST', '/api/v1/oncall/schedules/nights/overrides', { token: carol, body });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/^There is no schedule “nights”\. Schedules: ic-primary, ic-backup(, [\w-]+)+\.$/);
    const unknownToMei = await server.request('POST', '/api/v1/oncall/schedules/nights/overrides', { token: await server.token('mei'), body });
    expect(unknownToMei.body.error.message).toMatch(/^没有值班表“nights”。值班表：ic-primary、ic-backup(、[\w-]+)+。$/);
    expect((await server.request('GET', '/api/v1/oncall/schedules/ic-primary/overrides', { token: carol })).body.overrides).toEqual([]);

    const added = await server.request('POST', '/api/v1/oncall/schedules/ic-primary/overrides', { token: carol, body });
    expect(added.status).toBe(201);
    expect(added.body.override).toMatchObject({ schedule: 'ic-primary', person: 'mei', replaces: 'alice', by: 'carol' });
    expect(texts(await server.say('incident-chat', '!ic', carol))).toContain('primary IC 王美 (@mei), backup IC Bob Boberson (@bob)');

    const page = await server.say('incident-chat', '!ic page search is down', carol);
    const id = page.body.incident.id;
    const mail = await smtp.waitFor((received) => received.to.includes('mei@example.com') && received.subject.includes(`#${id}：`));
    expect(mail.subject).toContain('您被呼叫（第 1 级）');
    const why = texts(await server.say('incident-chat', '!ic why mei', carol));
    expect(why).toContain('王美 (@mei) was paged as on call for schedule ic-primary (layer weekly) through an override replacing Alice Anderson (@alice)');
    const alice = texts(await server.say('incident-chat', '!ic why alice', carol));
    expect(alice).toContain('Alice Anderson (@alice) was not paged: schedule ic-primary had 王美 (@mei) on call (Alice Anderson (@alice) is on its rotation, but was not on call then)');

    const removed = await server.request('DELETE', `/api/v1/oncall/schedules/ic-primary/overrides/${added.body.override.id}`, { token: carol });
    expect(removed.status).toBe(204);
    expect(texts(await server.say('incident-chat', '!ic', carol))).toContain('primary IC Alice Anderson (@alice)');
  });

  it('refuses overrides that would never apply, says who may change a schedule no team owns, and reads local times in the schedule’s zone', async () => {
    const overrides = (schedule: string) => `/api/v1/oncall/schedules/${schedule}/overrides`;
    const window = { start: new Date(Date.now() - 60_000).toISOString(), end: new Date(Date.now() + 3_600_000).toISOString() };
    const post = (schedule: string, token: string, body: Record<string, string>) => server.request('POST', overrides(schedule), { token, body });

    const self = await post('ic-primary', carol, { ...window, person: 'erin', replaces: 'erin' });
    expect(self.status).toBe(400);
    expect(self.body.error.message).toBe('Erin Evans (@erin) cannot replace themself. To put them on call for everyone, leave out “replaces”; to have them cover someone, give that person in “replaces”.');
    const offRotation = await post('ic-primary', carol, { ...window, person: 'erin', replaces: 'dave' });
    expect(offRotation.status).toBe(400);
    expect(offRotation.body.error.message).toBe('Dave Davies (@dave) is not on the rotation of ic-primary (alice), so that override would never apply. Give one of them in “replaces”, or leave it out to put the override’s person on call for everyone.');
    const mei = await server.token('mei');
    const zhOffRotation = await post('data-oncall', mei, { ...window, person: 'lei', replaces: 'dave' });
    expect(zhOffRotation.status).toBe(400);
    expect(zhOffRotation.body.error.message).toBe('Dave Davies (@dave) 不在 data-oncall 的轮值中（mei、lei、bob），这个替班永远不会生效。请在“replaces”中填写其中一人，或去掉它，让替班人为所有人值班。');
    const zhSelf = await post('data-oncall', mei, { ...window, person: 'lei', replaces: 'lei' });
    expect(zhSelf.body.error.message).toBe('李雷 (@lei) 不能替换自己。如要让其为所有人值班，请去掉“replaces”；如要让其替某人值班，请在“replaces”中填写那个人。');

    // No team owns the IC schedules: besides their rotation, only admins may change them.
    const unowned = await post('ic-primary', dave, { ...window, person: 'dave' });
    expect(unowned.status).toBe(403);
    expect(unowned.body.error.message).toBe('You may not change who is on call for ic-primary: no team owns it, so apart from the people on its rotation only admins (carol) may. Ask an admin.');
    const zhUnowned = await post('ic-backup', mei, { ...window, person: 'mei' });
    expect(zhUnowned.status).toBe(403);
    expect(zhUnowned.body.error.message).toBe('您无权更改 ic-backup 的值班人员：没有团队拥有它，因此除其轮值中的人员外，只有管理员（carol）可以更改。请联系管理员。');
    expect((await server.request('GET', overrides('ic-primary'), { token: carol })).body.overrides).toEqual([]);

    // As in the configuration: without an offset, the schedule's own time zone (London is on summer time in July).
    const local = await post('ic-primary', carol, { start: '2030-07-01T09:00', end: '2030-07-01T12:30:00', person: 'erin' });
    expect(local.status).toBe(201);
    expect(local.body.override).toMatchObject({ start: '2030-07-01T08:00:00.000Z', end: '2030-07-01T11:30:00.000Z', person: 'erin' });
    const zoned = await post('data-oncall', mei, { start: '2030-07-01T09:00', end: '2030-07-01T10:00+01:00', person: 'lei' });
    expect(zoned.status).toBe(201);
    expect(zoned.body.override).toMatchObject({ start: '2030-07-01T01:00:00.000Z', end: '2030-07-01T09:00:00.000Z' });
    const bad = await post('ic-primary', carol, { start: 'tomorrow 9am', end: '2030-07-01T12:00', person: 'erin' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('“start” is not a date-time: give one such as 2026-03-07T09:00 (in the schedule’s time zone, Europe/London) or with an offset, such as 2026-03-07T09:00:00+01:00.');
    const zhBad = await post('data-oncall', mei, { start: '2030-07-01T09:00', end: '7月1日', person: 'lei' });
    expect(zhBad.body.error.message).toBe('“end”不是有效的日期时间：请使用 2026-03-07T09:00 这样的时间（按值班表的时区 Asia/Shanghai），或带时区偏移，如 2026-03-07T09:00:00+01:00。');
    for (const [schedule, id, token] of [['ic-primary', local.body.override.id, carol], ['data-oncall', zoned.body.override.id, mei]]) {
      expect((await server.request('DELETE', `${overrides(schedule)}/${id}`, { token })).status).toBe(204);
    }
  });

  it('acknowledges by replying ACK to the SMS, with the provider’s signature checked', async () => {
    const open = (await server.request('GET', '/api/v1/incidents?status=open', { token: carol })).body.incidents.find((incident: { lobby: string }) => incident.lobby === 'incident-chat');
    const pageId = `${open.id}-1`;
    const sms = (params: Record<string, string>, signature = twilioSdk.getExpectedTwilioSignature(TWILIO_TOKEN, 'http://localhost:8080/twilio/sms', params)) =>
      server.request('POST', '/twilio/sms', { rawBody: new URLSearchParams(params).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature } });

    const forged = await sms({ From: '+12025550102', To: '+15550100100', Body: 'ACK' }, 'bm90IGEgc2lnbmF0dXJl');
    expect(forged.status).toBe(403);
    const rows = (await server.request('GET', `/api/v1/incidents/${open.id}/pages`, { token: carol })).body.pages;
    expect(rows.every((row: { pageStatus: string }) => row.pageStatus === 'paging')).toBe(true);

    expect((await sms({ From: '+15550000000', To: '+15550100100', Body: 'ACK' })).body).toContain('This number is not on file');
    const acked = await sms({ From: '+12025550102', To: '+15550100100', Body: 'ack' });
    expect(acked.status).toBe(200);
    expect(acked.headers.get('content-type')).toContain('text/xml');
    expect(acked.body).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><Message>Acknowledged ${pageId}: escalation stopped. Join #${open.room}.</Message></Response>`);
    const after = await server.request('GET', `/api/v1/incidents/${open.id}/pages`, { token: carol });
    expect(after.body.pages[0]).toMatchObject({ pageStatus: 'acknowledged', acknowledgedBy: 'bob' });
  });

  it('pages a security incident without SMS or calls, and hides its pages from non-members', async () => {
    const frank = await server.token('frank');
    const page = await server.say('security-incident', '!ic page credentials leaked', frank);
    expect(page.status).toBe(200);
    const id = page.body.incident.id;
    expect(texts(page)).toContain('Paging by email, webhook (policy incident-command)');
    const rows = await until(async () => {
      const result = await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: frank });
      return result.body.pages?.length ? (result.body.pages as { channel: string; person: string }[]) : undefined;
    }, 'the security page');
    expect(new Set(rows.map((row) => row.channel))).toEqual(new Set(['chat', 'email', 'webhook']));
    expect((await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol })).status).toBe(404);
    expect((await server.request('GET', `/api/v1/incidents/${id}/pages/why?person=alice`, { token: carol })).status).toBe(404);
  });

  it('pages the IC as a SEV-1 is declared, and declares a SEV-3 without paging anyone', async () => {
    const major = await server.say('incident-chat', '!declare 1 payments failing', carol);
    expect(major.status).toBe(200);
    const id = major.body.incident.id;
    expect(texts(major)).toContain(`Incident #${id} declared: SEV-1 “payments failing”.`);
    expect(texts(major)).toContain('primary Alice Anderson (@alice) and backup Bob Boberson (@bob)');
    const mail = await smtp.waitFor((received) => received.to.includes('alice@example.com') && received.subject.includes(`#${id}:`));
    expect(mail.subject).toBe(`[SEV-1] Incident #${id}: payments failing — you are paged (level 1)`);
    const again = await server.say(major.body.incident.room, '!ic page still failing', carol);
    expect(texts(again).split('\n')[0]).toMatch(/^The IC was already paged for this incident at \d{2}:\d{2} UTC by Carol Carter \(@carol\): paging again\.$/);

    const minor = await server.say('incident-chat', '!declare 3 typo on the status page', carol);
    const minorId = minor.body.incident.id;
    expect(texts(minor)).toContain(`Incident #${minorId} declared: SEV-3 “typo on the status page”. Need an IC? Type !ic page, or !ic take to lead it yourself.`);
    const timeline = await server.request('GET', `/api/v1/incidents/${minorId}/timeline`, { token: carol });
    expect(timeline.body.events.map((event: { type: string }) => event.type)).not.toContain('commander.paged');
    expect((await server.request('GET', `/api/v1/incidents/${minorId}/pages`, { token: carol })).body.pages).toEqual([]);
  });

  it('stops paging the IC once someone takes command, says so in the room’s language, and leaves pages to people going', async () => {
    type Row = { pageId: string; target: { kind: string }; person: string; level: number; round: number; pageStatus: string; cancelReason: string | null; commander: string | null };
    const roomLines = async (room: string) => (await server.request('GET', `/api/v1/rooms/${room}/messages`, { token: carol })).body.messages.map((message: { text: string }) => message.text) as string[];
    const rows = async (id: number) => (await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol })).body.pages as Row[];
    const lei = await server.token('lei');

    const en = await server.say('incident-chat', '!ic page login is broken', carol);
    const zh = await server.say('incident-chat-zh', '!指挥官 呼叫 支付失败', carol);
    const [id, zhId] = [en.body.incident.id as number, zh.body.incident.id as number];
    const [room, zhRoom] = [en.body.incident.room as string, zh.body.incident.room as string];
    // A page to a person in the same incident is not the IC's: it goes on.
    const frank = await server.say(room, '!page frank please look at the login logs', carol);
    // frank's own page has one level and no policy of the configuration to name: it is repeated, not escalated.
    expect(texts(frank)).toMatch(/^Paging Frank Foster \(@frank\)\.\nPaging by [^(]+\. Type !ack to acknowledge; if nobody does within [^,]+, they are paged again\.$/);
    await until(async () => ((await rows(id)).some((row) => row.target.kind === 'person') ? true : undefined), 'frank’s page');
    // Both take command well inside level 1's 4 s.
    expect(texts(await server.say(room, '!ic take', dave))).toContain('Dave Davies (@dave)');
    expect((await server.say(zhRoom, '!指挥官 接管', lei)).status).toBe(200);

    const closed = `Page ${id}-1 is closed: Dave Davies (@dave) is now the Incident Commander, so it escalates no further.`;
    await until(async () => ((await roomLines(room)).includes(closed) ? true : undefined), 'the closing line');
    const zhClosed = `呼叫 ${zhId}-1 已关闭：李雷 (@lei) 已成为事件指挥官，不再继续升级。`;
    await until(async () => ((await roomLines(zhRoom)).includes(zhClosed) ? true : undefined), 'the Chinese closing line');

    // Past level 1's timeout (and a margin): nobody is paged at level 2 or again.
    await new Promise((resolve) => setTimeout(resolve, 8000));
    for (const incident of [id, zhId]) {
      expect(smtp.messages.filter((mail) => mail.to.includes('erin@example.com') && (mail.subject.includes(`#${incident}:`) || mail.subject.includes(`#${incident}：`)))).toEqual([]);
      const commanderRows = (await rows(incident)).filter((row) => row.target.kind === 'commander');
      expect(commanderRows.length).toBeGreaterThan(0);
      expect(commanderRows.every((row) => row.level === 1 && row.round === 1 && row.pageStatus === 'cancelled' && row.cancelReason === 'commander-assigned')).toBe(true);
    }
    expect((await rows(id)).filter((row) => row.target.kind === 'commander').every((row) => row.commander === 'dave')).toBe(true);
    expect((await rows(id)).filter((row) => row.target.kind === 'person').every((row) => row.pageStatus === 'paging')).toBe(true);
    expect((await roomLines(room)).filter((line) => line.includes(`page ${id}-1 within`))).toEqual([]);
    expect((await roomLines(room)).filter((line) => line === closed)).toHaveLength(1);
    expect(texts(await server.say(room, '!ic why alice', carol))).toContain(`Page ${id}-1 (policy incident-command): closed: Dave Davies (@dave) took command.`);

    // Paged again while dave leads, it goes out; a forced take closes that one too, and the page telling dave goes on.
    expect((await server.say(room, '!ic page we need a second opinion', carol)).status).toBe(200);
    const second = await until(async () => (await rows(id)).find((row) => row.target.kind === 'commander' && row.pageId !== `${id}-1`), 'the second IC page');
    expect((await server.say(room, '!ic take force dave is not answering', erin)).status).toBe(200);
    await until(async () => ((await roomLines(room)).includes(`Page ${second.pageId} is closed: Erin Evans (@erin) is now the Incident Commander, so it escalates no further.`) ? true : undefined), 'the second closing line');
    const told = await until(async () => (await rows(id)).find((row) => row.target.kind === 'person' && row.person === 'dave'), 'the page telling dave');
    expect(told.pageStatus).toBe('paging');
  });

  it('lists and marks shadows, and tells them they are shadowing and need not acknowledge', async () => {
    const responders = texts(await server.say('incident-chat', '!ic responders', carol));
    expect(responders).toContain('Shadowing the ICs on call: 李雷 (@lei).');
    expect(responders).toContain('Team platform: Alice Anderson (@alice), Erin Evans (@erin, shadow)');
    const zhResponders = texts(await server.say('incident-chat-zh', '!指挥官 响应者', carol));
    expect(zhResponders).toContain('跟随值班指挥官的见习：李雷 (@lei)。');
    expect(zhResponders).toContain('团队 platform：Alice Anderson (@alice)、Erin Evans (@erin)（见习）');

    const declared = await server.say('incident-chat', '!declare 3 cache is cold', carol);
    const { id, room } = declared.body.incident as { id: number; room: string };
    expect(texts(await server.say(room, '!page platform cache is cold', carol))).toContain('Paging team platform: Alice Anderson (@alice), Erin Evans (@erin, shadow).');
    const shadowMail = await smtp.waitFor((mail) => mail.to.includes('erin@example.com') && mail.subject.includes(`#${id}:`));
    expect(shadowMail.subject).toBe(`[SEV-3] Incident #${id}: cache is cold — you are shadowing (level 1)`);
    expect(shadowMail.text).toContain(`Erin Evans (@erin), you are shadowing team platform (page ${id}-1, level 1)`);
    expect(shadowMail.text).toContain(`You need not acknowledge: the people on call answer this page. Follow along in #${room}.`);
    expect(shadowMail.text).not.toContain('/ack/');
    const aliceMail = await smtp.waitFor((mail) => mail.to.includes('alice@example.com') && mail.subject.includes(`#${id}:`));
    expect(aliceMail.subject).toBe(`[SEV-3] Incident #${id}: cache is cold — you are paged (level 1)`);
    const lines = await until(async () => {
      const messages = (await server.request('GET', `/api/v1/rooms/${room}/messages`, { token: carol })).body.messages.map((message: { text: string }) => message.text) as string[];
      return messages.some((line) => line.startsWith('@erin ')) ? messages : undefined;
    }, 'erin’s page in the room');
    expect(lines).toContain(`@erin you are shadowing (page ${id}-1, level 1): cache is cold. No need to acknowledge: the people on call answer it.`);
    expect(lines).toContain(`@alice you are paged (page ${id}-1, level 1): cache is cold. Type !ack to acknowledge.`);

    // The IC shadow reads Chinese: paged as shadowing the IC on call.
    const zh = await server.say('incident-chat-zh', '!指挥官 呼叫 队列堵塞', carol);
    const zhId = zh.body.incident.id as number;
    const leiMail = await smtp.waitFor((mail) => mail.to.includes('lei@example.com') && mail.subject.includes(`#${zhId}：`));
    expect(leiMail.subject).toBe(`[SEV-2] 事件 #${zhId}：队列堵塞 — 您以见习身份跟随（第 1 级）`);
    expect(leiMail.text).toContain(`李雷 (@lei)，您作为见习跟随值班事件指挥官被呼叫（呼叫 ${zhId}-1，第 1 级）。`);
    expect(leiMail.text).toContain('您无需确认，由值班人员确认此呼叫。');
    expect(leiMail.text).not.toContain('您因值班事件指挥官被呼叫');
    await server.say(zh.body.incident.room, '!指挥官 接管', carol);
  });

  it('tells someone paged by name that the page is theirs, not that they are paged "for" themselves', async () => {
    const en = await server.say('incident-chat', '!page bob replica lag', carol);
    const id = en.body.incident.id as number;
    const bobMail = await smtp.waitFor((mail) => mail.to.includes('bob@example.com') && mail.subject.includes(`#${id}:`));
    expect(bobMail.text).toContain(`Bob Boberson (@bob), you are paged by name (page ${id}-1, level 1).`);
    expect(bobMail.text).not.toContain('paged for');
    const bobSms = await until(async () => twilio.requests.find((request) => request.kind === 'sms' && request.to === '+12025550102' && request.body?.includes(`#${id} `)), 'the SMS to bob');
    expect(bobSms.body).toMatch(new RegExp(`^SEV-\\d #${id} .*\\. You are paged by name\\. Ack: `));

    const zh = await server.say('incident-chat-zh', '!呼叫 mei 数据库求助', carol);
    const zhId = zh.body.incident.id as number;
    const meiMail = await smtp.waitFor((mail) => mail.to.includes('mei@example.com') && mail.subject.includes(`#${zhId}：`));
    expect(meiMail.text).toContain(`王美 (@mei)，您被点名呼叫（呼叫 ${zhId}-1，第 1 级）。`);
    expect(meiMail.text).not.toContain('您因');
    const meiSms = await until(async () => twilio.requests.find((request) => request.kind === 'sms' && request.to === '+8613800138001' && request.body?.includes(`#${zhId} `)), 'the SMS to mei');
    expect(meiSms.body).toContain('您被点名呼叫。确认：');
    await server.say(en.body.incident.room, '!resolve', carol);
    await server.say(zh.body.incident.room, '!解决', carol);
  });
});
