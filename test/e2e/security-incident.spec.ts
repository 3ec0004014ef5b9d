import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';
import { until } from '../support/until.js';

describe('a security incident is invisible to non-members everywhere', () => {
  let server: ServerProcess;
  let frank: string;
  let dave: string;
  let id: number;

  beforeAll(async () => {
    server = await ServerProcess.start();
    frank = await server.token('frank');
    dave = await server.token('dave');
    const declared = await server.say('security-incident', '!declare 1 Operation Nightjar', frank);
    expect(declared.status).toBe(200);
    id = declared.body.incident.id;
    await server.say('security-incident', '!note credentials rotated for the payments service', frank);
  });
  afterAll(() => server?.stop());

  it('hides the incident, its timeline and the room from a non-member', async () => {
    const list = await server.request('GET', '/api/v1/incidents', { token: dave });
    expect(list.body.incidents.map((incident: { id: number }) => incident.id)).not.toContain(id);
    for (const path of [`/api/v1/incidents/${id}`, `/api/v1/incidents/${id}/timeline`, '/api/v1/rooms/security-incident/messages']) {
      const result = await server.request('GET', path, { token: dave });
      expect(result.status, path).toBe(404);
      expect(JSON.stringify(result.body), path).not.toContain('Nightjar');
    }
    const posted = await server.say('security-incident', '!status', dave);
    const unknown = await server.say('no-such-room', '!status', dave);
    expect(posted.status).toBe(404);
    expect(unknown.body.error.message).not.toContain('security-incident');
    // Exactly what a room that does not exist gets: nothing tells the room is there.
    expect(posted.body.error.message).toBe(unknown.body.error.message.replace('no-such-room', 'security-incident'));
  });

  it('shows it to members, and to the people they invite', async () => {
    const member = await server.request('GET', `/api/v1/incidents/${id}`, { token: frank });
    expect(member.body).toMatchObject({ title: 'Operation Nightjar', private: true });
    expect((await server.say('security-incident', '!invite dave', frank)).body.replies[0].text).toBe('Dave Davies (@dave) is invited into this private incident.');
    const invited = await server.request('GET', `/api/v1/incidents/${id}/timeline`, { token: dave });
    expect(invited.status).toBe(200);
    expect(invited.body.events.map((event: { type: string }) => event.type)).toContain('note.added');
    // The invitation opens the incident's own room, not the private lobby it was declared in.
    expect((await server.say(`inc-${id}`, '!status', dave)).body.replies[0].text).toContain('Operation Nightjar');
    expect((await server.request('GET', '/api/v1/rooms/security-incident/messages', { token: dave })).status).toBe(404);
  });

  it('refuses inviting into an ordinary incident', async () => {
    await server.say('incident-chat', '!declare 3 slow dashboard', dave);
    const result = await server.say('incident-chat', '!invite erin', dave);
    expect(result.body.replies[0]).toMatchObject({ error: true, text: 'This incident is not private: everyone can already see it, so there is nobody to invite.' });
  });

  it('lets in whoever is given its work, and is never merged with another incident either way', async () => {
    const erin = await server.token('erin');
    expect((await server.request('GET', `/api/v1/incidents/${id}`, { token: erin })).status).toBe(404);
    expect((await server.say(`inc-${id}`, '!task erin check the audit log', frank)).status).toBe(200);
    const given = await server.request('GET', `/api/v1/incidents/${id}`, { token: erin });
    expect(given.status).toBe(200);
    expect(given.body.title).toBe('Operation Nightjar');
    const bob = await server.token('bob');
    expect((await server.say(`inc-${id}`, '!page bob please look at the key rotation', frank)).status).toBe(200);
    expect((await server.request('GET', `/api/v1/incidents/${id}`, { token: bob })).status).toBe(200);
    // Subscribing someone who cannot see it would send them nothing: say so instead of "subscribed".
    expect((await server.say(`inc-${id}`, '!subscribe carol', frank)).body.replies[0]).toMatchObject({
      error: true,
      text: 'Carol Carter (@carol) cannot see this private incident, so its summaries would never reach them. Invite them first with !invite, then subscribe them.',
    });
    expect((await server.say(`inc-${id}`, '!subscribe bob', frank)).body.replies[0].error).toBeFalsy();

    // frank works an ordinary incident too: merging would show Nightjar to its room, or lock its responders out.
    const other = (await server.say('incident-chat', '!declare 3 flaky login page', frank)).body.incident.id as number;
    const into = await server.say(`inc-${other}`, `!merge #${id}`, frank);
    expect(into.body.replies[0]).toMatchObject({
      error: true,
      text: `Incidents #${other} and #${id} stay apart: a private incident is never merged with another, so its people and its record stay its own. Link them with a note instead, e.g. !note related to #${id}.`,
    });
    const out = await server.say(`inc-${id}`, `!merge #${other}`, frank);
    expect(out.body.replies[0]).toMatchObject({ error: true });
    expect(out.body.replies[0].text).toContain('stay apart');
    const seen = await server.request('GET', `/api/v1/incidents/${other}`, { token: dave });
    expect(seen.body.status).toBe('open');
    expect(JSON.stringify(seen.body)).not.toContain('Nightjar');
  });
});

