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
