import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';
import { until } from '../support/until.js';

const API_KEY = 't4p469tasznf3h9hevbta1hkkfkvdv5p';
const DB_KEY = '9t370pfqsehcwzl3ysyc06t8q66udrpv';

const texts = (result: { body: { replies: { text: string }[] } }) => result.body.replies.map((reply) => reply.text).join('\n');
const itemTexts = (review: { actionItems: { text: string }[] }) => review.actionItems.map((item) => item.text);

// The post-incident review as its readers meet it: chat lines in, the review's API and Markdown out, in English and Chinese.
describe('the post-incident review, through the chat API and the review API', { timeout: 120_000 }, () => {
  let server: ServerProcess;
  let carol: string;
  let dave: string;
  let erin: string;
  let mei: string;
  let lei: string;
  /** The incident of the first test: resolved twice, its review owned by carol, its IC. */
  let id = 0;

  beforeAll(async () => {
    server = await ServerProcess.start({
      config: (config) => {
        // The database's alerts open their incidents in the Chinese lobby; reminders go out as soon as a review is drafted.
        config.services.database.room = 'incident-chat-zh';
        config.comms.timers = { ...config.comms.timers, reviewReminderHours: 200 };
      },
    });
    [carol, dave, erin, mei, lei] = await Promise.all(['carol', 'dave', 'erin', 'mei', 'lei'].map((person) => server.token(person)));
  });
  afterAll(async () => {
    await server?.stop();
  });

  const review = (incident: number, token = carol) => server.request('GET', `/api/v1/incidents/${incident}/review`, { token });
  const markdown = async (incident: number, token = carol): Promise<string> => (await server.request('GET', `/api/v1/incidents/${incident}/review.md`, { token })).body;
  const roomLines = async (room: string): Promise<string[]> =>
    (await server.request('GET', `/api/v1/rooms/${room}/messages?limit=1000`, { token: carol })).body.messages.map((message: { text: string }) => message.text);
  const lineStarting = (room: string, start: string) => until(async () => (await roomLines(room)).find((line) => line.startsWith(start)), `“${start}…” in ${room}`, 60_000);

  it('resolving again adds only the follow-ups added since the last resolve, never ones the editor deleted', async () => {
    const declared = await server.say('incident-chat', '!declare 2 checkout canary failing', carol);
    id = declared.body.incident.id;
    const room = declared.body.incident.room;
    await server.say(room, '!ic take', carol);
    await server.say(room, '!todo check logs', carol);
    await server.say(room, '!todo drain node', carol);
    await server.say(room, '!task dave add checkout canary', carol);
    expect(texts(await server.say(room, '!resolve', carol))).toContain(`Incident #${id} resolved`);
    const drafted = await until(async () => {
      const result = await review(id);
      return result.status === 200 && result.body;
    }, 'the review draft');
    expect(itemTexts(drafted)).toEqual(['check logs', 'drain node', 'add checkout canary']);

    const replaced = await server.request('PUT', `/api/v1/incidents/${id}/review`, { token: carol, body: { actionItems: [{ text: 'canary' }] } });
    expect(replaced.status).toBe(200);
    expect(itemTexts(replaced.body)).toEqual(['canary']);

    expect(texts(await server.say(room, '!reopen', carol))).toContain('reopened');
    await server.say(room, '!todo new one', carol);
    expect(texts(await server.say(room, '!resolve', carol))).toContain(`Incident #${id} resolved`);
    const refreshed = await until(async () => {
      const result = await review(id);
      return itemTexts(result.body).includes('new one') && result.body;
    }, 'the follow-up added after the reopen');
    expect(itemTexts(refreshed)).toEqual(['canary', 'new one']);
    const md = await markdown(id);
    expect(md).toContain('- [ ] canary `sev2_');
    expect(md).toContain('- [ ] new one `sev2_');
    expect(md).not.toContain('- [ ] drain node');
    expect(md).not.toContain('- [ ] check logs');
  });

  it('names every Incident Commander in turn, returns included, so the last one named holds command at the end', async () => {
    const declared = await server.say('incident-chat', '!declare 1 payments are down', carol);
    const incident = declared.body.incident.id;
    const room = declared.body.incident.room;
    await server.say(room, '!ic take', carol);
    expect(texts(await server.say(room, '!ic take force unreachable', dave))).toContain('Dave Davies (@dave)');
    expect(texts(await server.say(room, '!ic handover carol', dave))).toContain('Carol Carter (@carol) is now the Incident Commander');
    expect(texts(await server.say(room, '!ic handover erin', carol))).toContain('Erin Evans (@erin) is now the Incident Commander');
    expect(texts(await server.say(room, '!ic handover carol', erin))).toContain('Carol Carter (@carol) is now the Incident Commander');
    await server.say(room, '!resolve', carol);
    await until(async () => (await review(incident)).status === 200, 'the review draft');

    const sequence = 'Carol Carter (@carol) → Dave Davies (@dave) → Carol Carter (@carol) → Erin Evans (@erin) → Carol Carter (@carol)';
    expect(await markdown(incident)).toContain(`\n- Incident Commander: ${sequence}\n`);
    expect(await markdown(incident, mei)).toContain(`\n- 事件指挥官：${sequence}\n`);
    // Each handover paged the new IC: the timeline says so, not "Paged …: " with nothing after it.
    expect(await markdown(incident)).toContain('Paged Erin Evans (@erin) to tell them they now lead');
    expect(await markdown(incident, mei)).toContain('呼叫 Erin Evans (@erin)，告知其已接任指挥');
    expect(await markdown(incident)).not.toMatch(/Paged [^|]*: \|/);
  });

  it('refuses an action item due on a day that does not exist, naming the field, in the reader’s language', async () => {
    const path = `/api/v1/incidents/${id}/review`;
    for (const due of ['2026-13-45', '2026-02-30', '2026-1-5']) {
      const english = await server.request('PUT', path, { token: carol, body: { actionItems: [{ text: 'canary', owner: 'erin', due }] } });
      expect(english.status, due).toBe(400);
      expect(english.body.error).toEqual({ code: 'invalid_request', message: 'The request is not valid: “actionItems[0].due” must be a real date, written YYYY-MM-DD' });
      const chinese = await server.request('PUT', path, { token: mei, body: { actionItems: [{ text: 'canary', owner: 'erin', due }] } });
      expect(chinese.status, due).toBe(400);
      expect(chinese.body.error.message).toBe('请求无效：“actionItems[0].due”必须是实际存在的日期，格式为 YYYY-MM-DD');
    }
    expect(await markdown(id)).not.toContain('(due 2026-');

    const leap = await server.request('PUT', path, { token: carol, body: { actionItems: [{ text: 'canary', owner: 'erin', due: '2028-02-29' }] } });
    expect(leap.status).toBe(200);
    expect(await markdown(id)).toContain('- [ ] canary (Erin Evans (@erin)) (due 2028-02-29) `sev2_');
    expect(await markdown(id, mei)).toContain('- [ ] canary (Erin Evans (@erin))（截止日期：2028-02-29）`sev2_');
  });

  it('gives a review drafted for an alert’s incident no owner, and says how to assign one', async () => {
    expect((await server.request('POST', '/v2/enqueue', { body: { routing_key: API_KEY, event_action: 'trigger', dedup_key: 'api-5xx', payload: { summary: 'api 5xx above 5%', source: 'lb-1', severity: 'critical' } } })).status).toBe(202);
    const opened = await until(async () => {
      const open = await server.request('GET', '/api/v1/incidents?status=open', { token: carol });
      return open.body.incidents.find((row: { title: string }) => row.title === 'api 5xx above 5%');
    }, 'the incident the alert opened');
    const room = `inc-${opened.id}`;
    expect(texts(await server.say(room, '!resolve', carol))).toContain(`Incident #${opened.id} resolved`);

    const drafted = await lineStarting(room, `Post-incident review drafted for incident #${opened.id}`);
    const { body } = await review(opened.id);
    expect(body.owner).toBeNull();
    const due = body.dueAt.slice(0, 10);
    const assign = `PUT /api/v1/incidents/${opened.id}/review {"owner": "…"}`;
    expect(drafted).toBe(
      `Post-incident review drafted for incident #${opened.id}: nobody owns it yet, meeting due by ${due}. Assign an owner on its page /incidents/${opened.id}/review or with ${assign}; export it at /api/v1/incidents/${opened.id}/review.md.`,
    );
    expect(await lineStarting(room, `The post-incident review of incident #${opened.id}`)).toBe(
      `The post-incident review of incident #${opened.id} is due on ${due} and nobody owns it yet. Assign an owner on its page /incidents/${opened.id}/review or with ${assign}.`,
    );
    expect(await markdown(opened.id)).toContain('\n- Owner: nobody\n');
    expect(await markdown(opened.id, mei)).toContain('\n- 负责人：无人\n');
    expect((await roomLines(room)).join('\n')).not.toContain('alert:api');
    // With no IC, anyone may give it an owner, as the line says.
    const assigned = await server.request('PUT', `/api/v1/incidents/${opened.id}/review`, { token: carol, body: { owner: 'carol' } });
    expect(assigned.body.owner).toBe('carol');
    expect(await markdown(opened.id)).toContain('\n- Owner: Carol Carter (@carol)\n');

    // The database's incidents run in the Chinese lobby; its alert resolving ends the incident with nobody in command.
    const trigger = { routing_key: DB_KEY, event_action: 'trigger', dedup_key: 'db-down', payload: { summary: 'db primary down', source: 'db-1', severity: 'critical' } };
    expect((await server.request('POST', '/v2/enqueue', { body: trigger })).status).toBe(202);
    const zh = await until(async () => {
      const open = await server.request('GET', '/api/v1/incidents?status=open', { token: mei });
      return open.body.incidents.find((row: { title: string }) => row.title === 'db primary down');
    }, 'the incident the database alert opened');
    expect((await server.request('POST', '/v2/enqueue', { body: { routing_key: DB_KEY, event_action: 'resolve', dedup_key: 'db-down' } })).status).toBe(202);
    const zhRoom = `inc-${zh.id}`;
    const zhDrafted = await lineStarting(zhRoom, `已为事件 #${zh.id} 起草事后回顾`);
    const zhDue = (await review(zh.id, mei)).body.dueAt.slice(0, 10);
    const zhAssign = `PUT /api/v1/incidents/${zh.id}/review {"owner": "…"}`;
    expect(zhDrafted).toBe(
      `已为事件 #${zh.id} 起草事后回顾：目前还没有负责人，回顾会议须在 ${zhDue} 前召开。请在回顾页面 /incidents/${zh.id}/review 指定负责人，或调用 ${zhAssign}；导出地址 /api/v1/incidents/${zh.id}/review.md。`,
    );
    expect(await lineStarting(zhRoom, `事件 #${zh.id} 的事后回顾`)).toBe(
      `事件 #${zh.id} 的事后回顾须在 ${zhDue} 前完成，但目前还没有负责人。请在回顾页面 /incidents/${zh.id}/review 指定负责人，或调用 ${zhAssign}。`,
    );
  });

  it('names the review’s states in the reader’s words, and refuses those who may not act with 403', async () => {
    const status = (to: string, token: string) => server.request('POST', `/api/v1/incidents/${id}/review/status`, { token, body: { status: to } });
    const skip = await status('closed', carol);
    expect(skip.status).toBe(409);
    expect(skip.body.error.message).toBe('A review goes Draft → In Review → Reviewed → Closed (In Review may go back to Draft); it cannot go from “Draft” to “Closed”.');
    expect((await status('closed', mei)).body.error.message).toBe('回顾按“草稿 → 回顾中 → 已回顾 → 已关闭”的顺序进行（回顾中可退回草稿），不能从“草稿”变为“已关闭”。');
    expect((await status('draft', carol)).body.error.message).toBe('The review is already “Draft”.');
    expect((await status('draft', mei)).body.error.message).toBe('回顾已经是“草稿”。');

    const notTheIc = await server.request('PUT', `/api/v1/incidents/${id}/review`, { token: dave, body: { owner: 'dave' } });
    expect(notTheIc.status).toBe(403);
    expect(notTheIc.body.error).toEqual({ code: 'refusal.review.only_commander_assigns', message: 'Only the IC (Carol Carter (@carol)) assigns the review’s owner.' });
    const notTheIcZh = await server.request('PUT', `/api/v1/incidents/${id}/review`, { token: lei, body: { owner: 'lei' } });
    expect(notTheIcZh.status).toBe(403);
    expect(notTheIcZh.body.error.message).toBe('只有事件指挥官（Carol Carter (@carol)）能指定回顾负责人。');
    const notTheOwner = await status('in_review', dave);
    expect(notTheOwner.status).toBe(403);
    expect(notTheOwner.body.error.message).toBe('Only Carol Carter (@carol), the review’s owner and the IC, can change its status.');
    expect((await status('in_review', lei)).body.error.message).toBe('只有 Carol Carter (@carol)（回顾负责人兼事件指挥官）能更改其状态。');
    expect((await review(id)).body).toMatchObject({ status: 'draft', owner: 'carol' });
  });
  it('gives the review of an incident nobody took command of to the person who declared it', async () => {
    const declared = await server.say('incident-chat', '!declare 2 search results empty', dave);
    const opened = declared.body.incident.id as number;
    expect(texts(await server.say(`inc-${opened}`, '!resolve', dave))).toContain(`Incident #${opened} resolved`);
    await lineStarting(`inc-${opened}`, `Post-incident review drafted for incident #${opened}`);
    expect((await review(opened)).body.owner).toBe('dave');
  });
  it('refuses a save made on a review that changed since it was loaded, so one editor never wipes another’s action items', async () => {
    const path = `/api/v1/incidents/${id}/review`;
    const loaded = (await review(id)).body;
    const items = loaded.actionItems.map(({ text }: { text: string }) => ({ text }));
    // carol saves a new item first; mei's page was loaded before that.
    const first = await server.request('PUT', path, { token: carol, body: { version: loaded.version, actionItems: [...items, { text: 'write the EU failover runbook' }] } });
    expect(first.status).toBe(200);
    expect(first.body.version).toBeGreaterThan(loaded.version);
    const stale = await server.request('PUT', path, { token: mei, body: { version: loaded.version, actionItems: items }, headers: { 'accept-language': 'zh-CN' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe(`回顾在您打开之后已被别人修改（您打开的是第 ${loaded.version} 版，现在是第 ${first.body.version} 版），本次未保存。请重新加载后再修改，以免覆盖别人的编辑。`);
    expect(itemTexts((await review(id)).body)).toContain('write the EU failover runbook');
    // Loaded again, the same save goes through.
    const again = await server.request('PUT', path, { token: mei, body: { version: first.body.version, sections: { summary: 'Checkout failed for EU customers.' } } });
    expect(again.status).toBe(200);
    expect(itemTexts(again.body)).toContain('write the EU failover runbook');
  });
  /** A SEV-2 the person declared, took command of and resolved, in their own lobby: its review is theirs, reminded of once. */
  async function resolvedBy(handle: 'carol' | 'mei', title: string): Promise<number> {
    const token = handle === 'carol' ? carol : mei;
    const lines = handle === 'carol' ? ['!declare 2', '!ic take', '!resolve'] : ['!宣布 2', '!指挥官 接管', '!解决'];
    const declared = await server.say(handle === 'carol' ? 'incident-chat' : 'incident-chat-zh', `${lines[0]} ${title}`, token);
    const incident = declared.body.incident.id as number;
    await server.say(declared.body.incident.room, lines[1], token);
    await server.say(declared.body.incident.room, lines[2], token);
    // Its one reminder goes out as soon as it is drafted; waiting for it keeps the review's version still from here on.
    const reminder = handle === 'carol' ? `the post-incident review of incident #${incident} is due` : `事件 #${incident} 的事后回顾须在`;
    await until(async () => (await roomLines(declared.body.incident.room)).some((line) => line.includes(reminder)), 'the review reminder', 60_000);
    return incident;
  }

  it('stores nothing of an edit it refuses, the new owner included, and all of one it takes, in one version', async () => {
    for (const [handle, message] of [
      ['carol', 'An action item needs text.'],
      ['mei', '行动项需要内容。'],
    ] as const) {
      const token = () => (handle === 'carol' ? carol : mei);
      const incident = await resolvedBy(handle, 'half applied edit');
      const path = `/api/v1/incidents/${incident}/review`;
      const before = (await review(incident, token())).body;
      const refused = await server.request('PUT', path, { token: token(), body: { version: before.version, owner: 'erin', actionItems: [{ text: '   ' }] } });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toEqual({ code: 'refusal.review.empty_item', message });
      const after = (await review(incident, token())).body;
      expect(after).toMatchObject({ version: before.version, owner: before.owner, actionItems: before.actionItems });

      const taken = await server.request('PUT', path, { token: token(), body: { version: before.version, owner: 'erin', actionItems: [{ text: 'add a canary' }] } });
      expect(taken.status).toBe(200);
      expect(taken.body).toMatchObject({ owner: 'erin', actionItems: [{ text: 'add a canary' }] });
      // A save made on the version before it is refused whole: the owner too.
      const stale = await server.request('PUT', path, { token: token(), body: { version: before.version, owner: 'dave', sections: { impact: 'none' } } });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('review_changed');
      expect((await review(incident, token())).body).toMatchObject({ version: taken.body.version, owner: 'erin', sections: { impact: '' } });
    }
  });

  it('is Reviewed, and so Closed, only once its summary, root cause and impact are written, and says which are empty', async () => {
    for (const [handle, empty, partly] of [
      ['carol', 'The review cannot be “Reviewed” while its Summary, Root cause, Impact are empty. Write them first.', 'The review cannot be “Reviewed” while its Root cause is empty. Write it first.'],
      ['mei', '回顾的摘要、根本原因、影响尚未填写，还不能标记为“已回顾”。请先填写。', '回顾的根本原因尚未填写，还不能标记为“已回顾”。请先填写。'],
    ] as const) {
      const token = () => (handle === 'carol' ? carol : mei);
      const incident = await resolvedBy(handle, 'review with empty sections');
      const status = (to: string) => server.request('POST', `/api/v1/incidents/${incident}/review/status`, { token: token(), body: { status: to } });
      const edit = (sections: Record<string, string>) => server.request('PUT', `/api/v1/incidents/${incident}/review`, { token: token(), body: { sections } });
      expect((await status('in_review')).status).toBe(200);
      const refused = await status('reviewed');
      expect(refused.status).toBe(409);
      expect(refused.body.error).toEqual({ code: 'refusal.review.unwritten', message: empty });
      expect((await status('closed')).status).toBe(409);
      expect((await edit({ summary: 'Checkout failed for EU customers.', rootCause: '  ', impact: '12% of orders failed for 20 minutes.' })).status).toBe(200);
      expect((await status('reviewed')).body.error.message).toBe(partly);
      expect((await review(incident, token())).body.status).toBe('in_review');
      expect((await edit({ rootCause: 'A deploy removed the EU payment route.' })).status).toBe(200);
      expect((await status('reviewed')).body.status).toBe('reviewed');
      expect((await status('closed')).body.status).toBe('closed');
    }
  });

  it('shows on the review’s timeline who acknowledged each page, and when', async () => {
    const opened = (await server.say('incident-chat', '!ic page orders are stuck', dave)).body.incident.id as number;
    const rows = await until(async () => {
      const pages = (await server.request('GET', `/api/v1/incidents/${opened}/pages`, { token: carol })).body.pages as { person: string; shadow?: boolean }[];
      return pages.some((row) => !row.shadow) ? pages : undefined;
    }, 'the IC page');
    const person = rows.find((row) => !row.shadow)!.person;
    const acked = await server.request('POST', `/api/v1/pages/${opened}-1/ack`, { token: await server.token(person) });
    expect(acked.status, JSON.stringify(acked.body)).toBe(200);
    await server.say(`inc-${opened}`, '!ic take', dave);
    await server.say(`inc-${opened}`, '!resolve', dave);
    await lineStarting(`inc-${opened}`, `Post-incident review drafted for incident #${opened}`);
    const md = await markdown(opened);
    const line = md.split('\n').find((row) => row.includes(`Acknowledged page ${opened}-1`));
    expect(line, md).toMatch(new RegExp(`^\\| \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC \\| .*\\(@${person}\\) \\| Acknowledged page ${opened}-1 \\|$`));
    expect(await markdown(opened, mei)).toContain(`确认了呼叫 ${opened}-1`);
  });

  it('takes “these pages were noise” from anyone in the room, even after the resolve, into the review’s timeline in both languages', async () => {
    const opened = (await server.say('incident-chat', '!ic page disk almost full on backup host', dave)).body.incident.id as number;
    const room = `inc-${opened}`;
    expect(texts(await server.say(room, '!noise', erin))).toBe('Erin Evans (@erin) marked this incident’s pages as noise: not worth waking anyone for. It goes into the review.');
    await server.say(room, '!ic take', dave);
    await server.say(room, '!resolve', dave);
    // After the resolve, as the feedback usually comes.
    expect(texts(await server.say(room, '!noise fires on every nightly backup', erin))).toBe(
      'Erin Evans (@erin) marked this incident’s pages as noise: fires on every nightly backup. It goes into the review.',
    );
    // The room answers in its own language, whatever words the command was typed in.
    expect(texts(await server.say(room, '!噪音 备份时磁盘告警 | 每晚都响', mei))).toBe('王美 (@mei) marked this incident’s pages as noise: 备份时磁盘告警 | 每晚都响. It goes into the review.');
    expect(texts(await server.say(room, '!help noise', dave))).toContain('!noise [reason]');
    await lineStarting(room, `Post-incident review drafted for incident #${opened}`);
    const md = await markdown(opened);
    expect(md).toContain('| Erin Evans (@erin) | Erin Evans (@erin) marked the pages as noise |');
    expect(md).toContain('| Erin Evans (@erin) | Erin Evans (@erin) marked the pages as noise: fires on every nightly backup |');
    expect(md).toContain('王美 (@mei) marked the pages as noise: 备份时磁盘告警 \\| 每晚都响 |');
    expect(await markdown(opened, mei)).toContain('王美 (@mei) 将呼叫标记为噪音：备份时磁盘告警 \\| 每晚都响');
    const timeline = (await server.request('GET', `/api/v1/incidents/${opened}/timeline`, { token: carol })).body;
    expect(JSON.stringify(timeline)).toContain('"type":"noise.reported"');

    const chinese = (await server.say('incident-chat-zh', '!宣布 4 备份主机磁盘告警', mei)).body.incident.room as string;
    expect(texts(await server.say(chinese, '!无效呼叫', mei))).toBe('王美 (@mei) 将本事件的呼叫标记为噪音：不值得叫醒任何人。此反馈将写入复盘。');
    expect(texts(await server.say(chinese, '!帮助 噪音', mei))).toContain('!噪音 [原因]');
  });
});
