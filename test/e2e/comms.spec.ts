import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, STORES, storeEnv } from '../support/server-process.js';
import { SmtpSink, type ReceivedMail } from '../support/smtp-sink.js';
import { until } from '../support/until.js';

const texts = (result: { body: { replies: { text: string }[] } }) => result.body.replies.map((reply) => reply.text).join('\n');

/** Polls until `probe` answers; generous, because timers run in a real server on a shared, loaded machine. */
const eventually = <T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 60_000) => until<T>(probe, what, timeoutMs);

function withEmail(sink: SmtpSink, timers: Record<string, number> = {}) {
  return (config: Record<string, any>) => {
    config.notifications = { email: { host: '127.0.0.1', port: sink.port, secure: false, from: 'Don’t Panic <incidents@example.com>' } };
    config.comms.timers = { ...config.comms.timers, ...timers };
  };
}

function linkPath(text: string, path: string): string {
  const match = new RegExp(`https?://[^\\s]+(${path.replace('/', '\\/')}\\?token=[A-Za-z0-9_.-]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return match[1];
}

/** Mail goes through durable jobs in a real server: on a loaded machine it may take a while. */
const waitForMail = (sink: SmtpSink, match: (mail: ReceivedMail) => boolean) => sink.waitFor(match, 60_000);

describe.each(STORES)('stakeholders, executive summaries, the public status page and the review, against the real server on %s', (store) => {
  let sink: SmtpSink;
  let server: ServerProcess;
  let carol: string;
  let mei: string;
  let dave: string;
  let id: number;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    server = await ServerProcess.start({ config: withEmail(sink), env: storeEnv(store) });
    [carol, mei, dave] = await Promise.all([server.token('carol'), server.token('mei'), server.token('dave')]);
  });
  afterAll(async () => {
    await server?.stop();
    await sink?.stop();
  });

  it('brings in the SEV-1 stakeholders and sends an executive summary to the executive room and their mailboxes', async () => {
    const declared = await server.say('incident-chat', '!declare 1 checkout is failing', carol);
    id = declared.body.incident.id;
    expect(texts(declared)).toContain('SEV-1 Stakeholders, SEV-2 Stakeholders now receive this incident’s executive summaries by email and in-app.');
    expect(texts(declared)).toContain('Public updates are due: the first within 5 minutes');
    expect(texts(await server.say('incident-chat', '!ic take', carol))).toContain('Carol Carter (@carol) is now the Incident Commander');
    expect(texts(await server.say('incident-chat', '!role internal dave', carol))).toContain('Internal Liaison');

    const update = await server.say('incident-chat', '!update Checkout fails for 40% of users; rolling back the 14:00 deploy', dave);
    expect(texts(update)).toBe('Executive summary #1 posted to #executive-summary-updates and sent to 4 subscribers.');

    const executive = await eventually(async () => {
      const history = await server.request('GET', '/api/v1/rooms/executive-summary-updates/messages', { token: carol });
      return history.body.messages.find((message: { text: string }) => message.text.includes('Checkout fails for 40%'));
    }, 'the executive room post');
    expect(executive.text).toMatch(/^@here Executive summary #1 for incident #\d+ \(SEV-1 “checkout is failing”\), from Dave Davies \(@dave\):/);
    expect(executive.bot).toBe(true);

    for (const address of ['frank@example.com', 'lei@example.com', 'dave@example.com', 'executives@example.com']) {
      const mail = await waitForMail(sink, (received) => received.to.includes(address) && received.text.includes('Checkout fails for 40%'));
      expect(mail.headers.get('x-dont-panic-idempotency-key')).toMatch(new RegExp(`^update:${id}:1:`));
    }
    const chinese = sink.messages.find((mail) => mail.to.includes('lei@example.com') && mail.text.includes('Checkout fails for 40%'))!;
    expect(chinese.subject).toContain(`执行摘要 #1 · 事件 #${id}`);
    expect(sink.messages.filter((mail) => mail.text.includes('Checkout fails for 40%'))).toHaveLength(4);

    const inbox = await server.request('GET', '/api/v1/me/inbox', { token: await server.token('frank') });
    expect(inbox.body.items[0]).toMatchObject({ kind: 'executive-summary', incidentId: id });

    const timeline = await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol });
    expect(timeline.body.events.find((event: { type: string }) => event.type === 'update.posted')).toMatchObject({ n: 1, actor: 'dave' });
  }, 60_000);

  it('adds subscribers by !subscribe and lets people opt out themselves', async () => {
    const frank = await server.token('frank');
    expect(texts(await server.say('incident-chat', '!subscribe mei', dave))).toBe('王美 (@mei) subscribed to this incident’s executive summaries.');
    const unknown = await server.say('incident-chat', '!subscribe the board', dave);
    expect(unknown.body.replies[0].error).toBe(true);
    expect(texts(unknown)).toBe('“the board” is neither a stakeholder group nor a person. Groups: SEV-1 Stakeholders, SEV-2 Stakeholders.');
    expect(texts(await server.say('incident-chat', '!订阅 carol', mei))).toBe('Carol Carter (@carol) subscribed to this incident’s executive summaries.');

    const optOut = await server.request('DELETE', `/api/v1/incidents/${id}/subscription`, { token: frank });
    expect(optOut.body).toEqual({ subscribed: false });
    const view = await server.request('GET', `/api/v1/incidents/${id}/communications`, { token: frank });
    expect(view.body.subscribers).toMatchObject({
      groups: [
        { key: 'sev1-stakeholders', name: 'SEV-1 Stakeholders', automatic: true },
        { key: 'sev2-stakeholders', name: 'SEV-2 Stakeholders', automatic: true },
      ],
      people: ['mei', 'carol'],
      optedOut: ['frank'],
      subscribed: false,
    });

    expect(texts(await server.say('incident-chat', '!update second summary: rollback half done', dave))).toContain('sent to 5 subscribers');
    const chinese = await waitForMail(sink, (mail) => mail.to.includes('mei@example.com') && mail.text.includes('rollback half done'));
    expect(chinese.subject).toMatch(/^执行摘要 #2 · 事件 #\d+/);
    await waitForMail(sink, (mail) => mail.to.includes('lei@example.com') && mail.text.includes('rollback half done'));
    await waitForMail(sink, (mail) => mail.to.includes('executives@example.com') && mail.text.includes('rollback half done'));
    expect(sink.messages.filter((mail) => mail.to.includes('frank@example.com') && mail.text.includes('rollback half done'))).toHaveLength(0);
    expect((await server.request('POST', `/api/v1/incidents/${id}/subscription`, { token: frank })).body).toEqual({ subscribed: true });
    expect((await server.request('GET', `/api/v1/incidents/${id}/communications`, { token: frank })).body.subscribers.subscribed).toBe(true);
  }, 60_000);

  it('keeps drafts off the status page, flags time promises, and publishes only on the IC’s approval', async () => {
    const eta = await server.say('incident-chat', '!public [api] We found the cause and will be back in 10 minutes.', dave);
    expect(texts(eta)).toContain('Public draft #1 saved (not published)');
    expect(texts(eta)).toContain('draft #1 promises a time (“in 10 minutes”)');
    const draft = await server.say('incident-chat', '!public [api] We are investigating errors when paying at checkout.', dave);
    expect(texts(draft)).not.toContain('promises a time');

    const before = await server.request('GET', '/status');
    expect(before.status).toBe(200);
    expect(before.body).not.toContain('investigating errors');
    expect(before.body).not.toContain('checkout is failing');
    expect((await server.request('GET', '/status/feed.atom')).body).not.toContain('investigating errors');
    expect((await server.request('GET', `/status/incidents/${id}`)).status).toBe(404);

    const refused = await server.say('incident-chat', '!approve 2', mei);
    expect(refused.body.replies[0].error).toBe(true);
    expect(texts(refused)).toContain('Only the IC (Carol Carter (@carol)) can approve a public update');
    expect(texts(await server.say('incident-chat', '!approve 9', carol))).toContain('There is no public draft #9');

    const approved = await server.say('incident-chat', '!approve 2', carol);
    expect(texts(approved)).toContain(`Draft #2 is published on the status page: http://localhost:8080/status/incidents/${id}`);
    expect(texts(await server.say('incident-chat', '!approve 2', carol))).toContain('Draft #2 is already published');

    const page = await server.request('GET', '/status');
    expect(page.body).toContain('We are investigating errors when paying at checkout.');
    expect(page.body).toMatch(/data-component="api"[^]*?Major outage/);
    expect(page.body).not.toContain('back in 10 minutes');
    expect(page.body).not.toContain('checkout is failing');
    const feed = await server.request('GET', '/status/feed.atom');
    expect(feed.headers.get('content-type')).toContain('application/atom+xml');
    expect(feed.body).toContain('We are investigating errors when paying at checkout.');
    expect(feed.body).not.toContain('back in 10 minutes');
    const incidentPage = await server.request('GET', `/status/incidents/${id}`, { headers: { 'accept-language': 'zh-CN' } });
    expect(incidentPage.body).toContain(`事件 #${id}`);
    expect(incidentPage.body).toContain('We are investigating errors when paying at checkout.');
  }, 60_000);

  it('subscribes by email with double opt-in and unsubscribes with a link nobody can forge', async () => {
    const invalid = await server.request('POST', '/status/subscribe', { rawBody: 'email=not-an-address', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toContain('“not-an-address” is not an email address');
    const invalidJson = await server.request('POST', '/status/subscribe', { body: { email: 'x@' } });
    expect(invalidJson.status).toBe(400);
    expect(invalidJson.body.error.code).toBe('invalid_email');

    const asked = await server.request('POST', '/status/subscribe', { rawBody: 'email=Reader%40Example.org&lang=en', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(asked.status).toBe(202);
    expect(asked.body).toContain('Check your inbox');
    const confirmation = await waitForMail(sink, (mail) => mail.to.includes('reader@example.org'));
    expect(confirmation.subject).toBe('Confirm your subscription to Example Corp Status');
    const confirm = linkPath(confirmation.text, '/status/confirm');
    const unsubscribe = linkPath(confirmation.text, '/status/unsubscribe');

    const [body, mac] = confirm.split('token=')[1].split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ a: 'unsubscribe', e: 'someone@example.org' })).toString('base64url');
    for (const forged of [`/status/confirm?token=${body}.${mac.slice(0, -2)}xx`, `/status/unsubscribe?token=${forgedClaims}.${mac}`, '/status/confirm?token=garbage', '/status/unsubscribe']) {
      const result = await server.request('GET', forged);
      expect(result.status, forged).toBe(400);
      expect(result.body).toContain('This link is not valid');
    }

    expect((await server.request('GET', confirm)).body).toContain('Your subscription is confirmed');
    await server.request('POST', '/status/subscribe', { body: { email: 'watcher@example.org', lang: 'zh-CN' } });
    const watcherMail = await waitForMail(sink, (mail) => mail.to.includes('watcher@example.org'));
    expect(watcherMail.subject).toBe('确认订阅 Example Corp Status');
    expect((await server.request('GET', linkPath(watcherMail.text, '/status/confirm'))).status).toBe(200);
    const published = await server.say('incident-chat', '!public The fix is rolling out; payments are recovering.', dave);
    const n = Number(/draft #(\d+)/.exec(texts(published))![1]);
    await server.say('incident-chat', `!approve ${n}`, carol);
    const update = await waitForMail(sink, (mail) => mail.to.includes('reader@example.org') && mail.text.includes('payments are recovering'));
    expect(update.subject).toBe(`Example Corp Status: incident #${id} update`);
    expect(linkPath(update.text, '/status/unsubscribe')).toBe(unsubscribe);

    // Opening the link only asks; the page's button (a POST) unsubscribes.
    expect((await server.request('GET', unsubscribe)).body).toContain('Nothing changes until you press the button.');
    expect((await server.request('POST', unsubscribe, { rawBody: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).body).toContain('You are unsubscribed');
    await server.say('incident-chat', '!public Payments work again for everyone.', dave);
    await server.say('incident-chat', `!approve ${n + 1}`, carol);
    await waitForMail(sink, (mail) => mail.to.includes('watcher@example.org') && mail.text.includes('Payments work again'));
    expect(sink.messages.filter((mail) => mail.to.includes('reader@example.org') && mail.text.includes('Payments work again'))).toHaveLength(0);
  });

  it('drafts the review when the SEV-1 is resolved, with notes, role holders and follow-ups in time order', async () => {
    await server.say('incident-chat', '!note the 14:00 deploy changed the payment client timeout', carol);
    await server.say('incident-chat', '!todo alert on payment error rate', carol);
    await server.say('incident-chat', '!task dave add a canary stage for the payment client', carol);
    await server.say('incident-chat', '!note rollback finished, error rate back to normal', carol);
    await server.say(`inc-${id}`, '!page database check the payment tables', carol);
    const resolved = await server.say('incident-chat', '!resolve', carol);
    expect(texts(resolved)).toContain(`Incident #${id} resolved`);

    const review = await eventually(async () => {
      const result = await server.request('GET', `/api/v1/incidents/${id}/review`, { token: carol });
      return result.status === 200 && result.body;
    }, 'the review');
    const tag = `sev1_${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
    expect(review).toMatchObject({ status: 'draft', owner: 'carol', severity: 'SEV-1', tag });
    expect(review.actionItems.map((item: { text: string }) => item.text)).toEqual(['alert on payment error rate', 'add a canary stage for the payment client']);

    const markdown = await server.request('GET', `/api/v1/incidents/${id}/review.md`, { token: carol });
    expect(markdown.headers.get('content-type')).toContain('text/markdown');
    const md: string = markdown.body;
    expect(md).toContain(`# Post-incident review: incident #${id} “checkout is failing”`);
    expect(md).toContain('- Incident Commander: Carol Carter (@carol)');
    expect(md).toContain('- Internal Liaison: Dave Davies (@dave)');
    const order = [
      'Declared SEV-1 “checkout is failing”',
      'Carol Carter (@carol) became Incident Commander',
      'Executive summary #1: Checkout fails for 40%',
      'Note #1: the 14:00 deploy changed the payment client timeout',
      'Follow-up #1: alert on payment error rate',
      'Task #1 for Dave Davies (@dave): add a canary stage',
      'Note #2: rollback finished',
      '| Resolved |',
      'Follow-up #2: add a canary stage for the payment client',
    ].map((line) => md.indexOf(line));
    expect(order.every((index) => index > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(md).toContain(`- [ ] alert on payment error rate \`${tag}\``);
    // Every page and what became of open tasks are on the record, not only the IC's page.
    expect(md).toContain('| Paged service database: check the payment tables |');
    expect(md).toContain('| Task #1 carried into follow-up #2 at resolve |');
    expect(md).toContain('## What didn’t go so well');

    const zh = await server.request('GET', `/api/v1/incidents/${id}/review.md`, { token: mei });
    expect(zh.body).toContain('## 时间线');

    const notOwner = await server.request('POST', `/api/v1/incidents/${id}/review/status`, { token: mei, body: { status: 'in_review' } });
    expect(notOwner.status).toBe(403);
    expect((await server.request('PUT', `/api/v1/incidents/${id}/review`, { token: mei, body: { owner: 'mei' } })).status).toBe(403);
    const edited = await server.request('PUT', `/api/v1/incidents/${id}/review`, { token: carol, body: { owner: 'mei', rootCause: 'A 2 s timeout in the payment client.' } });
    expect(edited.body).toMatchObject({ owner: 'mei', sections: { rootCause: 'A 2 s timeout in the payment client.' } });
    // The sections as GET gives them are taken back as they are.
    const nested = await server.request('PUT', `/api/v1/incidents/${id}/review`, { token: mei, body: { sections: { impact: 'Card payments failed for 20 minutes.' } } });
    expect(nested.status).toBe(200);
    expect(nested.body.sections).toMatchObject({ rootCause: 'A 2 s timeout in the payment client.', impact: 'Card payments failed for 20 minutes.' });
    const unknownSection = await server.request('PUT', `/api/v1/incidents/${id}/review`, { token: mei, body: { sections: { lessons: 'x' } } });
    expect(unknownSection.status).toBe(400);
    // A review is Reviewed only once its summary, root cause and impact are written.
    expect((await server.request('PUT', `/api/v1/incidents/${id}/review`, { token: mei, body: { summary: 'Checkout failed after the 14:00 deploy.' } })).status).toBe(200);
    for (const status of ['in_review', 'reviewed', 'closed']) {
      const moved = await server.request('POST', `/api/v1/incidents/${id}/review/status`, { token: mei, body: { status } });
      expect(moved.body.status, status).toBe(status);
    }
    const late = await server.request('PUT', `/api/v1/incidents/${id}/review`, { token: mei, body: { impact: 'too late' } });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe('回顾已关闭，不能再编辑。');
  });

  it('refuses the first approval of a draft that promises a time, saying what it promised and how to publish it anyway, in the room’s language', async () => {
    const runs = [
      {
        lobby: 'incident-chat', ic: carol, liaison: 'alice', lines: ['!declare 3 api latency', '!ic take', '!public We expect this to be fixed by 05:00 UTC.', '!approve 1', '!approve 1 anyway', '!resolve'],
        refusal: 'Draft #1 promises a time (“by 05:00”), and the runbook says never to give customers an ETA, so it is not published. Write a new draft without it, or publish this one anyway with !approve 1 anyway.',
        published: 'Draft #1 is published on the status page',
      },
      {
        lobby: 'incident-chat-zh', ic: mei, liaison: 'lei', lines: ['!宣布 3 接口延迟', '!指挥官 接管', '!公告 我们预计在 05:00 前修复。', '!批准 1', '!批准 1 仍然发布', '!解决'],
        refusal: '草稿 #1 承诺了时间（“预计在 05:00”），而流程要求绝不向客户给出预计恢复时间，因此未发布。请另写一份不含时间的草稿；如仍要发布这一份，请输入 !批准 1 仍然发布。',
        published: '草稿 #1 已发布到状态页面',
      },
    ];
    for (const run of runs) {
      const [declare, take, draft, approve, anyway, resolve] = run.lines;
      const declared = await server.say(run.lobby, declare, run.ic);
      const incident = declared.body.incident.id as number;
      const room = declared.body.incident.room as string;
      await server.say(room, take, run.ic);
      expect((await server.say(room, draft, await server.token(run.liaison))).status).toBe(200);
      const published = async () => ((await server.request('GET', `/api/v1/incidents/${incident}/communications`, { token: run.ic })).body.drafts as { publishedAt: string | null }[])[0].publishedAt;

      const refused = await server.say(room, approve, run.ic);
      expect(refused.body.replies).toHaveLength(1);
      expect(refused.body.replies[0]).toMatchObject({ text: run.refusal, error: true });
      expect(await published()).toBeNull();
      expect((await server.request('GET', `/status/incidents/${incident}`)).status).toBe(404);

      const confirmed = await server.say(room, anyway, run.ic);
      expect(texts(confirmed)).toContain(run.published);
      expect(await published()).not.toBeNull();
      // The lobbies are left as they were, with no incident of this test open.
      await server.say(room, resolve, run.ic);
    }
  }, 60_000);
});

describe('cadences and reminders, shortened for the test', () => {
  let sink: SmtpSink;
  let server: ServerProcess;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    server = await ServerProcess.start({
      config: withEmail(sink, { executiveSummaryMinutes: 0.05, executiveEscalationMinutes: 0.03, firstPublicUpdateMinutes: 0.05, publicUpdateMinutes: 0.05, reviewReminderHours: 200 }),
    });
  });
  afterAll(async () => {
    await server?.stop();
    await sink?.stop();
  });

  it('reminds the internal liaison when a summary is missed, then the IC, and puts every miss on the timeline', async () => {
    const carol = await server.token('carol');
    const declared = await server.say('incident-chat', '!declare 2 search is slow', carol);
    const id = declared.body.incident.id;
    await server.say('incident-chat', '!ic take', carol);
    await server.say('incident-chat', '!role internal dave', carol);

    const lines = async () => (await server.request('GET', `/api/v1/rooms/inc-${id}/messages`, { token: carol })).body.messages.map((message: { text: string }) => message.text) as string[];
    const liaison = await eventually(async () => (await lines()).find((line) => line.startsWith('Dave Davies (@dave): no executive summary for')), 'the liaison reminder');
    expect(liaison).toContain('Post one to #executive-summary-updates with !update <text>');
    const commander = await eventually(async () => (await lines()).find((line) => line.startsWith('Carol Carter (@carol) (IC): the executive summary is still overdue')), 'the IC reminder');
    expect(commander).toContain('!role internal <person>');

    const timeline = await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol });
    const missed = timeline.body.events.filter((event: { type: string }) => event.type === 'update.missed');
    expect(missed.slice(0, 2)).toMatchObject([
      { audience: 'executive', level: 'liaison', remind: 'dave' },
      { audience: 'executive', level: 'commander', remind: 'carol' },
    ]);

    // A summary restarts the cadence: the next reminder goes to the liaison again.
    const dave = await server.token('dave');
    await server.say('incident-chat', '!update search index rebuilt', dave);
    const count = (await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol })).body.events.filter((event: { type: string }) => event.type === 'update.missed').length;
    await eventually(async () => {
      const events = (await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol })).body.events;
      const after = events.filter((event: { type: string }) => event.type === 'update.missed').slice(count);
      return after.length > 0 && after[0].level === 'liaison' && after;
    }, 'the next miss after an update');
    await server.say('incident-chat', '!resolve', carol);
  }, 150_000);

  it('reminds the IC of a waiting draft, then the customer liaison of public updates, in Chinese, within the first interval and then every interval', async () => {
    const mei = await server.token('mei');
    const room = 'incident-chat-zh';
    const id = (await server.say(room, '!宣布 2 支付缓慢', mei)).body.incident.id;
    await server.say(room, '!指挥官 接管', mei);
    expect(texts(await server.say(room, '!订阅 董事会', mei))).toBe('“董事会”既不是利益相关者组，也不是人员。组：SEV-1 Stakeholders、SEV-2 Stakeholders。');
    expect(texts(await server.say(room, '!角色 客户联络员 lei', mei))).toBe('李雷 (@lei) 现在是客户联络员。');
    const drafted = texts(await server.say(room, '!公告 我们正在调查支付缓慢的问题，预计30分钟内恢复。', await server.token('lei')));
    expect(drafted).toContain('需要发布公开更新：首次更新须在 0.05 分钟内');
    expect(drafted).toContain('草稿 #1 承诺了时间（“预计30分钟”');

    const lines = async () => (await server.request('GET', `/api/v1/rooms/inc-${id}/messages`, { token: mei })).body.messages.map((message: { text: string }) => message.text) as string[];
    // A draft is waiting, so the reminder goes to the IC, who holds it up.
    await eventually(async () => (await lines()).find((line) => line === '王美 (@mei)：公开草稿 #1 正在等待指挥官批准：!批准 1'), 'the first public reminder');
    // The draft promises a time: the first approval is refused, the confirmed one publishes.
    expect(texts(await server.say(room, '!批准 1', mei))).toContain('如仍要发布这一份，请输入 !批准 1 仍然发布。');
    const approved = texts(await server.say(room, '!批准 1 仍然发布', mei));
    expect(approved).toContain('草稿 #1 已发布到状态页面');
    expect(approved).toContain('草稿 #1 承诺了时间（“预计30分钟”），现已公开');
    await eventually(async () => (await lines()).find((line) => line.startsWith('李雷 (@lei)：已有') && line.includes('没有公开更新')), 'the next public reminder');
    const timeline = (await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: mei })).body.events;
    const missed = timeline.filter((event: { type: string; audience?: string }) => event.type === 'update.missed' && event.audience === 'public');
    expect(missed[0]).toMatchObject({ level: 'commander', remind: 'mei' });
    expect(missed.at(-1)).toMatchObject({ level: 'liaison', remind: 'lei' });

    expect(texts(await server.say(room, '!解决', mei))).toContain(`事件 #${id} 已解决，历时`);
    const reminder = await eventually(async () => (await lines()).find((line) => line.startsWith(`王美 (@mei)：事件 #${id} 的事后回顾须在`)), 'the review reminder');
    expect(reminder).toContain(`/api/v1/incidents/${id}/review.md`);
    const inbox = await server.request('GET', '/api/v1/me/inbox', { token: mei });
    expect(inbox.body.items[0]).toMatchObject({ kind: 'reminder', incidentId: id, title: `事件 #${id} 的事后回顾` });
    await waitForMail(sink, (mail) => mail.to.includes('mei@example.com') && mail.subject === `事件 #${id} 的事后回顾`);
  }, 150_000);

  it('keeps a security incident’s summaries out of the executive room and away from people who may not see it', async () => {
    const frank = await server.token('frank');
    const carol = await server.token('carol');
    const id = (await server.say('security-incident', '!declare 1 Operation Nightjar', frank)).body.incident.id;
    await server.say('security-incident', '!ic take', frank);
    expect(texts(await server.say('security-incident', '!update keys rotated', frank))).toBe(
      'Executive summary #1 sent to no subscribers who may see this security incident (not posted to #executive-summary-updates).',
    );
    await server.say('security-incident', '!subscribe SEV-1 Stakeholders', frank);
    expect(texts(await server.say('security-incident', '!subscribe SEV-1 Stakeholders', frank))).toBe('SEV-1 Stakeholders is already subscribed to this incident.');
    // Of the SEV-1 Stakeholders, frank is a member of the private lobby, and lei was paged for it as the IC's shadow.
    expect(texts(await server.say('security-incident', '!update attacker locked out', frank))).toContain('sent to 2 subscribers who may see');
    await waitForMail(sink, (mail) => mail.to.includes('frank@example.com') && mail.text.includes('attacker locked out'));
    const executive = await server.request('GET', '/api/v1/rooms/executive-summary-updates/messages', { token: carol });
    expect(JSON.stringify(executive.body)).not.toMatch(/Nightjar|keys rotated|attacker locked out/);
    // Mail about it reaches its members only: frank, and the commanders paged for it (alice, bob, lei).
    const members = ['frank', 'alice', 'bob', 'lei'].map((person) => `${person}@example.com`);
    const told = sink.messages.filter((mail) => /Nightjar|attacker locked out/.test(mail.text)).flatMap((mail) => mail.to);
    expect(told.length).toBeGreaterThan(0);
    expect(told.filter((address) => !members.some((member) => address.includes(member)))).toEqual([]);
    for (const path of [`/api/v1/incidents/${id}/communications`, `/api/v1/incidents/${id}/review`]) {
      expect((await server.request('GET', path, { token: carol })).status, path).toBe(404);
    }
    expect((await server.request('POST', `/api/v1/incidents/${id}/subscription`, { token: carol })).status).toBe(404);
    expect((await server.request('GET', '/status')).body).not.toContain('Nightjar');
  }, 60_000);
});

