import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ServerProcess } from '../support/server-process.js';

describe('the dont-panic CLI', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start();
  });
  afterAll(() => server?.stop());

  it('lists services with their routing keys', async () => {
    const result = await server.cli('services', '--json');
    expect(result.code).toBe(0);
    const services = JSON.parse(result.stdout);
    expect(services.map((service: { name: string }) => service.name)).toEqual(['api', 'web', 'database']);
    for (const service of services) expect(service.routingKey).toMatch(/^[a-z0-9]{32}$/);
    const table = await server.cli('services');
    expect(table.stdout).toMatch(/^NAME\s+ROUTING KEY\s+TEAM/);
  });

  it('stops quietly when its reader goes away before it has written (dont-panic tokens | head)', async () => {
    await server.token('erin');
    const child = spawn(process.execPath, [join(ROOT, 'bin/dont-panic.js'), 'tokens', '--config', server.configFile, '--data', server.dataDir], { cwd: ROOT });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('says in one line when serve cannot listen: a port taken, or no port at all', async () => {
    const taken = new URL(server.url).port;
    const busy = await server.cli('serve', '--port', taken);
    expect(busy.code).toBe(1);
    expect(busy.stderr.trim()).toBe(`Port ${taken} on 127.0.0.1 is already in use: stop what is listening there, or start with another --port.`);
    const typo = await server.cli('serve', '--port', 'abc');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('“abc” is not a port: give a number from 0 to 65535, e.g. --port 8080.');
    expect(typo.stderr).not.toMatch(/\n\s+at /);
    // The server that holds the port is untouched.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('issues tokens that the API accepts, and refuses unknown people', async () => {
    const token = await server.token('dave');
    expect(token).toMatch(/^dp_/);
    expect((await server.request('GET', '/api/v1/incidents', { token })).status).toBe(200);
    const unknown = await server.cli('token', 'zed');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('Unknown person "zed"');
    expect(unknown.stderr).toContain('alice');
  });

  it('checks the configuration', async () => {
    const result = await server.cli('check');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('is valid');
  });

  it('checks readiness with the overrides added through the API, as the API reports it', async () => {
    const alice = await server.token('alice');
    const readiness = async () =>
      ((await server.request('GET', '/api/v1/oncall/readiness', { token: alice })).body.problems as { kind: string; person: string; onCallFrom: string; where: string }[]).filter(
        (problem) => problem.kind === 'unreachable',
      );
    // Each person is reported once, at their first shift: the override goes to whoever the rota puts on call last, ahead of that shift.
    const [last] = (await readiness()).sort((a, b) => b.onCallFrom.localeCompare(a.onCallFrom));
    const start = new Date(Date.now() + 60_000).toISOString();
    const end = new Date(Date.now() + 2 * 3_600_000).toISOString();
    expect(last.onCallFrom > start, `someone is off call for the next minute: ${last.person} from ${last.onCallFrom}`).toBe(true);
    const added = await server.request('POST', '/api/v1/oncall/schedules/ic-primary/overrides', { token: alice, body: { start, end, person: last.person } });
    expect(added.status, JSON.stringify(added.body)).toBeLessThan(300);
    const unreachable = await readiness();
    expect(unreachable).toContainEqual({ kind: 'unreachable', person: last.person, onCallFrom: start, where: 'schedule ic-primary' });
    const check = (await server.cli('check')).stdout;
    expect(check).toContain(`On-call readiness: ${unreachable.length} problem`);
    // "From now" is each one's own now; the rest is the same, the override's window included.
    for (const problem of unreachable) expect(check).toContain(`${problem.person} is on call (${problem.where}, from `);
    expect(check).toContain(`${last.person} is on call (schedule ic-primary, from ${start})`);
  });
});

describe('dont-panic check on a broken configuration', () => {
  const broken = () =>
    ServerProcess.create({
      config: (config) => {
        config.services.api.routingKey = 'too-short';
        config.teams.web.members.push('zed');
        config.people.alice.timezone = 'Mars/Olympus';
        // A schedule's shifts are placed in its time zone: a typo there must be reported too, not crash the check.
        config.schedules['web-oncall'].timezone = 'Europe/Dubln';
      },
    });

  it('names every problem by its path and exits non-zero', async () => {
    const result = await broken().cli('check');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('services.api.routingKey: expected a 32-character routing key');
    expect(result.stderr).toContain('teams.web.members[2]: unknown person "zed"');
    expect(result.stderr).toContain('people.alice.timezone: expected an IANA time zone');
    expect(result.stderr).toContain('schedules.web-oncall.timezone: expected an IANA time zone');
    expect(result.stderr).not.toContain('RangeError');
  });

  it('refuses to serve it', async () => {
    const error = await ServerProcess.start({ config: (config) => (config.services.api.routingKey = 'x') }).catch((failure: Error) => failure);
    expect(String(error)).toContain('services.api.routingKey');
  });
});
