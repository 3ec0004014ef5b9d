import { afterEach, describe, expect, it } from 'vitest';
import { ServerProcess, STORES, storeEnv } from '../support/server-process.js';

const servers: ServerProcess[] = [];
async function start(options?: Parameters<typeof ServerProcess.start>[0]) {
  const server = await ServerProcess.start(options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

// Each case starts and kills servers and spawns CLIs: on a busy 2-core machine that can pass 30 s.
describe.each(STORES)('durability on %s', { timeout: 90_000 }, (store) => {
  it('keeps an answered command through kill -9', async () => {
    const server = await start({ env: storeEnv(store) });
    const carol = await server.token('carol');
    const declared = await server.say('incident-chat', '!declare 2 checkout errors', carol);
    const id = declared.body.incident.id;
    const answered = await server.say('incident-chat', '!note the answer came back before the crash', carol);
    expect(answered.body.replies[0].text).toBe('Note #1 added to the timeline.');
    await server.restart();
    const timeline = await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: carol });
    expect(timeline.body.events.at(-1)).toMatchObject({ type: 'note.added', text: 'the answer came back before the crash' });
    const history = await server.request('GET', '/api/v1/rooms/incident-chat/messages', { token: carol });
    expect(history.body.messages.at(-1).text).toBe('Note #1 added to the timeline.');
  });

  it('applies fifty concurrent commands exactly once with contiguous versions', async () => {
    const server = await start({ env: storeEnv(store) });
    const tokens = await Promise.all(['alice', 'bob', 'carol', 'dave', 'erin'].map((person) => server.token(person)));
    const id = (await server.say('incident-chat', '!declare 1 everything is on fire', tokens[0])).body.incident.id;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) => server.say('incident-chat', `!note finding ${index}`, tokens[index % tokens.length])),
    );
    expect(results.every((result) => result.status === 200 && !result.body.replies[0].error)).toBe(true);
    const timeline = await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: tokens[0] });
    const events = timeline.body.events;
    // Declared, the IC paged and public updates started (it is a SEV-1), then the 50 notes.
    expect(events.map((event: { version: number }) => event.version)).toEqual(Array.from({ length: 53 }, (_, index) => index + 1));
    const notes = events.filter((event: { type: string }) => event.type === 'note.added');
    expect(new Set(notes.map((note: { text: string }) => note.text)).size).toBe(50);
    expect(notes.map((note: { n: number }) => note.n).sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
  });

  it('keeps the status monitor through a restart without doubling its posts', async () => {
    const server = await start({ env: storeEnv(store), config: (config) => (config.timers.statusStalkSeconds = 1) });
    const carol = await server.token('carol');
    const room = (await server.say('incident-chat', '!declare 2 slow api', carol)).body.incident.room;
    expect((await server.say('incident-chat', '!status stalk', carol)).body.replies[0].text).toContain('every 1 seconds');

    const stalkPosts = async () => {
      const history = await server.request('GET', `/api/v1/rooms/${room}/messages?limit=1000`, { token: carol });
      return history.body.messages.filter((message: { kind: string }) => message.kind === 'status-stalk');
    };
    await waitUntil(async () => ((await stalkPosts()).length >= 2 ? true : undefined), 'two stalk posts');
    await server.restart();
    const before = (await stalkPosts()).length;
    await waitUntil(async () => ((await stalkPosts()).length >= before + 2 ? true : undefined), 'stalk posts after the restart');
    expect((await server.say('incident-chat', '!status unstalk', carol)).body.replies[0].text).toBe('Status monitor off.');

    const posts = await stalkPosts();
    expect(posts[0].text).toContain('slow api');
    const ticks = posts.map((post: { tick: string }) => post.tick);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect([...ticks].sort()).toEqual(ticks);

    const settled = posts.length;
    await sleep(2500);
    expect((await stalkPosts()).length).toBe(settled);
  });
});
