import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, STORES, storeEnv } from '../support/server-process.js';
import { until } from '../support/until.js';

const texts = (result: { body: { replies: { text: string }[] } }) => result.body.replies.map((reply) => reply.text).join('\n');

describe.each(STORES)('a major incident run from chat, over HTTP against the real server on %s', (store) => {
  let server: ServerProcess;
  let carol: string;
  let mei: string;

  beforeAll(async () => {
    server = await ServerProcess.start({ env: storeEnv(store) });
    carol = await server.token('carol');
    mei = await server.token('mei');
  });
  afterAll(() => server?.stop());

  it('pages the IC, assigns roles, notes, raises severity and shows the same facts in the API', async () => {
    expect(texts(await server.say('incident-chat', '!ic', carol)).split('\n')[0]).toBe('No incident is open here. To open one and page the IC on call, type !ic page <what is wrong>.');
    expect(texts(await server.say('incident-chat', '!help public', carol))).toContain('!public on — let a private incident publish (IC only)');
    const page = await server.say('incident-chat', '!ic page db is down', carol);
    expect(page.status).toBe(200);
    const id = page.body.incident.id;
    expect(id).toBeGreaterThan(0);
    expect(texts(page)).toContain(`Incident #${id} declared: SEV-2 “db is down”`);
    expect(texts(page)).toMatch(/primary .*\(@\w+\) and backup .*\(@\w+\)/);
    expect(texts(page)).toContain('PIN 123456');

    expect(texts(await server.say('incident-chat', '!role scribe carol', carol))).toBe('Carol Carter (@carol) is now Scribe.');
    expect(texts(await server.say('incident-chat', '!note failover started on db-2', carol))).toBe('Note #1 added to the timeline.');
    expect(texts(await server.say('incident-chat', '!sev 1', carol))).toContain('Severity raised from SEV-2 to SEV-1.');
    const status = texts(await server.say('incident-chat', '!status', carol));
    expect(status).toContain(`Incident #${id} · SEV-1 · open`);
    expect(status).toContain('Scribe: Carol Carter (@carol)');
    expect(status).toContain('failover started on db-2');

    const incident = await server.request('GET', `/api/v1/incidents/${id}`, { token: carol });
    expect(incident.status).toBe(200);
    expect(incident.body).toMatchObject({ id, title: 'db is down', severity: 'SEV-1', status: 'open', room: `inc-${id}`, lobby: 'incident-chat' });
    expect(incident.body.roles.scribe).toBe('carol');
    expect(incident.body.notes[0].text).toBe('failover started on db-2');
    expect(incident.body.pages).toHaveLength(1);

    const timeline = await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol });
    expect(timeline.body.events.map((event: { type: string }) => event.type)).toEqual([
      'incident.declared',
      'commander.paged',
      'role.assigned',
      'note.added',
      'severity.changed',
      // Reaching SEV-1 turns on the public-update prompts (docs/comms.md).
      'public.started',
    ]);
    expect(timeline.body.events[3]).toMatchObject({ actor: 'carol', text: 'failover started on db-2' });

    // Typed in the lobby, where its one open incident is: the lines stay in the lobby and in the incident's own room.
    for (const room of ['incident-chat', `inc-${id}`]) {
      const history = await server.request('GET', `/api/v1/rooms/${room}/messages`, { token: carol });
      const lines = history.body.messages.map((message: { text: string }) => message.text);
      expect(lines).toContain('!note failover started on db-2');
      expect(lines).toContain('Note #1 added to the timeline.');
    }

    const open = await server.request('GET', '/api/v1/incidents?status=open', { token: carol });
    expect(open.body.incidents.map((row: { id: number }) => row.id)).toContain(id);
  });

  it('runs the same flow in the Chinese room with Chinese aliases and replies', async () => {
    expect(texts(await server.say('incident-chat-zh', '!指挥官', mei)).split('\n')[0]).toBe('这里没有进行中的事件。如需开启事件并呼叫值班的事件指挥官，请输入 !指挥官 呼叫 <问题描述>。');
    const page = await server.say('incident-chat-zh', '!指挥官 呼叫 数据库宕机', mei);
    const id = page.body.incident.id;
    expect(texts(page)).toContain(`已宣布事件 #${id}：SEV-2“数据库宕机”`);
    expect(texts(page)).toContain('正在呼叫值班事件指挥官');
    expect(texts(await server.say('incident-chat-zh', '!角色 记录员 carol', mei))).toBe('Carol Carter (@carol) 现在是记录员。');
    // Two experts: the refusal's example is the command for this role, its words kept apart.
    expect(texts(await server.say('incident-chat-zh', '!角色 主题专家 carol', mei))).toContain('Carol Carter (@carol) 现在是主题专家。');
    expect(texts(await server.say('incident-chat-zh', '!角色 主题专家 lei', mei))).toContain('李雷 (@lei) 现在是主题专家。');
    expect(texts(await server.say('incident-chat-zh', '!角色 移除 主题专家', mei))).toBe('有多人担任主题专家（carol、lei）：请指明是谁，例如 !角色 移除 主题专家 <人员>。');
    for (const [handle, label] of [['carol', 'Carol Carter (@carol)'], ['lei', '李雷 (@lei)']]) {
      expect(texts(await server.say('incident-chat-zh', `!角色 移除 主题专家 ${handle}`, mei))).toBe(`${label} 不再担任主题专家。`);
    }
    expect(texts(await server.say('incident-chat-zh', '!笔记 已切换到备用数据库', mei))).toBe('笔记 #1 已加入时间线。');
    const raised = texts(await server.say('incident-chat-zh', '!严重级别 1', mei)).split('\n');
    expect(raised[0]).toBe('严重级别从 SEV-2 升至 SEV-1。');
    // The example organisation has no SMTP server: summaries stay in the app, and the line says so.
    expect(raised[1]).toBe('SEV-1 Stakeholders 现在会通过应用内通知（未配置邮件）收到本事件的执行摘要。');
    expect(texts(await server.say('incident-chat-zh', '！严重级别2', mei))).toBe('严重级别从 SEV-1 降至 SEV-2。');
    // A command cut short is recognised, and the suggestion follows the sentence without a stray space.
    expect(texts(await server.say('incident-chat-zh', '!严重 2', mei))).toMatch(/。您是不是想输入 [^ ]*!严重级别[^ ]*？/);
    await server.say('incident-chat-zh', '!任务 carol 检查复制延迟，必要时切回', mei);
    await server.say('incident-chat-zh', '!任务 lei 通知客服', mei);
    const status = texts(await server.say('incident-chat-zh', '!状态', mei));
    expect(status).toContain(`事件 #${id} · SEV-2 · 进行中`);
    expect(status).toMatch(/\n {2}#1（[^（）]*分钟，王美 \(@mei\)）已切换到备用数据库/);
    expect(status).toContain('未完成任务（2）：#1 Carol Carter (@carol)：检查复制延迟，必要时切回；#2 李雷 (@lei)：通知客服');
    expect(texts(await server.say('incident-chat-zh', '!待办 复盘数据库切换', mei))).toBe('跟进事项 #1 已记录，事件结束后处理。');
    const incident = await server.request('GET', `/api/v1/incidents/${id}`, { token: mei });
    expect(incident.body).toMatchObject({ severity: 'SEV-2', roles: { scribe: 'carol' } });
  });

  it('answers bad input with a clear error and appends nothing', async () => {
    const declared = await server.say('incident-chat', '!status', carol);
    const id = declared.body.incident.id;
    const before = (await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol })).body.events.length;
    const roomBefore = (await server.request('GET', '/api/v1/rooms/incident-chat/messages', { token: carol })).body.messages.length;

    const cases: [string, RegExp][] = [
      ['!frobnicate', /I do not know the command “frobnicate”/],
      ['!sev 9', /“9” is not a severity[\s\S]*Correct form: !sev <1-5>/],
      ['!role', /Say which role and which person/],
      ['!role scribe', /Say which person/],
      ['!role scribe zed', /I do not know “zed”/],
      ['!task done 42', /There is no task #42/],
      ['!sev 6 1', /“6 1” is not a severity\. To change incident #6, name it with #: !sev #6 1\./],
    ];
    for (const [line, expected] of cases) {
      const result = await server.say('incident-chat', line, carol);
      expect(result.status, line).toBe(200);
      expect(result.body.replies[0].error, line).toBe(true);
      expect(texts(result), line).toMatch(expected);
    }
    // A mistyped command is told what was meant, with no "correct form" of !help after it.
    expect(texts(await server.say('incident-chat', '!taks dave check the logs', carol))).toBe('I do not know the command “taks”. Type !help for the list. Did you mean !task?');
    const zh = await server.say('incident-chat-zh', '!严重级别 9', mei);
    expect(texts(zh)).toContain('不是有效的严重级别');
    expect(texts(await server.say('incident-chat-zh', '!严重级别 6 1', mei))).toContain('“6 1”不是严重级别。如要修改事件 #6，请用 # 指明它：!严重级别 #6 1。');
    // A refusal's list is joined as its reader writes lists: ", " in English, "、" in Chinese.
    expect(texts(await server.say('incident-chat', '!role scribe zed', carol))).toBe('I do not know “zed”. People here: alice, bob, carol, dave, erin, frank, mei, lei.');
    expect(texts(await server.say('incident-chat-zh', '!角色 记录员 zed', mei))).toBe('不认识“zed”。可选人员：alice、bob、carol、dave、erin、frank、mei、lei。');

    const http: [string, Parameters<ServerProcess['request']>[2], number, string][] = [
      ['invalid JSON', { token: carol, rawBody: '{"text": ' }, 400, 'invalid_json'],
      ['no token', { body: { text: '!status' } }, 401, 'unauthorized'],
      ['wrong token', { token: 'dp_not-a-real-token', body: { text: '!status' } }, 401, 'unauthorized'],
      ['unknown key', { token: carol, body: { text: '!status', extra: 1 } }, 400, 'invalid_request'],
      ['missing text', { token: carol, body: {} }, 400, 'invalid_request'],
    ];
    for (const [name, options, status, code] of http) {
      const result = await server.request('POST', '/api/v1/rooms/incident-chat/messages', options);
      expect(result.status, name).toBe(status);
      expect(result.body.error.code, name).toBe(code);
      expect(result.body.error.message.length, name).toBeGreaterThan(10);
    }
    // What is wrong, and what to send instead, in the caller's language: not the JSON parser's English.
    const notJson = await server.request('POST', '/api/v1/rooms/incident-chat/messages', { token: mei, rawBody: '{"text": ' });
    expect(notJson.body.error.message).toBe('请求体不是有效的 JSON：请发送一个 JSON 对象，并设置 Content-Type: application/json。');
    const empty = await server.request('POST', '/api/v1/rooms/incident-chat/messages', { token: carol, rawBody: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toEqual({ code: 'empty_body', message: expect.stringContaining('The body is empty, but its Content-Type says JSON') });
    const tooLarge = await server.oversized('/api/v1/rooms/incident-chat/messages', carol, 2 * 1024 * 1024);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('too_large');
    const unknownRoom = await server.say('no-such-room', '!status', carol);
    expect(unknownRoom.status).toBe(404);
    expect(unknownRoom.body.error.message).toBe('There is no room “no-such-room”. Rooms: incident-chat, incident-chat-zh, executive-summary-updates.');
    const unknownToMei = await server.say('no-such-room', '!状态', mei);
    expect(unknownToMei.body.error.message).toBe('没有聊天室“no-such-room”。可用聊天室：incident-chat、incident-chat-zh、executive-summary-updates、security-incident。');
    const lost = await server.request('GET', '/nonsense/path', { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(lost.status).toBe(404);
    expect(lost.headers.get('content-type')).toContain('text/html');
    expect(lost.body).toContain('<p>Nothing here: /nonsense/path.</p><p><a href="/">Open the incidents</a></p>');
    expect((await server.request('GET', '/api/v1/nope', { headers: { accept: 'text/html' } })).body.error.code).toBe('not_found');
    const both = await server.request('GET', `/api/v1/incidents/${id}/timeline?after=3&before=10`, { token: carol });
    expect(both.status).toBe(400);
    expect(both.body.error).toEqual({ code: 'after_and_before', message: 'Give after (to read forward) or before (to read backward), not both.' });
    const huge = await server.request('GET', '/api/v1/incidents/99999999999999999999999', { token: mei });
    expect(huge.status).toBe(400);
    expect(huge.body.error.message).not.toContain('e+');

    const after = (await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol })).body.events.length;
    const roomAfter = (await server.request('GET', '/api/v1/rooms/incident-chat/messages', { token: carol })).body.messages.length;
    expect(after).toBe(before);
    expect(roomAfter).toBe(roomBefore);
  });

  it('takes a full name at the start of !task and !page as the person, and the rest as the text', async () => {
    const id = (await server.say('incident-chat', '!declare 3 replica lag on db-3', carol)).body.incident.id as number;
    expect(texts(await server.say(`inc-${id}`, '!task Dave Davies restart the replica', carol))).toBe('Task #1 for Dave Davies (@dave): restart the replica');
    expect(texts(await server.say(`inc-${id}`, '!page Bob Boberson please check the replica', carol))).toContain('Paging Bob Boberson (@bob)');
    const pages = await until(async () => {
      const listed = (await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: carol })).body.pages as { person: string }[];
      return listed.length > 0 ? listed : undefined;
    }, 'bob paged');
    expect(pages.map((page) => page.person)).toContain('bob');

    // Typed in the lobby with several incidents open: the example is the line as typed, naming one of them, and works as it is.
    const ask = texts(await server.say('incident-chat', '!note the replica is back', carol));
    const example = ask.match(/say which one, e\.g\. (!note #(\d+) the replica is back), or type it in the incident’s room:/);
    expect(example, ask).not.toBeNull();
    expect(ask).toContain(`#${example![2]} `);
    expect(texts(await server.say('incident-chat', example![1], carol))).toMatch(/^Note #\d+ added to the timeline\.$/);
  });

  it('keeps every API behind a token', async () => {
    for (const path of ['/api/v1/incidents', '/api/v1/incidents/1', '/api/v1/incidents/1/timeline', '/api/v1/rooms/incident-chat/messages']) {
      const result = await server.request('GET', path);
      expect(result.status, path).toBe(401);
    }
    expect((await server.request('GET', '/healthz')).status).toBe(200);
    const metrics = await server.request('GET', '/metrics');
    expect(metrics.body).toContain('dont_panic_events_committed_total');
    const logs = server.logs.join('\n');
    expect(logs).toContain('"statusCode":401');
    for (const secret of [carol, mei, 'dp_not-a-real-token']) expect(logs).not.toContain(secret);
    const docs = await server.request('GET', '/api/docs/json');
    expect(Object.keys(docs.body.paths)).toContain('/api/v1/rooms/{room}/messages');
  });
});
