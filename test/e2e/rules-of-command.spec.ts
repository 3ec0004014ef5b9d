import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';
import { SmtpSink, type ReceivedMail } from '../support/smtp-sink.js';
import { pagingConfig } from '../support/paging-config.js';
import { until } from '../support/until.js';

const texts = (result: { body: { replies: { text: string }[] } }) => result.body.replies.map((reply) => reply.text).join('\n');
const mailTo = (address: string) => (mail: ReceivedMail) => mail.to.includes(address);

// The drill of issue 11, rerun through HTTP against the real server: one voice in command, the right person paged.
describe('rules of command, through the chat API', { timeout: 90_000 }, () => {
  let smtp: SmtpSink;
  let server: ServerProcess;
  let carol: string;
  let dave: string;
  let bob: string;
  let lei: string;
  let erin: string;
  /** The incident room the drill works in (every incident has its own). */
  let room = '';
  const erinToken = () => erin;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    server = await ServerProcess.start({ config: pagingConfig({ smtp }, 10) });
    [carol, dave, bob, lei, erin] = await Promise.all(['carol', 'dave', 'bob', 'lei', 'erin'].map((person) => server.token(person)));
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  const pagesOf = (id: number, count: number) =>
    until(async () => {
      const result = await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol });
      const pages = result.body.pages as { person: string; pageId: string; policy: string }[];
      return new Set(pages.map((page) => page.person)).size >= count ? pages : undefined;
    }, `${count} people paged for #${id}`);

  it('!ic page api … pages the primary and backup IC, nobody from the api team, with one hint', async () => {
    const page = await server.say('incident-chat', '!ic page api is down', carol);
    expect(page.status).toBe(200);
    const id = page.body.incident.id;
    room = page.body.incident.room;
    expect(room).toBe(`inc-${id}`);
    expect(texts(page)).toContain('Paging the Incident Commander on call: primary Alice Anderson (@alice) and backup Bob Boberson (@bob).');
    expect(texts(page)).toContain('To page the api on-call instead, type !page api is down');
    const pages = await pagesOf(id, 3);
    expect(new Set(pages.map((row) => row.policy))).toEqual(new Set(['incident-command']));
    const people = new Set(pages.map((row) => row.person));
    expect(people).toEqual(new Set(['alice', 'bob', 'lei']));
    expect(people.has('dave')).toBe(false);
    expect(people.has('frank')).toBe(false);

    const service = await server.say(room, '!page api checkout is failing', carol);
    expect(texts(service)).toContain('Paging service api');
    const after = await until(async () => {
      const result = await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol });
      const rows = result.body.pages as { pageId: string; person: string; policy: string }[];
      return rows.some((row) => row.pageId === `${id}-2`) ? rows : undefined;
    }, 'the api service page');
    expect(after.find((row) => row.pageId === `${id}-2`)?.policy).toBe('platform');
    const second = after.filter((row) => row.pageId === `${id}-2`).map((row) => row.person);
    expect(second.length).toBeGreaterThan(0);
    expect(second.every((person) => ['alice', 'dave', 'frank'].includes(person))).toBe(true);

    const person = await server.say(room, '!page frank need a second pair of eyes', carol);
    expect(texts(person).split('\n')[0]).toBe('Paging Frank Foster (@frank).');

    const unknown = await server.say(room, '!page nowhere help', carol);
    expect(unknown.body.replies[0]).toMatchObject({ error: true });
    expect(texts(unknown)).toContain('“nowhere” is not a team, service or person');
  });

  it('lets the paged shadow acknowledge their own page, in Chinese too', async () => {
    const row = (await server.request('GET', '/api/v1/incidents?status=open', { token: carol })).body.incidents[0];
    const ack = await server.say(room, '!确认', lei);
    expect(ack.body.replies[0].error).toBeUndefined();
    expect(texts(ack)).toContain('李雷 (@lei)');
    const pages = (await server.request('GET', `/api/v1/incidents/${row.id}/pages`, { token: carol })).body.pages as { pageId: string; pageStatus: string }[];
    // The shadow saw it; the primary and backup are still being paged until one of them answers.
    expect(pages.find((page) => page.pageId === `${row.id}-1`)?.pageStatus).toBe('paging');
  });

  it('refuses a second person’s bare !ic take, and !ic take force tells the previous IC', async () => {
    const id = (await server.request('GET', '/api/v1/incidents?status=open', { token: carol })).body.incidents[0].id;
    expect(texts(await server.say(room, '!ic take', carol))).toContain('Carol Carter (@carol) is now the Incident Commander.');
    const refused = await server.say(room, '!ic take', dave);
    expect(refused.body.replies[0]).toMatchObject({ error: true });
    expect(texts(refused)).toContain('Ask them to hand over to you with !ic handover');
    // Only the IC hands over: the refusal points to what dave can do, not to the bare !ic take refused above.
    expect(texts(await server.say(room, '!ic handover frank', dave))).toBe(
      'Only the IC (Carol Carter (@carol)) can hand the role over: ask them to type !ic handover <person>. If they cannot be reached, take over with !ic take force <reason>.',
    );
    expect((await server.request('GET', `/api/v1/incidents/${id}`, { token: carol })).body.roles.commander).toBe('carol');

    expect(texts(await server.say(room, '!ic take force', dave))).toContain('Say why you take over by force');
    const forced = await server.say(room, '!ic take force unreachable', dave);
    expect(texts(forced)).toContain('Dave Davies (@dave) took over as Incident Commander from Carol Carter (@carol) by force: “unreachable”.');
    expect((await server.request('GET', `/api/v1/incidents/${id}`, { token: carol })).body.roles.commander).toBe('dave');
    const mail = await smtp.waitFor((received) => mailTo('carol@example.com')(received) && received.text.includes('by force'));
    expect(mail.text).toContain('Reason: unreachable');
    const timeline = (await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol })).body.events;
    expect(timeline.find((event: { type: string; forced?: unknown }) => event.type === 'commander.assigned' && event.forced)).toMatchObject({ actor: 'dave', previous: 'carol', forced: { reason: 'unreachable' } });
  });

  it('keeps one voice: IC-only rules refuse others and name who can, roles come and go by full name', async () => {
    // dave is IC now; bob becomes deputy by full name.
    expect(texts(await server.say(room, '!role deputy Bob Boberson', dave))).toContain('Bob Boberson (@bob) is now Deputy.');
    expect(texts(await server.say(room, '!role scribe carol', bob))).toContain('Only the IC (Dave Davies (@dave)) assigns and removes roles.');
    expect(texts(await server.say(room, '!sev 1', carol))).toContain('Severity raised from SEV-2 to SEV-1.');
    expect(texts(await server.say(room, '!sev 2', carol))).toContain('Only the IC (Dave Davies (@dave)) or the deputy can lower the severity.');
    expect(texts(await server.say(room, '!sev 2', bob))).toContain('Severity lowered from SEV-1 to SEV-2.');

    expect(texts(await server.say(room, '!role sme mei', dave))).toContain('王美 (@mei) is now Subject Matter Expert.');
    expect(texts(await server.say(room, '!role scribe mei', dave))).toContain('Note: 王美 (@mei) also holds Subject Matter Expert.');
    expect(texts(await server.say(room, '!role remove sme mei', dave))).toBe('王美 (@mei) is no longer Subject Matter Expert.');
    expect(texts(await server.say('incident-chat-zh', '!角色 移除 记录员', dave))).toContain('没有进行中的事件');

    const handover = texts(await server.say(room, '!ic handover bob', dave));
    expect(handover).toContain('Bob Boberson (@bob) is now the Incident Commander, taking over from Dave Davies (@dave).');
    expect(handover).toContain('Bob Boberson (@bob) is no longer the Deputy');
    expect(texts(await server.say(room, '!proxy carol', dave))).toBe('Carol Carter (@carol) speaks for Dave Davies (@dave) on the call.');
    const roles = texts(await server.say(room, '!roles', dave));
    expect(roles).toContain('Incident Commander: Bob Boberson (@bob) · Deputy: nobody');
    expect(roles).toContain('Carol Carter (@carol) for Dave Davies (@dave)');
  });

  it('says what was meant when a command or subcommand is mistyped, in both languages', async () => {
    const typo = await server.say('incident-chat', '!stauts', carol);
    expect(typo.body.replies[0]).toMatchObject({ error: true });
    expect(texts(typo)).toContain('Did you mean !status?');
    expect(texts(await server.say('incident-chat', '!ic pgae', carol))).toContain('Did you mean !ic page?');
    expect(texts(await server.say('incident-chat-zh', '!状太', carol))).toContain('您是不是想输入 !状态？');
  });

  it('keeps the books straight: resolve, reopen, resolve leaves one follow-up per open task, with its owner', async () => {
    expect(texts(await server.say(room, '!resolve', bob))).toContain('resolved');
    const declared = await server.say('incident-chat', '!declare 2 checkout broken', carol);
    const id = declared.body.incident.id;
    room = declared.body.incident.room;
    await server.say(room, '!ic take', carol);
    await server.say(room, '!task dave roll back the deploy', carol);
    await server.say(room, '!task erin take a heap dump', carol);
    await server.say(room, '!task done 2', erinToken());
    const resolved = texts(await server.say(room, '!resolve', carol));
    expect(resolved).toContain('Open task #1 (Dave Davies (@dave)) is closed and moved to follow-up #1.');
    expect(texts(await server.say(room, '!status', carol))).toContain('No open tasks.');

    const review = await until(async () => {
      const result = await server.request('GET', `/api/v1/incidents/${id}/review`, { token: carol });
      return result.status === 200 ? result.body : undefined;
    }, 'the review draft');
    expect(review.actionItems).toMatchObject([{ text: 'roll back the deploy', owner: 'dave' }]);
    // A review is Reviewed only once its summary, root cause and impact are written.
    const sections = { summary: 'Checkout broke after a deploy.', rootCause: 'The deploy.', impact: 'Checkout failed.' };
    expect((await server.request('PUT', `/api/v1/incidents/${id}/review`, { token: carol, body: { sections } })).status).toBe(200);
    for (const status of ['in_review', 'reviewed', 'closed']) {
      expect((await server.request('POST', `/api/v1/incidents/${id}/review/status`, { token: carol, body: { status } })).status).toBe(200);
    }
    const closedText = (await server.request('GET', `/api/v1/incidents/${id}/review.md`, { token: carol })).body;
    await server.say(room, 'a late line of chat', carol);
    expect(texts(await server.say(room, '!note found the root cause later', carol))).toContain('Note #1');
    expect((await server.request('GET', `/api/v1/incidents/${id}/review.md`, { token: carol })).body).toBe(closedText);

    expect(texts(await server.say(room, '!reopen', carol))).toContain('reopened');
    const draft = await until(async () => {
      const result = await server.request('GET', `/api/v1/incidents/${id}/review`, { token: carol });
      return result.body.status === 'draft' ? result.body : undefined;
    }, 'the review back in draft');
    expect(draft.reopenings).toMatchObject([{ actor: 'carol', reason: `Incident #${id} was reopened by Carol Carter (@carol).` }]);
    expect((await server.request('GET', `/api/v1/incidents/${id}/review.md`, { token: carol })).body).toContain('Review back to Draft');

    await server.say(room, '!resolve false-alarm', carol);
    const incident = (await server.request('GET', `/api/v1/incidents/${id}`, { token: carol })).body;
    expect(incident.todos).toMatchObject([{ n: 1, text: 'roll back the deploy', owner: 'dave', fromTask: 1 }]);
    expect(incident.todos).toHaveLength(1);
    expect(incident.tasks.filter((task: { done: boolean }) => !task.done)).toEqual([]);
    const again = await until(async () => {
      const result = await server.request('GET', `/api/v1/incidents/${id}/review`, { token: carol });
      return result.body.falseAlarm === true ? result.body : undefined;
    }, 'the review following the false-alarm resolve');
    expect(again.actionItems).toHaveLength(1);
    expect(again.status).toBe('draft');
  });

  it('keeps the status page as the IC published it after !resolve, until the closing update is approved', async () => {
    const declared = await server.say('incident-chat', '!declare 2 checkout errors', carol);
    const id = declared.body.incident.id;
    room = declared.body.incident.room;
    await server.say(room, '!ic take', carol);
    await server.say(room, '!role customer erin', carol);
    await server.say(room, '!public [api] We are investigating errors at checkout.', erin);
    await server.say(room, '!approve 1', carol);
    const card = async () => {
      const page = (await server.request('GET', `/status/incidents/${id}`)).body as string;
      const index = (await server.request('GET', '/status')).body as string;
      return { page, api: /data-component="api"><span>.*?<span class="state (\w+)"/.exec(index)?.[1] };
    };
    const live = await until(async () => ((await card()).page.includes('investigating') ? card() : undefined), 'the published update');
    expect(live.page).toContain('Ongoing');
    expect(live.api).toBe('partial_outage');

    const resolved = texts(await server.say(room, '!resolve', carol));
    expect(resolved).toContain(`Customer liaison Erin Evans (@erin): the status page still shows incident #${id} as published (“We are investigating errors at checkout.”)`);
    const after = await card();
    expect(after.page).toContain(`Incident #${id} · Ongoing`);
    expect(after.page).not.toContain('Resolved');
    expect(after.api).toBe('partial_outage');

    await server.say(room, '!public [api] Checkout works again for everyone.', erin);
    await server.say(room, '!approve 2', carol);
    const closed = await until(async () => ((await card()).page.includes('works again') ? card() : undefined), 'the closing update');
    expect(closed.page).toContain(`Incident #${id} · Resolved`);
    expect(closed.api).toBe('operational');
  });

  const pagedPeople = async (id: number) =>
    ((await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol })).body.pages as { person: string }[]).map((page) => page.person);

  it('pages whoever is handed command, telling them by email that they are IC now, by whom and where to join', async () => {
    const declared = await server.say('incident-chat', '!declare 3 search is slow', erin);
    const { id, room: searchRoom } = declared.body.incident as { id: number; room: string };
    // Taking command pages nobody; neither does naming oneself while nobody leads.
    expect(texts(await server.say(searchRoom, '!ic take', erin))).toBe('Erin Evans (@erin) is now the Incident Commander.');

    const handover = await server.say(searchRoom, '!ic handover bob', erin);
    expect(texts(handover).split('\n').slice(0, 2)).toEqual([
      'Bob Boberson (@bob) is now the Incident Commander, taking over from Erin Evans (@erin).',
      'Paging Bob Boberson (@bob).',
    ]);
    const notice = `You are now the Incident Commander of incident #${id}: Erin Evans (@erin) handed it over to you. Join #${searchRoom} and announce yourself there.`;
    const mail = await smtp.waitFor((received) => mailTo('bob@example.com')(received) && received.text.includes(`incident #${id}:`));
    expect(mail.subject).toBe(`[SEV-3] Incident #${id}: search is slow — you are paged (level 1)`);
    expect(mail.text).toContain(notice);
    expect(mail.text).toMatch(/Acknowledge: http:\/\/localhost:8080\/ack\//);
    expect(new Set(await until(async () => ((await pagedPeople(id)).length > 0 ? pagedPeople(id) : undefined), 'bob’s page'))).toEqual(new Set(['bob']));
    const timeline = (await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol })).body.events;
    expect(timeline.filter((event: { type: string }) => event.type === 'responders.paged')).toMatchObject([{ actor: 'erin', target: { kind: 'person', name: 'bob' }, notice: { kind: 'handover', from: 'erin' } }]);

    // bob acknowledges the page from the room, as any page.
    expect(texts(await server.say(searchRoom, '!ack', bob))).toBe(`Bob Boberson (@bob) acknowledged page ${id}-1: escalation stopped.`);
    await server.say(searchRoom, '!resolve', bob);
  });

  it('writes the handover page in the new IC’s language and notes a doubled role whoever becomes IC, in Chinese too', async () => {
    const mei = await server.token('mei');
    const declared = await server.say('incident-chat-zh', '!宣布 3 搜索变慢', mei);
    const { id, room: zhRoom } = declared.body.incident as { id: number; room: string };
    await server.say(zhRoom, '!指挥官 接管', mei);
    expect(texts(await server.say(zhRoom, '!角色 主题专家 lei', mei))).toContain('李雷 (@lei)');
    const handover = texts(await server.say(zhRoom, '!指挥官 移交 lei', mei));
    expect(handover).toContain('李雷 (@lei) 接替王美 (@mei)，现在是事件指挥官。');
    expect(handover).toContain('提醒：李雷 (@lei) 同时担任主题专家。一人身兼两职容易顾此失彼，有人加入后请交出其中一个。');
    expect(handover).toContain('正在呼叫李雷 (@lei)。');
    const mail = await smtp.waitFor((received) => mailTo('lei@example.com')(received) && received.text.includes(`事件 #${id} 的事件指挥官`));
    expect(mail.text).toContain(`您现在是事件 #${id} 的事件指挥官：王美 (@mei) 已将指挥权移交给您。请加入 #${zhRoom}，并在那里向大家说明您已接任。`);

    // The scribe takes command by force: the forced take says so, with the same note.
    expect(texts(await server.say(zhRoom, '!角色 记录员 carol', lei))).toContain('Carol Carter (@carol)');
    const forced = texts(await server.say(zhRoom, '!指挥官 接管 强制 他睡着了', carol));
    expect(forced).toContain('Carol Carter (@carol) 已强制接替李雷 (@lei) 担任事件指挥官，原因：“他睡着了”。');
    expect(forced).toContain('提醒：Carol Carter (@carol) 同时担任记录员。一人身兼两职容易顾此失彼，有人加入后请交出其中一个。');
    await server.say(zhRoom, '!解决', carol);
  });

  it('notes a doubled role when someone takes command by force or is handed it, in English', async () => {
    const declared = await server.say('incident-chat', '!declare 3 queue is backing up', erin);
    const queueRoom = declared.body.incident.room as string;
    await server.say(queueRoom, '!ic take', erin);
    await server.say(queueRoom, '!role scribe carol', erin);
    await server.say(queueRoom, '!role sme lei', erin);
    const forced = texts(await server.say(queueRoom, '!ic take force he is asleep', carol));
    expect(forced).toContain('Carol Carter (@carol) took over as Incident Commander from Erin Evans (@erin) by force: “he is asleep”.');
    expect(forced).toContain('Note: Carol Carter (@carol) also holds Scribe. One person with two roles is easy to overload; hand one on when someone joins.');
    const handover = texts(await server.say(queueRoom, '!ic handover lei', carol));
    expect(handover).toContain('李雷 (@lei) is now the Incident Commander, taking over from Carol Carter (@carol).');
    expect(handover).toContain('Note: 李雷 (@lei) also holds Subject Matter Expert. One person with two roles is easy to overload; hand one on when someone joins.');
    // The deputy becoming IC is still cleared rather than noted.
    await server.say(queueRoom, '!role deputy frank', lei);
    const toDeputy = texts(await server.say(queueRoom, '!ic handover frank', lei));
    expect(toDeputy).toContain('Frank Foster (@frank) is no longer the Deputy');
    expect(toDeputy).not.toContain('Note:');
    await server.say(queueRoom, '!resolve', await server.token('frank'));
  });
});
