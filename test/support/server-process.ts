import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import pg from 'pg';
import { parse, stringify } from 'yaml';

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'bin/dont-panic.js');

export const TEST_DATABASE_URL = process.env.DONT_PANIC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Both stores the product supports; end-to-end suites run against each. */
export const STORES = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORES)[number];

/** Environment for a server on `kind`: PostgreSQL gets a fresh schema of its own. */
export function storeEnv(kind: StoreKind): Record<string, string> {
  if (kind === 'sqlite') return {};
  const schema = `e2e_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  return { DONT_PANIC_DATABASE_URL: TEST_DATABASE_URL, DONT_PANIC_DATABASE_SCHEMA: schema };
}

export interface ServerOptions {
  /** Edits a copy of `config/example.yaml` before the server reads it. */
  config?: (config: Record<string, any>) => void;
  env?: Record<string, string>;
  /** Reuse a data directory (to restart over the same database). */
  dataDir?: string;
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Runs `dont-panic` as a user would: a separate process, its CLI, its HTTP port. */
export class ServerProcess {
  readonly dataDir: string;
  readonly configFile: string;
  readonly logs: string[] = [];
  url = '';
  #child: ChildProcess | undefined;
  #env: Record<string, string>;

  private constructor(options: ServerOptions) {
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'dont-panic-e2e-'));
    this.configFile = join(this.dataDir, 'config.yaml');
    const config = parse(readFileSync(join(ROOT, 'config/example.yaml'), 'utf8'));
    options.config?.(config);
    writeFileSync(this.configFile, stringify(config));
    this.#env = { DONT_PANIC_JOB_POLL_MS: '100', ...options.env };
  }

  /** A data directory and config file, without a running server (for CLI-only tests). */
  static create(options: ServerOptions = {}): ServerProcess {
    return new ServerProcess(options);
  }

  static async start(options: ServerOptions = {}): Promise<ServerProcess> {
    const server = new ServerProcess(options);
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--config', this.configFile, '--data', this.dataDir], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', ...this.#env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    child.stderr!.on('data', (chunk) => this.logs.push(String(chunk)));
    const lines = createInterface({ input: child.stdout! });
    this.url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.logs.join('')}`)), 30_000);
      child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${this.logs.join('')}`)));
      lines.on('line', (line) => {
        this.logs.push(line);
        try {
          const entry = JSON.parse(line);
          if (entry.ready) {
            clearTimeout(timer);
            resolveUrl(`http://127.0.0.1:${entry.port}`);
          }
        } catch {
          // not a JSON log line
        }
      });
    });
  }

  /** `kill -9`: no shutdown hooks, no flushing. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill(signal);
    });
  }

  /**
   * Freezes the process (SIGSTOP) for `ms`, then lets it go on (SIGCONT), as a long GC pause or a stalled VM
   * does: its leases run out meanwhile, and it wakes up mid-work with the rest of the world moved on.
   */
  async pause(ms: number): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, ms));
    child.kill('SIGCONT');
  }

  async restart(): Promise<void> {
    await this.kill('SIGKILL');
    await this.start();
  }

  /** Stops the server and drops its PostgreSQL schema, if it had one. */
  async stop(): Promise<void> {
    await this.kill('SIGTERM');
    const schema = this.#env.DONT_PANIC_DATABASE_SCHEMA;
    if (schema) {
      const client = new pg.Client({ connectionString: this.#env.DONT_PANIC_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  }

  async cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args, '--config', this.configFile, '--data', this.dataDir], {
        cwd: ROOT,
        env: { ...process.env, ...this.#env },
      });
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const failed = error as { stdout: string; stderr: string; code: number };
      return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
    }
  }

  async token(person: string): Promise<string> {
    const result = await this.cli('token', person);
    if (result.code !== 0) throw new Error(result.stderr);
    return result.stdout.trim();
  }

  async request<T = any>(method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(this.url + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /**
   * Sends a body the server will refuse for its size. The server may answer
   * and close before the upload ends, as real servers do; the answer is what counts.
   */
  async oversized(path: string, token: string, bytes: number): Promise<HttpResult> {
    const url = new URL(this.url + path);
    return new Promise((resolveResult, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': bytes } },
        (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolveResult({ status: response.statusCode ?? 0, body: JSON.parse(text), headers: new Headers() }));
        },
      );
      req.on('error', (error) => {
        if (!(error as NodeJS.ErrnoException).code?.match(/EPIPE|ECONNRESET/)) reject(error);
      });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < bytes) {
          sent += chunk.length;
          if (!req.write(sent === chunk.length ? Buffer.concat([Buffer.from('{"text":"'), chunk.subarray(9)]) : chunk)) return req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
  }

  /** Posts a chat line to a room as the token's person. */
  say(room: string, text: string, token: string) {
    return this.request('POST', `/api/v1/rooms/${room}/messages`, { token, body: { text } });
  }
}
