import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, setPassword, signIn } from '../support/browser.js';
import { ServerProcess } from '../support/server-process.js';

const PASSWORD = 'correct horse battery';

describe('each incident’s page is its own room (Chromium)', { timeout: 90_000 }, () => {
  let server: ServerProcess;
  let browser: Browser;
  let carol: string;

  beforeAll(async () => {
    server = await ServerProcess.start();
    const result = await setPassword(server, 'carol', PASSWORD);
    expect(result.code, result.stderr).toBe(0);
    carol = await server.token('carol');
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const notesOf = async (id: number) => (await server.request('GET', `/api/v1/incidents/${id}`, { token: carol })).body.notes.map((note: { text: string }) => note.text);
  const type = async (page: Page, text: string) => {
    await page.getByLabel('Message or command').fill(text);
    await page.getByLabel('Message or command').press('Enter');
  };

  it('posts a note typed on #1’s page to #1 only, and a resolved incident’s page to itself', async () => {
    const first = (await server.say('incident-chat', '!declare 2 db is down', carol)).body.incident.id as number;
    const second = (await server.say('incident-chat', '!declare 2 checkout is broken', carol)).body.incident.id as number;
    const page = await signIn(await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' }), server, 'carol', PASSWORD, `/incidents/${first}`);
    await expect.poll(() => page.locator('h1').textContent()).toContain(`Incident #${first}: db is down`);

    await type(page, '!note replica lag is 40 s');
    await expect.poll(() => notesOf(first)).toContain('replica lag is 40 s');
    expect(await notesOf(second)).toEqual([]);
    await expect.poll(() => page.locator('.chat-log').textContent()).toContain('Note #1 added to the timeline.');

    await server.say(`inc-${first}`, '!resolve', carol);
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toContain(`Incident #${first}`);
    await type(page, '!note root cause: a full disk');
    await expect.poll(() => notesOf(first)).toContain('root cause: a full disk');
    expect(await notesOf(second)).toEqual([]);
    await type(page, '!reopen');
    await expect.poll(async () => (await server.request('GET', `/api/v1/incidents/${first}`, { token: carol })).body.status).toBe('open');
    await screenshot(page, 'rooms-incident-page.png');
  });

  it('declares a private incident from the form’s checkbox', async () => {
    const page = await signIn(await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' }), server, 'carol', PASSWORD, '/declare');
    await page.getByLabel('Severity').selectOption('2');
    await page.getByLabel('Title').fill('payroll export leaked');
    await page.getByLabel('Private incident').check();
    await page.getByRole('button', { name: 'Declare' }).click();
    await page.waitForURL(/\/incidents\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    expect((await server.request('GET', `/api/v1/incidents/${id}`, { token: carol })).body).toMatchObject({ private: true, room: `inc-${id}` });
    const dave = await server.token('dave');
    expect((await server.request('GET', `/api/v1/incidents/${id}`, { token: dave })).status).toBe(404);
  });
});
