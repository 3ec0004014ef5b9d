import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the cadence the runbook asks for: time calls and IC hand-over', () => {
  let server: ServerProcess;
  let alice: string;

  beforeAll(async () => {
    server = await ServerProcess.start({
      config: (config) => {
        // Test-shortened: a time call every 1.2 s, hand-over suggested after 1.8 s and insisted on after 3.6 s.
        Object.assign(config.timers, { deputyTimeCallMinutes: 0.02, handoverSuggestMinutes: 0.03, handoverInsistMinutes: 0.06 });
      },
    });
    alice = await server.token('alice');
  });
  afterAll(() => server?.stop());

  let room = '';
  async function posts(kind: string): Promise<{ text: string }[]> {
    const history = await server.request('GET', `/api/v1/rooms/${room}/messages?limit=1000`, { token: alice });
    return history.body.messages.filter((message: { kind: string }) => message.kind === kind);
  }

  async function waitFor(kind: string, count: number) {
    for (let tries = 0; tries < 150; tries++) {
      const found = await posts(kind);
      if (found.length >= count) return found;
      await sleep(100);
    }
    throw new Error(`expected ${count} ${kind} posts, got ${(await posts(kind)).length}`);
  }

  it('calls the time, reminds the IC to hand over, and stops when resolved', async () => {
    room = (await server.say('incident-chat-zh', '!宣布 2 支付接口超时', alice)).body.incident.room;
    await server.say('incident-chat-zh', '!角色 副指挥官 mei', alice);
    await server.say('incident-chat-zh', '!指挥官 接管', alice);

    // Time calls keep coming; one after the deputy was named must name them (an early one may say nobody).
    let call: { text: string } | undefined;
    for (let tries = 0; tries < 150 && !call; tries++) {
      call = (await posts('time-call')).find((post) => post.text.includes('@mei'));
      if (!call) await sleep(100);
    }
    expect(call?.text).toMatch(/^⏱ 时间提醒：事件 #\d+ 已持续 ?.+，严重级别 SEV-2。副指挥官：王美 \(@mei\)。$/);
    const [suggest, insist] = await waitFor('handover-reminder', 2);
    expect(suggest.text).toContain('Alice Anderson (@alice) 已担任指挥官');
    expect(suggest.text).toContain('请考虑交接');
    expect(insist.text).toContain('请立即用 !指挥官 移交 <人员> 交接');

    await server.say('incident-chat-zh', '!解决', alice);
    const settled = (await posts('time-call')).length;
    await sleep(2500);
    expect((await posts('time-call')).length).toBe(settled);
    expect((await posts('handover-reminder')).length).toBe(2);
  });

  it('follows the IC: a hand-over restarts the reminder for the new IC only', async () => {
    const opened = (await server.say('incident-chat', '!declare 3 search is slow', alice)).body.incident.room;
    await server.say(opened, '!ic take', alice);
    await server.say(opened, '!ic handover bob', alice);
    const history = async () =>
      (await server.request('GET', `/api/v1/rooms/${opened}/messages?limit=1000`, { token: alice })).body.messages.filter(
        (message: { kind: string }) => message.kind === 'handover-reminder',
      );
    for (let tries = 0; tries < 100 && (await history()).length === 0; tries++) await sleep(100);
    const reminders = await history();
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((reminder: { text: string }) => reminder.text.startsWith('Bob Boberson (@bob) has been the IC'))).toBe(true);
  });
});
