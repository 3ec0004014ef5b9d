import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';
import { until } from '../support/until.js';

const texts = (result: { body: { replies: { text: string }[] } }) => result.body.replies.map((reply) => reply.text).join('\n');

// Cadences shortened to seconds so the timers run within the test.
describe('closing the public notice and reminders that know the state', { timeout: 120_000 }, () => {
  let server: ServerProcess;
  let carol: string;
  let erin: string;
  let room = '';

  beforeAll(async () => {
    server = await ServerProcess.start({
      config: (config) => {
        config.comms.timers = { ...config.comms.timers, publicAutoCloseMinutes: 0.05, firstPublicUpdateMinutes: 0.03, publicUpdateMinutes: 0.03, reminderRepeats: 2, executiveSummaryMinutes: 600 };
      },
    });
    [carol, erin] = await Promise.all([server.token('carol'), server.token('erin')]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const roomLines = async (room: string) =>
    ((await server.request('GET', `/api/v1/rooms/${room}/messages`, { token: carol })).body.messages as { text: string }[]).map((message) => message.text);

  it('reminds the IC of the draft waiting for approval, and stops after the configured repeats', async () => {
    // SEV-3: the public cadence starts with the first draft, so every reminder sees it waiting.
    const declared = await server.say('incident-chat', '!declare 3 payments failing', carol);
    const id = declared.body.incident.id;
    room = declared.body.incident.room;
    await server.say(room, '!ic take', carol);
    await server.say(room, '!role customer erin', carol);
    await server.say(room, '!public [api] Some payments fail. We are investigating.', erin);
    const waiting = await until(async () => {
      const lines = (await roomLines(room)).filter((line) => line.includes('public draft #1 is waiting for the IC'));
      return lines.length >= 2 ? lines : undefined;
    }, 'two reminders of the waiting draft');
    expect(waiting[0]).toBe('Carol Carter (@carol): public draft #1 is waiting for the IC: !approve 1');
    expect((await roomLines(room)).some((line) => line.includes('This is the last reminder (2 sent)'))).toBe(true);
    const timeline = async () => ((await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol })).body.events as { type: string; audience?: string; remind?: string }[]).filter((event) => event.type === 'update.missed' && event.audience === 'public');
    expect((await timeline()).map((event) => event.remind)).toEqual(['carol', 'carol']);
    // Four more intervals pass without a third reminder: they stopped.
    await new Promise((resolve) => setTimeout(resolve, 4 * 0.03 * 60_000));
    expect(await timeline()).toHaveLength(2);
  });

  it('closes the public notice by itself after !resolve, with a neutral line in both languages, and never reminds a resolved incident', async () => {
    const id = (await server.request('GET', '/api/v1/incidents?status=open', { token: carol })).body.incidents[0].id;
    await server.say(room, '!approve 1', carol);
    // Nobody is customer liaison any more: the IC drafts the closing update, and is addressed as the IC.
    expect(texts(await server.say(room, '!role remove customer', carol))).toContain('Erin Evans (@erin) is no longer');
    const resolved = texts(await server.say(room, '!resolve', carol));
    expect(resolved).toContain(`IC Carol Carter (@carol): the status page still shows incident #${id} as published`);
    expect(resolved).toContain('it closes itself with a neutral line in');
    const closed = await until(async () => {
      const page = (await server.request('GET', `/status/incidents/${id}`)).body as string;
      return page.includes('Resolved') ? page : undefined;
    }, 'the auto-close');
    expect(closed).toContain('This incident has been resolved. Thank you for your patience.');
    expect(closed).toContain('Some payments fail. We are investigating.');
    const chinese = (await server.request('GET', `/status/incidents/${id}`, { headers: { 'accept-language': 'zh-CN' } })).body as string;
    expect(chinese).toContain('此事件已解决。感谢您的耐心等待。');
    const events = (await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol })).body.events as { type: string; at: string }[];
    const resolvedAt = events.find((event) => event.type === 'incident.resolved')!.at;
    expect(events.filter((event) => event.type === 'update.missed' && event.at > resolvedAt)).toEqual([]);
    expect(events.filter((event) => event.type === 'public.auto_closed')).toHaveLength(1);
  });

  it('takes a draft of a resolved incident that never went public without starting the public cadence', async () => {
    const declared = await server.say('incident-chat', '!declare 3 search index stale', carol);
    const quiet = declared.body.incident.room;
    await server.say(quiet, '!resolve', carol);
    const draft = texts(await server.say(quiet, '!public [web] Search results were stale for an hour; all fixed.', erin));
    expect(draft).toContain('#1');
    // The draft's own full stop ends the quote; no second one follows it.
    expect(draft).toContain('“Search results were stale for an hour; all fixed.” The IC publishes it with !approve 1.');
    expect(draft).not.toContain('Public updates are due');
    const events = (await server.request('GET', `/api/v1/incidents/${declared.body.incident.id}/timeline`, { token: carol })).body.events as { type: string }[];
    expect(events.map((event) => event.type)).toContain('public.drafted');
    expect(events.map((event) => event.type)).not.toContain('public.started');

    // The services may come as a comma-separated list, as !maintenance takes them.
    await server.say(quiet, '!public api,web Search and checkout are back to normal.', erin);
    const drafts = (await server.request('GET', `/api/v1/incidents/${declared.body.incident.id}/timeline`, { token: carol })).body.events.filter(
      (event: { type: string }) => event.type === 'public.drafted',
    );
    expect(drafts.at(-1)).toMatchObject({ components: ['api', 'web'], text: 'Search and checkout are back to normal.' });
  });
});
