import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';
import { ENDPOINTS, endpointSchemas, type Endpoint } from './statuspage-schema.js';

const texts = (result: { body: { replies: { text: string }[] } }) => result.body.replies.map((reply) => reply.text).join('\n');

describe('the Statuspage-compatible API (/api/v2), against the real server', () => {
  let server: ServerProcess;
  let carol: string;
  let alice: string;
  let id: number;
  let secretId: number;

  /** Every endpoint, without a token, each checked against Statuspage's published shape. */
  async function all(): Promise<{ [E in Endpoint]: any }> {
    const out: Record<string, unknown> = {};
    for (const endpoint of ENDPOINTS) {
      const response = await server.request('GET', `/api/v2/${endpoint}`);
      expect(response.status, endpoint).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const parsed = endpointSchemas[endpoint].safeParse(response.body);
      expect(parsed.success, `${endpoint}: ${parsed.error?.message}`).toBe(true);
      out[endpoint] = response.body;
    }
    return out as { [E in Endpoint]: any };
  }

  function neverShowsTheSecret(answers: Record<string, unknown>) {
    const text = JSON.stringify(answers);
    expect(text).not.toContain('badge system');
    expect(text).not.toContain('credential');
    for (const answer of Object.values(answers) as { incidents?: { id: string }[] }[]) {
      expect((answer.incidents ?? []).map((incident) => incident.id)).not.toContain(String(secretId));
    }
  }

  beforeAll(async () => {
    server = await ServerProcess.start();
    [carol, alice] = await Promise.all([server.token('carol'), server.token('alice')]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers every endpoint in Statuspage’s shape with nothing going on', async () => {
    const answers = await all();
    expect(answers['status.json'].status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    expect(answers['components.json'].components.map((component: { name: string; status: string }) => [component.name, component.status])).toEqual([
      ['api', 'operational'],
      ['web', 'operational'],
      ['database', 'operational'],
    ]);
    expect(answers['incidents.json'].incidents).toEqual([]);
    expect(answers['summary.json'].page.name).toBe('Example Corp Status');
  });

  it('shows a private incident to nobody: nothing of it can be published until its IC turns communication on', async () => {
    const declared = await server.say('security-incident', '!declare 1 badge system credential leak', alice);
    secretId = declared.body.incident.id;
    const room = declared.body.incident.room;
    await server.say(room, '!ic take', alice);
    expect(texts(await server.say(room, '!public [web] We are investigating a credential leak', alice))).toContain('!public on');
    expect(texts(await server.say(room, '!approve 1', alice))).toContain('!public on');
    neverShowsTheSecret(await all());
  });

  it('follows an incident from investigating to resolved, with only what the IC published', async () => {
    const declared = await server.say('incident-chat', '!declare 2 checkout errors in eu-west', carol);
    id = declared.body.incident.id;
    const room = declared.body.incident.room;
    await server.say(room, '!ic take', carol);
    await server.say(room, '!public [api] We are investigating errors on the API.', carol);
    let answers = await all();
    expect(answers['incidents.json'].incidents).toEqual([]);

    await server.say(room, '!approve 1', carol);
    answers = await all();
    const [open] = answers['incidents/unresolved.json'].incidents;
    expect(open).toMatchObject({ id: String(id), name: `Incident #${id}`, status: 'investigating', impact: 'major', resolved_at: null });
    expect(open.incident_updates.map((update: { status: string; body: string }) => [update.status, update.body])).toEqual([
      ['investigating', 'We are investigating errors on the API.'],
    ]);
    expect(open.components.map((component: { name: string; status: string }) => [component.name, component.status])).toEqual([['api', 'partial_outage']]);
    expect(JSON.stringify(answers)).not.toContain('eu-west');
    expect(answers['status.json'].status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(answers['summary.json'].incidents.map((incident: { id: string }) => incident.id)).toEqual([String(id)]);
    expect(answers['components.json'].components.find((component: { name: string }) => component.name === 'api').status).toBe('partial_outage');

    await server.say(room, '!resolve', carol);
    await server.say(room, '!public [api] The errors are fixed; the API works normally.', carol);
    await server.say(room, '!approve 2', carol);
    answers = await all();
    expect(answers['incidents/unresolved.json'].incidents).toEqual([]);
    const [done] = answers['incidents.json'].incidents;
    expect(done).toMatchObject({ id: String(id), status: 'resolved' });
    expect(done.resolved_at).not.toBeNull();
    expect(done.incident_updates.map((update: { status: string }) => update.status)).toEqual(['resolved', 'investigating']);
    expect(answers['status.json'].status.indicator).toBe('none');
    neverShowsTheSecret(answers);
  });

  it('speaks Chinese to a Chinese reader', async () => {
    const response = await server.request('GET', '/api/v2/status.json', { headers: { 'accept-language': 'zh-CN' } });
    expect(response.body.status.description).toBe('所有系统运行正常');
  });
});
