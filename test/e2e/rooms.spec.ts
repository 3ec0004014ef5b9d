import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, STORES, storeEnv } from '../support/server-process.js';

const API_KEY = 't4p469tasznf3h9hevbta1hkkfkvdv5p';
const DB_KEY = '9t370pfqsehcwzl3ysyc06t8q66udrpv';

type Said = { status: number; body: { replies: { text: string; error?: boolean }[]; incident: { id: number; room: string } | null } };
const texts = (result: Said) => result.body.replies.map((reply) => reply.text).join('\n');

function trigger(dedupKey: string, summary: string, routingKey: string) {
  return { routing_key: routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary, source: 'db-1.example.com', severity: 'warning' } };
}

/** What a live stream delivers within `ms`: the raw text/event-stream body. */
function liveFor(server: ServerProcess, token: string, after: number, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.url}/api/v1/live?after=${after}`, { headers: { authorization: `Bearer ${token}` } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      setTimeout(() => {
        request.destroy();
        resolve(body);
      }, ms);
    });
    request.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
    request.end();
  });
}

describe.each(STORES)('every incident its own room, against the real server on %s', (store) => {
  let server: ServerProcess;
  const token: Record<string, string> = {};

  beforeAll(async () => {
    server = await ServerProcess.start({ env: storeEnv(store) });
    for (const person of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'mei']) token[person] = await server.token(person);
    // A server and seven CLI runs: on a loaded 2-core machine this can take past a minute.
  }, 180_000);
  afterAll(() => server?.stop());

  const say = (room: string, text: string, person: string) => server.say(room, text, token[person]) as Promise<Said>;
  const lines = async (room: string, person: string) =>
    (await server.request('GET', `/api/v1/rooms/${room}/messages?limit=1000`, { token: token[person] })).body.messages.map((message: { text: string }) => message.text);

  it('opens a room per incident: lines land on their own incident, and the lobby asks which when several are open', async () => {
    const first = await say('incident-chat', '!ic page db is down', 'carol');
    const second = await say('incident-chat', '!ic page checkout is broken', 'dave');
    const [a, b] = [first.body.incident!, second.body.incident!];
    expect(a.id).not.toBe(b.id);
    expect([a.room, b.room]).toEqual([`inc-${a.id}`, `inc-${b.id}`]);
    expect(texts(first)).toContain(`#inc-${a.id}-db-is-down`);
    expect(texts(second)).toContain(`!ic page #${a.id}`);

    await say(a.room, '!note replica lag is 40 s', 'carol');
    await say(b.room, '!note payment provider answers 502', 'dave');
    await say(a.room, 'is the primary still up?', 'erin');
    expect((await lines(a.room, 'carol')).join('\n')).not.toContain('payment provider');
    expect((await lines(b.room, 'carol')).join('\n')).not.toContain('replica lag');
    expect(await lines(a.room, 'carol')).toContain('is the primary still up?');

    const ambiguous = await say('incident-chat', '!note which one is this for?', 'erin');
    expect(ambiguous.body.replies[0].error).toBe(true);
    expect(texts(ambiguous)).toContain(`#${a.id}`);
    expect(texts(ambiguous)).toContain(`#${b.id}`);
    const named = await say('incident-chat', `!note #${b.id} rolled back the payment client`, 'erin');
    expect(named.body.incident!.id).toBe(b.id);
    const incidentB = await server.request('GET', `/api/v1/incidents/${b.id}`, { token: token.erin });
    expect(incidentB.body.notes.map((note: { text: string }) => note.text)).toContain('rolled back the payment client');
    const incidentA = await server.request('GET', `/api/v1/incidents/${a.id}`, { token: token.erin });
    expect(incidentA.body.notes.map((note: { text: string }) => note.text)).toEqual(['replica lag is 40 s']);

    const status = texts(await say('incident-chat', '!status', 'erin'));
    expect(status).toContain(`#${a.id} SEV-2 db is down`);
    expect(status).toContain(`#${b.id} SEV-2 checkout is broken`);

    const rooms = await server.request('GET', '/api/v1/rooms', { token: token.erin });
    const names = rooms.body.rooms.map((room: { name: string }) => room.name);
    expect(names).toEqual(expect.arrayContaining(['incident-chat', a.room, b.room]));
    expect(rooms.body.rooms.find((room: { name: string }) => room.name === a.room)).toMatchObject({ kind: 'incident', incident: a.id, parent: 'incident-chat' });

    for (const id of [a.id, b.id]) await say(`inc-${id}`, '!resolve', 'erin');
    // A resolved incident's room still takes its notes, and nothing else's.
    const late = await say(a.room, '!note root cause: a full disk on db-2', 'carol');
    expect(late.body.incident!.id).toBe(a.id);
  });

  it('refuses bad targets, merges and sub-teams clearly, storing nothing', async () => {
    const opened = await say('incident-chat', '!declare 3 slow search', 'carol');
    const room = opened.body.incident!.room;
    const before = (await lines(room, 'carol')).length;
    const cases: [string, string][] = [
      [`!note #999 nothing here`, 'There is no incident #999 you can see'],
      [`!note #abc typo`, '“#abc” does not name an incident'],
      [`!merge #${opened.body.incident!.id}`, 'cannot be merged into itself'],
      [`!subteam`, 'Say which person'],
      [`!subteam alpha nobody`, 'I do not know “nobody”'],
    ];
    for (const [line, expected] of cases) {
      const result = await say(room, line, 'carol');
      expect(result.body.replies[0]?.error, line).toBe(true);
      expect(texts(result), line).toContain(expected);
    }
    const resolved = await say('incident-chat', '!declare 4 old thing', 'dave');
    await say(resolved.body.incident!.room, '!resolve', 'dave');
    expect(texts(await say(room, `!merge #${resolved.body.incident!.id}`, 'carol'))).toContain('only open incidents can be merged');
    const secret = await say('security-incident', '!declare 2 key leak', 'frank');
    const hidden = await say(room, `!merge #${secret.body.incident!.id}`, 'carol');
    expect(texts(hidden)).toBe(texts(await say(room, '!merge #99999', 'carol')).replace('99999', String(secret.body.incident!.id)));
    expect((await lines(room, 'carol')).length).toBe(before);
    await say(room, '!resolve', 'carol');
  });

  it('opens sub-team rooms whose tasks show under the sub-team in the parent’s status', async () => {
    const opened = await say('incident-chat', '!declare 1 region eu-west down', 'alice');
    const { id, room } = opened.body.incident!;
    await say(room, '!ic take', 'alice');
    const team = await say(room, '!subteam alpha dave', 'alice');
    expect(texts(team)).toContain(`#inc-${id}-alpha`);
    const task = await say(`inc-${id}-alpha`, '!task erin drain eu-west-1a', 'dave');
    expect(task.body.incident!.id).toBe(id);
    const status = texts(await say(room, '!status', 'alice'));
    expect(status).toMatch(/Sub-team alpha · lead Dave Davies \(@dave\).*open tasks: #1 Erin/);
    const rooms = await server.request('GET', '/api/v1/rooms', { token: token.erin });
    expect(rooms.body.rooms).toContainEqual(expect.objectContaining({ name: `inc-${id}-alpha`, kind: 'subteam', parent: room, lead: 'dave' }));
    await say(room, '!resolve', 'alice');
  });

  it('opens an incident per alerting service, merges one into another, and routes that group’s later alerts to the merged one', async () => {
    const api = await server.request('POST', '/v2/enqueue', { body: trigger('api-5xx', 'api answers 500', API_KEY) });
    expect(api.status).toBe(202);
    const db = await server.request('POST', '/v2/enqueue', { body: trigger('db-lag', 'replica lag high', DB_KEY) });
    expect(db.status).toBe(202);
    const open = (await server.request('GET', '/api/v1/incidents?status=open', { token: token.carol })).body.incidents;
    const apiIncident = open.find((row: { title: string }) => row.title === 'api answers 500');
    const dbIncident = open.find((row: { title: string }) => row.title === 'replica lag high');
    expect(apiIncident && dbIncident && apiIncident.id !== dbIncident.id).toBe(true);
    expect(await lines('incident-chat', 'carol')).toEqual(expect.arrayContaining([expect.stringContaining(`#inc-${dbIncident.id}-replica-lag-high`)]));

    await say(apiIncident.room, '!ic take', 'carol');
    const merged = await say(apiIncident.room, `!merge #${dbIncident.id}`, 'carol');
    expect(texts(merged)).toContain(`Incident #${dbIncident.id} (replica lag high) is merged into #${apiIncident.id}`);
    const gone = await server.request('GET', `/api/v1/incidents/${dbIncident.id}`, { token: token.carol });
    expect(gone.body).toMatchObject({ status: 'resolved', mergedInto: apiIncident.id });
    expect(texts(await say(dbIncident.room, '!status', 'carol'))).toContain(`Incident #${dbIncident.id} · SEV-4 · merged into #${apiIncident.id} ·`);

    expect((await server.request('POST', '/v2/enqueue', { body: trigger('db-lag-2', 'replica lag on db-3', DB_KEY) })).status).toBe(202);
    const after = (await server.request('GET', '/api/v1/incidents?status=open', { token: token.carol })).body.incidents;
    expect(after.map((row: { title: string }) => row.title)).not.toContain('replica lag on db-3');
    const alerts = await server.request('GET', `/api/v1/incidents/${apiIncident.id}/alerts`, { token: token.carol });
    expect(alerts.body.merged).toEqual([expect.objectContaining({ incidentId: dbIncident.id })]);
    expect(alerts.body.merged[0].alerts.map((alert: { dedupKey: string }) => alert.dedupKey)).toEqual(['db-lag', 'db-lag-2']);
    expect(alerts.body.alerts.map((alert: { dedupKey: string }) => alert.dedupKey)).toEqual(['api-5xx']);
    await say(apiIncident.room, '!resolve', 'carol');
  });

  it('keeps a private incident declared in an ordinary lobby invisible to everyone but its members', async () => {
    const position = Number((await server.request('GET', '/api/v1/rooms/incident-chat/messages?limit=1', { token: token.bob })).body.messages.at(-1)?.position ?? 0);
    const lobbyBefore = await lines('incident-chat', 'bob');
    const declared = await say('incident-chat', '!declare private 1 payroll export leaked', 'alice');
    const { id, room } = declared.body.incident!;
    await say(room, '!note attacker IP 203.0.113.9', 'alice');

    const never = await server.request('GET', '/api/v1/incidents/987654', { token: token.bob });
    const fetched = await server.request('GET', `/api/v1/incidents/${id}`, { token: token.bob });
    expect(fetched.status).toBe(404);
    expect(JSON.stringify(fetched.body)).toBe(JSON.stringify(never.body).replace('987654', String(id)));
    const list = await server.request('GET', '/api/v1/incidents', { token: token.bob });
    expect(list.body.incidents.map((row: { id: number }) => row.id)).not.toContain(id);
    const rooms = await server.request('GET', '/api/v1/rooms', { token: token.bob });
    expect(JSON.stringify(rooms.body)).not.toContain(room);
    const history = await server.request('GET', `/api/v1/rooms/${room}/messages`, { token: token.bob });
    const nowhere = await server.request('GET', '/api/v1/rooms/inc-987654/messages', { token: token.bob });
    expect(history.status).toBe(404);
    expect(JSON.stringify(history.body)).toBe(JSON.stringify(nowhere.body).replace('inc-987654', room));
    expect(await lines('incident-chat', 'bob')).toEqual(lobbyBefore);
    const stream = await liveFor(server, token.bob, position, 1500);
    expect(stream).not.toContain('payroll');
    expect(stream).not.toContain('203.0.113.9');
    for (const path of ['/status', '/status/feed.atom', '/metrics']) {
      const page = await server.request('GET', path);
      expect(JSON.stringify(page.body), path).not.toContain('payroll');
    }

    // Private: no public prompts for its SEV-1, and nothing goes out until the IC turns communication on.
    const events = (await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: token.alice })).body.events.map((event: { type: string }) => event.type);
    expect(events).not.toContain('public.started');
    const draft = await say(room, '!public We are investigating', 'alice');
    expect(draft.body.replies[0]).toMatchObject({ error: true, text: expect.stringContaining('!public on') });
    expect(texts(await say(room, '!public on', 'alice'))).toContain('Communication is on');
    expect((await say(room, '!public We are investigating', 'alice')).body.replies[0].error).toBeFalsy();

    await say(room, '!invite bob', 'alice');
    expect((await server.request('GET', `/api/v1/incidents/${id}`, { token: token.bob })).status).toBe(200);
    expect(await lines(room, 'bob')).toContain('!note attacker IP 203.0.113.9');

    const paged = await say(room, '!ic page need an IC for the leak', 'alice');
    expect(paged.body.replies.some((reply) => reply.error)).toBe(false);
    const timeline = await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: token.alice });
    const page = timeline.body.events.find((event: { type: string }) => event.type === 'commander.paged');
    for (const person of [page.primary, page.backup].filter(Boolean) as string[]) {
      const reader = token[person] ?? (await server.token(person));
      expect((await server.request('GET', `/api/v1/incidents/${id}`, { token: reader })).status, person).toBe(200);
    }
  });

  it('lets someone invited into a private lobby’s current incident read none of that lobby’s earlier incidents', async () => {
    const earlier = await say('security-incident', '!declare 2 rotated keys for customer ACME', 'frank');
    await say(earlier.body.incident!.room, '!resolve', 'frank');
    const current = await say('security-incident', '!declare 1 Operation Nightjar', 'frank');
    await say(current.body.incident!.room, '!invite dave', 'frank');
    expect((await server.request('GET', `/api/v1/incidents/${current.body.incident!.id}`, { token: token.dave })).status).toBe(200);
    expect((await server.request('GET', `/api/v1/incidents/${earlier.body.incident!.id}`, { token: token.dave })).status).toBe(404);
    expect((await server.request('GET', `/api/v1/rooms/${earlier.body.incident!.room}/messages`, { token: token.dave })).status).toBe(404);
    expect((await server.request('GET', '/api/v1/rooms/security-incident/messages', { token: token.dave })).status).toBe(404);
    const visible = await server.request('GET', '/api/v1/incidents', { token: token.dave });
    expect(JSON.stringify(visible.body)).not.toContain('ACME');
  });
});
