import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, STORES, storeEnv } from '../support/server-process.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { pagingConfig } from '../support/paging-config.js';

interface Said {
  status: number;
  body: { replies: { text: string; error?: boolean }[] };
}
const texts = (said: Said) => said.body.replies.map((reply) => reply.text).join('\n');

describe.each(STORES)('taking an on-call shift from chat (!oncall take), on %s', { timeout: 90_000 }, (store) => {
  let smtp: SmtpSink;
  let server: ServerProcess;
  let carol: string;
  let dave: string;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    // alice is the primary IC on call, bob the backup; carol is an admin, so she may change any schedule.
    const configure = pagingConfig({ smtp }, 30);
    server = await ServerProcess.start({ config: (config) => { configure(config); config.admins = ['carol']; }, env: storeEnv(store) });
    [carol, dave] = await Promise.all([server.token('carol'), server.token('dave')]);
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  it('lists who is on call by schedule, and a shift taken from chat is who !ic names and who a page reaches', async () => {
    const before: Said = await server.say('incident-chat', '!oncall', dave);
    expect(texts(before)).toContain('On call now, by schedule (take a shift with !oncall take <schedule> <duration>):');
    expect(texts(before)).toContain('• ic-primary: Alice Anderson (@alice)');

    // dave is neither on the rotation nor an admin: refused, with who may.
    const refused: Said = await server.say('incident-chat', '!oncall take ic-primary 1h', dave);
    expect(refused.body.replies).toEqual([
      { text: 'You may not change who is on call for ic-primary: no team owns it, so apart from the people on its rotation only admins (carol) may. Ask an admin.', error: true },
    ]);

    const taken: Said = await server.say('incident-chat', '!oncall take ic-primary 2h', carol);
    expect(taken.status).toBe(200);
    const listed = await server.request('GET', '/api/v1/oncall/schedules/ic-primary/overrides', { token: carol });
    expect(listed.body.overrides).toHaveLength(1);
    const override = listed.body.overrides[0] as { person: string; start: string; end: string; by: string };
    expect(override).toMatchObject({ person: 'carol', by: 'carol' });
    expect(Date.parse(override.end) - Date.parse(override.start)).toBe(2 * 3_600_000);
    const end = `${override.end.slice(0, 16).replace('T', ' ')} UTC`;
    expect(texts(taken)).toBe(`Carol Carter (@carol) is on call for ic-primary until ${end}, taking over from Alice Anderson (@alice).`);
    // The line and its answer stay in the room's history, as any command's.
    const history = await server.request('GET', '/api/v1/rooms/incident-chat/messages', { token: dave });
    expect(history.body.messages.map((message: { text: string }) => message.text)).toEqual(expect.arrayContaining(['!oncall take ic-primary 2h', texts(taken)]));

    expect(texts(await server.say('incident-chat', '!ic', dave))).toContain('Carol Carter (@carol)');
    const page: Said = await server.say('incident-chat', '!ic page checkout is failing', dave);
    expect(texts(page)).toContain('primary Carol Carter (@carol) and backup Bob Boberson (@bob)');
    await smtp.waitFor((mail) => mail.to.includes('carol@example.com') && mail.subject.includes('you are paged'));

    // Ending the shift early: only the one who covers it has a shift to end; then the rotation is on call again.
    const notHis: Said = await server.say('incident-chat', '!oncall end ic-primary', dave);
    expect(notHis.body.replies).toEqual([{ text: 'Dave Davies (@dave) is not covering ic-primary now, so there is no shift to end. !oncall shows who is on call.', error: true }]);
    const ended: Said = await server.say('incident-chat', '!oncall end ic-primary', carol);
    expect(texts(ended)).toBe('Carol Carter (@carol) is no longer on call for ic-primary; on call now: Alice Anderson (@alice).');
    expect((await server.request('GET', '/api/v1/oncall/schedules/ic-primary/overrides', { token: carol })).body.overrides).toEqual([]);
    expect(texts(await server.say('incident-chat', '!oncall', dave))).toContain('• ic-primary: Alice Anderson (@alice)');
  });

  it('warns when one person becomes both the primary and the backup IC on call', async () => {
    expect(texts(await server.say('incident-chat', '!oncall take ic-primary 1h', carol))).not.toContain('Warning');
    const both: Said = await server.say('incident-chat', '!oncall take ic-backup 1h', carol);
    expect(texts(both).split('\n')).toEqual([
      expect.stringMatching(/^Carol Carter \(@carol\) is on call for ic-backup until .+, taking over from Bob Boberson \(@bob\)\.$/),
      'Warning: Carol Carter (@carol) is now both the primary and the backup IC on call (ic-primary, ic-backup), so a page of the IC has no backup. Ask someone else to take the other one.',
    ]);
    for (const schedule of ['ic-primary', 'ic-backup']) expect((await server.say('incident-chat', `!oncall end ${schedule}`, carol)).status).toBe(200);
    expect(texts(await server.say('incident-chat', '!ic', dave))).toContain('Alice Anderson (@alice)');
  });

  it('speaks Chinese in a Chinese room, and says how to write a length of time', async () => {
    const now: Said = await server.say('incident-chat-zh', '!值班', dave);
    expect(texts(now)).toContain('各排班当前的值班人（用 !值班 接替 <排班> <时长> 接替值班）：');
    expect(texts(now)).toContain('• ic-backup：Bob Boberson (@bob)');
    const wrong: Said = await server.say('incident-chat-zh', '!值班 接替 ic-backup 两小时', carol);
    expect(wrong.body.replies[0].error).toBe(true);
    expect(wrong.body.replies[0].text).toContain('“两小时”不是时长：请写成 30分钟、2小时 或 1天（也可写 30m、2h、1d）。');
    const taken: Said = await server.say('incident-chat-zh', '!值班 接替 ic-backup 30分钟', carol);
    expect(texts(taken)).toMatch(/^Carol Carter \(@carol\) 接替 Bob Boberson \(@bob\) 在 ic-backup 值班，至 \d{4}-\d\d-\d\d \d\d:\d\d UTC。$/);
    const ended: Said = await server.say('incident-chat-zh', '!值班 结束 ic-backup', carol);
    expect(texts(ended)).toBe('Carol Carter (@carol) 已结束在 ic-backup 的值班；当前值班人：Bob Boberson (@bob)。');
  });
});