describe('a security incident opens to whoever a page reaches', () => {
  let server: ServerProcess;
  afterAll(() => server?.stop());

  it('lets the team’s on-call a page reached open it, and tells the room, while their teammate still gets nothing', async () => {
    server = await ServerProcess.start();
    const frank = await server.token('frank');
    const id = (await server.say('security-incident', '!declare 1 Operation Kestrel', frank)).body.incident.id as number;
    const tokens = { carol: await server.token('carol'), erin: await server.token('erin') };
    for (const token of Object.values(tokens)) expect((await server.request('GET', `/api/v1/incidents/${id}`, { token })).status).toBe(404);

    expect((await server.say(`inc-${id}`, '!page web please check the login page for the injected script', frank)).status).toBe(200);
    const paged = await until(async () => {
      const pages = (await server.request('GET', `/api/v1/incidents/${id}/pages`, { token: frank })).body.pages as { person: string }[];
      return pages.find((page) => page.person === 'carol' || page.person === 'erin')?.person as 'carol' | 'erin' | undefined;
    }, 'the web team’s on-call paged');
    const teammate = paged === 'carol' ? 'erin' : 'carol';
    const label = { carol: 'Carol Carter (@carol)', erin: 'Erin Evans (@erin)' }[paged];
    await until(async () => {
      const lines = (await server.request('GET', `/api/v1/rooms/inc-${id}/messages`, { token: frank })).body.messages.map((message: { text: string }) => message.text);
      return lines.includes(`${label} was paged and may now open this private incident.`);
    }, 'the room told who may open it now');
    const opened = await server.request('GET', `/api/v1/incidents/${id}`, { token: tokens[paged] });
    expect(opened.status).toBe(200);
    expect(opened.body.title).toBe('Operation Kestrel');
    expect((await server.say(`inc-${id}`, '!status', tokens[paged])).body.replies[0].text).toContain('Operation Kestrel');
    expect((await server.request('GET', `/api/v1/incidents/${id}`, { token: tokens[teammate] })).status).toBe(404);
  });
});

describe('a lobby’s !status names a private incident only to whoever may see it', () => {
  let server: ServerProcess;
  afterAll(() => server?.stop());

  it('answers a member alone, keeps the list out of the lobby’s history, and shows others the public incidents only', async () => {
    server = await ServerProcess.start();
    const [carol, bob] = [await server.token('carol'), await server.token('bob')];
    const lobbyLines = async (token: string) =>
      ((await server.request('GET', '/api/v1/rooms/incident-chat/messages', { token })).body.messages as { text: string }[]).map((message) => message.text).join('\n');
    expect((await server.say('incident-chat', '!declare private 2 payroll data leak', carol)).status).toBe(200);
    expect((await server.say('incident-chat', '!declare 3 slow dashboard', bob)).status).toBe(200);

    const asked = await server.say('incident-chat', '!status', carol);
    expect(asked.status).toBe(200);
    expect(asked.body.replies).toHaveLength(1);
    expect(asked.body.replies[0]).toMatchObject({ onlyForSender: true });
    expect(asked.body.replies[0].text).toContain('payroll data leak');
    expect(asked.body.replies[0].text).toContain('slow dashboard');
    for (const token of [bob, carol]) expect(await lobbyLines(token)).not.toContain('payroll data leak');

    const other = await server.say('incident-chat', '!status', bob);
    expect(other.body.replies[0].onlyForSender).toBeUndefined();
    expect(other.body.replies[0].text).toContain('slow dashboard');
    expect(other.body.replies[0].text).not.toContain('payroll');
    // A list of public incidents only is the lobby's, as before.
    expect(await lobbyLines(bob)).toContain('slow dashboard');
  });
});