describe('executive summaries across kill -9', () => {
  let sink: SmtpSink;
  let server: ServerProcess;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    server = await ServerProcess.start({ config: withEmail(sink) });
  });
  afterAll(async () => {
    await server?.stop();
    await sink?.stop();
  });

  it('delivers every acknowledged summary after a crash, posting it once and mailing each copy under one idempotency key', async () => {
    const carol = await server.token('carol');
    await server.say('incident-chat', '!declare 1 storage is failing', carol);
    const sent: string[] = [];
    for (let n = 1; n <= 5; n++) {
      const reply = await server.say('incident-chat', `!update storage summary ${n}`, carol);
      expect(reply.status).toBe(200);
      sent.push(`storage summary ${n}`);
    }
    await server.kill('SIGKILL');
    await server.start();

    const recipients = ['frank@example.com', 'lei@example.com', 'dave@example.com', 'executives@example.com'];
    for (const text of sent) {
      for (const address of recipients) {
        const copies = await eventually(async () => {
          const found = sink.messages.filter((mail) => mail.to.includes(address) && mail.text.includes(`${text}\n`));
          return found.length > 0 && found;
          // Jobs leased when the server died wait for their lease (30 s) to run out.
        }, `${text} to ${address}`, 120_000);
        expect(new Set(copies.map((mail) => mail.headers.get('x-dont-panic-idempotency-key'))).size).toBe(1);
      }
    }
    const history = await server.request('GET', '/api/v1/rooms/executive-summary-updates/messages', { token: carol });
    for (const text of sent) {
      expect(history.body.messages.filter((message: { text: string }) => message.text.endsWith(text)), text).toHaveLength(1);
    }
  }, 240_000);
});
