import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, storeEnv } from '../support/server-process.js';

/** Reads `text/event-stream` until `done` says so (or the time runs out). */
async function readUntil(url: string, token: string, done: (data: any) => boolean, timeoutMs: number): Promise<any[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const seen: any[] = [];
  try {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return seen;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (!data) continue;
        seen.push(JSON.parse(data.slice('data: '.length)));
        if (done(seen.at(-1))) {
          controller.abort();
          return seen;
        }
      }
    }
  } catch (error) {
    if (controller.signal.aborted) return seen;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Two instances on one PostgreSQL database: a client of the live feed on
 * instance B sees a line typed on instance A. B's own polling is turned far
 * down, so only the database's notification can bring it over.
 */
describe('the live feed across instances on PostgreSQL', () => {
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    const options = { env: { DONT_PANIC_LIVE_POLL_MS: '600000', ...storeEnv('postgres') } };
    a = await ServerProcess.start(options);
    b = await ServerProcess.start({ ...options, dataDir: a.dataDir });
  }, 60_000);
  afterAll(async () => {
    await b?.kill('SIGTERM');
    await a?.stop();
  });

  it('brings a note typed on A to a live client of B', async () => {
    const token = await a.token('carol');
    const declared = await a.say('incident-chat', '!declare 2 queue backlog growing', token);
    const room = declared.body.incident.room;
    const hello = await readUntil(`${b.url}/api/v1/live`, token, () => true, 10_000);
    expect(hello[0]).toMatchObject({ position: expect.any(Number) });

    let note = false;
    let line = false;
    const live = readUntil(`${b.url}/api/v1/live?after=${hello[0].position}`, token, (data) => {
      note ||= data.kind === 'incident' && data.event?.text === 'drained partition 7';
      line ||= data.kind === 'room' && data.message?.text === '!note drained partition 7';
      return note && line;
    }, 20_000);
    // The feed on B is open (its hello came) before the line is typed on A.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await a.say(room, '!note drained partition 7', token)).status).toBe(200);
    const seen = await live;
    expect(seen.find((data) => data.kind === 'incident' && data.event?.type === 'note.added')).toMatchObject({ incidentId: declared.body.incident.id, event: { text: 'drained partition 7', actor: 'carol' } });
    expect(seen.find((data) => data.kind === 'room' && data.message?.text === '!note drained partition 7')).toMatchObject({ room });
  });
});
