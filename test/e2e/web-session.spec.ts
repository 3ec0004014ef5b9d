import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPassword } from '../support/browser.js';
import { ServerProcess } from '../support/server-process.js';

const PASSWORD = 'correct horse battery';

async function signIn(server: ServerProcess, person: string, password = PASSWORD, headers: Record<string, string> = {}) {
  const result = await server.request('POST', '/api/v1/session', { body: { person, password }, headers });
  const cookie = (result.headers.get('set-cookie') ?? '').split(';')[0];
  return { ...result, cookie, csrf: result.body?.csrfToken as string };
}

/** Reads Server-Sent Events until `until` says enough, then hangs up. */
async function readEvents(url: string, headers: Record<string, string>, until: (events: { id?: string; event?: string; data: any }[]) => boolean) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: { id?: string; event?: string; data: any }[] = [];
  let buffer = '';
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(block.split('\n').filter((line) => line && !line.startsWith(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
        if (fields.data) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
      }
      if (until(events)) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return { status: response.status, type: response.headers.get('content-type'), events };
}

// Each case starts CLI processes or reads a stream; give them room on a busy 2-core machine.
describe('web sessions, over HTTP against the real server', { timeout: 90_000 }, () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await ServerProcess.start();
    for (const person of ['carol', 'bob']) expect((await setPassword(server, person, PASSWORD)).code).toBe(0);
  });
  afterAll(() => server?.stop());

  it('sends pages without a session to sign-in and serves the sign-in page with strict security headers', async () => {
    for (const path of ['/', '/incidents/1', '/rooms/incident-chat', '/declare', '/oncall']) {
      const response = await fetch(server.url + path, { redirect: 'manual' });
      expect(response.status, path).toBe(302);
      expect(response.headers.get('location'), path).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
    const signInPage = await fetch(`${server.url}/signin`);
    expect(signInPage.status).toBe(200);
    expect(signInPage.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(signInPage.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await signInPage.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(server.url + script)).status).toBe(200);
  });

  it('leaks no incident data without a session or token', async () => {
    const carol = await server.token('carol');
    const declared = await server.say('incident-chat', '!declare 2 secret sauce outage', carol);
    const id = declared.body.incident.id;
    for (const path of [
      '/api/v1/incidents',
      `/api/v1/incidents/${id}`,
      `/api/v1/incidents/${id}/timeline`,
      '/api/v1/rooms/incident-chat/messages',
      '/api/v1/live',
      '/api/v1/organisation',
      '/api/v1/oncall',
      '/api/v1/session',
    ]) {
      const result = await server.request('GET', path, { headers: { cookie: '__Host-dp_session=forged' } });
      expect(result.status, path).toBe(401);
      expect(JSON.stringify(result.body), path).not.toContain('secret sauce');
    }
    const page = await fetch(`${server.url}/incidents/${id}`, { redirect: 'manual' });
    expect(await page.text()).not.toContain('secret sauce');
  });

  it('refuses wrong passwords and unknown people alike, in the caller’s language', async () => {
    for (const [person, password] of [['carol', 'wrong password!'], ['nobody', PASSWORD], ['bob', '']]) {
      const result = await signIn(server, person, password);
      expect(result.status, person).toBe(person === 'bob' ? 400 : 401);
      if (person !== 'bob') expect(result.body.error).toEqual({ code: 'invalid_credentials', message: expect.stringContaining('do not match') });
      expect(result.headers.get('set-cookie')).toBeNull();
    }
    const zh = await signIn(server, 'carol', 'wrong password!', { 'accept-language': 'zh-CN' });
    expect(zh.body.error.message).toContain('用户名与密码不匹配');
  });

  it('signs in with a secure, http-only, same-site cookie and protects state-changing requests against CSRF', async () => {
    const session = await signIn(server, 'Carol Carter');
    expect(session.status).toBe(200);
    const setCookie = session.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^__Host-dp_session=[\w-]{43}; Path=\/; Max-Age=\d+; HttpOnly; Secure; SameSite=Strict$/);
    expect(session.body.person).toEqual({ handle: 'carol', name: 'Carol Carter', locale: 'en', timezone: 'Europe/Berlin' });
    expect(session.body.csrfToken).toMatch(/^[\w-]{32}$/);

    const cookie = { cookie: session.cookie };
    expect((await server.request('GET', '/api/v1/incidents', { headers: cookie })).status).toBe(200);
    const before = (await server.request('GET', '/api/v1/rooms/incident-chat/messages', { headers: cookie })).body.messages.length;

    const attempts: [string, Record<string, string>][] = [
      ['no token', cookie],
      ['wrong token', { ...cookie, 'x-csrf-token': 'x'.repeat(32) }],
      ['other site', { ...cookie, 'x-csrf-token': session.csrf, origin: 'https://evil.example' }],
    ];
    for (const [name, headers] of attempts) {
      const result = await server.request('POST', '/api/v1/rooms/incident-chat/messages', { headers, body: { text: 'forged line' } });
      expect(result.status, name).toBe(403);
      expect(result.body.error.code, name).toBe('csrf');
    }
    expect((await server.request('GET', '/api/v1/rooms/incident-chat/messages', { headers: cookie })).body.messages.length).toBe(before);

    const posted = await server.request('POST', '/api/v1/rooms/incident-chat/messages', {
      headers: { ...cookie, 'x-csrf-token': session.csrf, origin: server.url },
      body: { text: 'hello from the browser' },
    });
    expect(posted.status).toBe(200);
    const lines = (await server.request('GET', '/api/v1/rooms/incident-chat/messages', { headers: cookie })).body.messages;
    expect(lines.at(-1)).toMatchObject({ author: 'carol', text: 'hello from the browser' });

    const signOut = await server.request('DELETE', '/api/v1/session', { headers: { ...cookie, 'x-csrf-token': session.csrf } });
    expect(signOut.status).toBe(200);
    expect(signOut.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await server.request('GET', '/api/v1/incidents', { headers: cookie })).status).toBe(401);
  });

  it('signs a person out everywhere when their password changes, and checks the password it is given', async () => {
    const session = await signIn(server, 'bob');
    expect((await server.request('GET', '/api/v1/session', { headers: { cookie: session.cookie } })).status).toBe(200);
    expect((await setPassword(server, 'bob', 'a brand new password')).code).toBe(0);
    expect((await server.request('GET', '/api/v1/session', { headers: { cookie: session.cookie } })).status).toBe(401);
    expect((await signIn(server, 'bob', PASSWORD)).status).toBe(401);
    expect((await signIn(server, 'bob', 'a brand new password')).status).toBe(200);

    const short = await setPassword(server, 'bob', 'short');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('Choose a password of 10 to 1024 characters');
    const unknown = await setPassword(server, 'zed', PASSWORD);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown person “zed”');
  });

  it('streams room lines and incident events live, and resumes after Last-Event-ID with every missed event once, in order', async () => {
    const session = await signIn(server, 'carol');
    const headers = { cookie: session.cookie };
    const token = await server.token('carol');
    const room = (await server.say('incident-chat', '!declare 4 live updates look stale', token)).body.incident.room;
    const hello = await readEvents(`${server.url}/api/v1/live`, headers, () => true);
    expect(hello.status).toBe(200);
    expect(hello.type).toContain('text/event-stream');
    expect(hello.events[0]).toMatchObject({ event: 'hello', data: { position: expect.any(Number) } });
    const from = hello.events[0].data.position as number;

    await server.say(room, '!note first while away', token);
    await server.say(room, 'second while away', token);
    await server.say(room, '!note third while away', token);

    const noteReplies = (events: { data: any }[]) => events.filter((event) => /^Note #\d+ added/.test(event.data.message?.text ?? '')).length;
    const resumed = await readEvents(`${server.url}/api/v1/live`, { ...headers, 'last-event-id': String(from) }, (events) => noteReplies(events) === 2);
    const items = resumed.events.filter((event) => event.event === undefined);
    const positions = items.map((event) => Number(event.id));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(positions.length);
    expect(positions.every((position) => position > from)).toBe(true);
    const roomTexts = items.filter((event) => event.data.kind === 'room').map((event) => event.data.message.text);
    expect(roomTexts.slice(0, 4)).toEqual(['!note first while away', expect.stringMatching(/^Note #\d+ added/), 'second while away', '!note third while away']);
    const incidentTypes = items.filter((event) => event.data.kind === 'incident').map((event) => event.data.event.type);
    expect(incidentTypes).toEqual(['note.added', 'conversation.posted', 'note.added']);
  });

  it('keeps a security incident out of the live stream of people who may not see it', async () => {
    const frank = await server.token('frank');
    const carol = await signIn(server, 'carol');
    const start = (await readEvents(`${server.url}/api/v1/live`, { cookie: carol.cookie }, () => true)).events[0].data.position as number;
    await server.say('security-incident', '!declare 1 Operation Nightjar', frank);
    await server.say('security-incident', '!note keys rotated', frank);
    await server.say('incident-chat', 'a public line after it', await server.token('carol'));

    const asCarol = await readEvents(`${server.url}/api/v1/live?after=${start}`, { cookie: carol.cookie }, (events) =>
      events.some((event) => event.data.message?.text === 'a public line after it'),
    );
    expect(JSON.stringify(asCarol.events)).not.toContain('Nightjar');
    expect(JSON.stringify(asCarol.events)).not.toContain('keys rotated');
    expect(asCarol.events.filter((event) => event.event === undefined).every((event) => event.data.room !== 'security-incident')).toBe(true);

    const asFrank = await readEvents(`${server.url}/api/v1/live?after=${start}`, { authorization: `Bearer ${frank}` }, (events) =>
      events.some((event) => event.data.message?.text === 'a public line after it'),
    );
    expect(JSON.stringify(asFrank.events)).toContain('Operation Nightjar');
    expect(asFrank.events.some((event) => event.data.event?.type === 'note.added' && event.data.event.text === 'keys rotated')).toBe(true);
  });
});

describe('sign-in throttling', { timeout: 90_000 }, () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start();
    await setPassword(server, 'carol', PASSWORD);
    await setPassword(server, 'erin', PASSWORD);
  });
  afterAll(() => server?.stop());

  it('stops guessing after ten wrong passwords, even with the right one, and locks out nobody else at that address', async () => {
    for (let i = 0; i < 10; i++) expect((await signIn(server, 'carol', `guess number ${i}`)).status).toBe(401);
    const blocked = await signIn(server, 'carol', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.message).toContain('Too many wrong passwords');
    // Behind a proxy everyone signs in from one address: carol's mistakes do not keep erin out.
    expect((await signIn(server, 'erin', PASSWORD)).status).toBe(200);
  });
});
