import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { ROOT, ServerProcess, type ServerOptions } from './server-process.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-results');

/** Debian's Chromium, headless, with a fresh profile (playwright-core makes a new user-data-dir per launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Sets a person's web password through the CLI, as an administrator would (`--password-stdin`). */
export async function setPassword(server: ServerProcess, person: string, password: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/dont-panic.js'), 'passwd', person, '--password-stdin', '--config', server.configFile, '--data', server.dataDir], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(`${password}\n`);
  const code = await new Promise<number>((resolve) => child.on('exit', (exit) => resolve(exit ?? 1)));
  return { code, stdout, stderr };
}

export async function signIn(context: BrowserContext, server: ServerProcess, person: string, password: string, path = '/'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(server.url + path);
  await page.waitForURL(/\/signin/);
  await page.locator('#signin-person').fill(person);
  await page.locator('#signin-password').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface BrowserRig {
  /** The real server, started before the suite's tests. */
  readonly server: ServerProcess;
  /** A browser context with the rig's defaults and `options` on top; closed after the suite. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/**
 * For a browser suite (call it inside `describe`): a real server whose
 * `people` have `password` for the web, one Chromium, and the contexts opened
 * through `newContext`, all stopped after the suite.
 */
export function browserRig(people: readonly string[], password: string, defaults: BrowserContextOptions = {}, serverOptions: ServerOptions = {}): BrowserRig {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await ServerProcess.start(serverOptions);
    for (const person of people) {
      const result = await setPassword(server, person, password);
      expect(result.code, result.stderr).toBe(0);
    }
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    async newContext(options = {}) {
      const context = await browser!.newContext({ ...defaults, ...options });
      contexts.push(context);
      return context;
    },
  };
}
