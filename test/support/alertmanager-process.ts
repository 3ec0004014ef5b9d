import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** Debian's `prometheus-alertmanager` package (`.ci/install-ingest-deps.sh` installs it). */
export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

export function alertmanagerInstalled(): boolean {
  return existsSync(ALERTMANAGER_BIN);
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A real Alertmanager on loopback: alone (no cluster gossip), its state in a
 * temporary directory, its configuration written from `config`.
 */
export class AlertmanagerProcess {
  readonly logs: string[] = [];

  private constructor(
    readonly url: string,
    readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  static async start(config: Record<string, unknown>): Promise<AlertmanagerProcess> {
    const dir = mkdtempSync(join(tmpdir(), 'dont-panic-alertmanager-'));
    writeFileSync(join(dir, 'alertmanager.yml'), stringify(config));
    const port = await freePort();
    const child = spawn(
      ALERTMANAGER_BIN,
      [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=info',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const am = new AlertmanagerProcess(`http://127.0.0.1:${port}`, dir, child);
    child.stdout!.on('data', (chunk) => am.logs.push(String(chunk)));
    child.stderr!.on('data', (chunk) => am.logs.push(String(chunk)));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`alertmanager exited with ${child.exitCode}:\n${am.logs.join('')}`);
      try {
        if ((await fetch(`${am.url}/-/ready`)).ok) return am;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await am.stop();
        throw new Error(`alertmanager did not become ready:\n${am.logs.join('')}`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  /** Posts alerts to `/api/v2/alerts`, as Prometheus does. */
  async post(alerts: readonly Record<string, unknown>[]): Promise<void> {
    const response = await fetch(`${this.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    if (!response.ok) throw new Error(`alertmanager refused alerts: ${response.status} ${await response.text()}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await new Promise<void>((done) => {
        this.child.once('exit', () => done());
        this.child.kill('SIGTERM');
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
