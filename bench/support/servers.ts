import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { freePort } from '../../test/support/alertmanager-process.js';

export const ROOT = resolve(import.meta.dirname, '../..');

async function waitFor(url: string, child: ChildProcess, logs: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}\n${logs.join('')}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${url} did not become ready\n${logs.join('')}`);
}

export interface Running {
  readonly url: string;
  readonly dir: string;
  /** The server's process, for its memory figures. */
  readonly pid?: number;
  stop(): Promise<void>;
}

export interface RunningDontPanic extends Running {
  /** `dont-panic token PERSON` over the same config and data. */
  token(person: string): Promise<string>;
}

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
}

/**
 * The real Don't Panic server process over a copy of `config/example.yaml` edited by `edit`,
 * as `npm start` runs it: compiled when `dist/` is current. `root` is the checkout to run
 * (another one, e.g. a baseline to compare with, in the same run).
 */
export async function startDontPanic(edit: (config: Record<string, any>) => void, env: Record<string, string> = {}, root = ROOT): Promise<RunningDontPanic> {
  const dir = mkdtempSync(join(tmpdir(), 'dont-panic-bench-'));
  const config = parse(readFileSync(join(root, 'config/example.yaml'), 'utf8'));
  edit(config);
  writeFileSync(join(dir, 'config.yaml'), stringify(config));
  const port = await freePort();
  const logs: string[] = [];
  // BENCH_NODE_ARGS, e.g. "--cpu-prof", profiles the server under the same load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'bin/dont-panic.js'), 'serve', '--port', String(port), '--config', join(dir, 'config.yaml'), '--data', dir], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => logs.push(String(chunk)));
  child.stderr!.on('data', (chunk) => logs.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`, child, logs);
  const cli = join(root, 'bin/dont-panic.js');
  const token = async (person: string) =>
    (await promisify(execFile)(process.execPath, [cli, 'token', person, '--config', join(dir, 'config.yaml'), '--data', dir], { cwd: root })).stdout.trim();
  return { url, dir, pid: child.pid, stop: stopper(child, dir), token };
}
