import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ServerProcess } from '../support/server-process.js';
import { SmtpSink, type ReceivedMail } from '../support/smtp-sink.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(ROOT, 'test-results');

/** Mail goes through durable jobs in a real server: on a loaded machine it may take a while. */
const waitForMail = (sink: SmtpSink, match: (mail: ReceivedMail) => boolean) => sink.waitFor(match, 60_000);

const inAWeek = (hours: number) => new Date(Date.now() + 7 * 86_400_000 + hours * 3_600_000).toISOString();

describe('the public status page in Chromium', () => {
  let server: ServerProcess;
  let sink: SmtpSink;
  let browser: Browser;
  let id: number;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    sink = await SmtpSink.start();
    server = await ServerProcess.start({
      config: (config) => {
        config.notifications = { email: { host: '127.0.0.1', port: sink.port, secure: false, from: 'status@example.com' } };
        config.comms.statusPage.port = 0;
        config.maintenances = { edge: { services: ['api', 'web'], from: inAWeek(0), to: inAWeek(2), text: 'Edge proxy upgrade' } };
      },
    });
    const carol = await server.token('carol');
    const declared = await server.say('incident-chat', '!declare 1 payments down', carol);
    id = declared.body.incident.id;
    await server.say('incident-chat', '!ic take', carol);
    await server.say('incident-chat', '!public [api, web] Some payments fail. We are investigating. 部分支付失败，我们正在调查。', carol);
    await server.say('incident-chat', '!approve 1', carol);
    await server.say('incident-chat', '!public [api] A draft nobody approved.', carol);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
  });

  it('shows components, the published update and the subscription form in English, without sign-in and without scripts', async () => {
    const context = await browser.newContext({ locale: 'en-GB', javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/status`);
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('Example Corp Status');
    // api and web are down, database is not: Statuspage calls that a partial system outage.
    expect(await page.getByRole('status').first().innerText()).toBe('Partial System Outage');
    expect(await page.locator('[data-component="api"] .state').innerText()).toBe('Major outage');
    expect(await page.locator('[data-component="database"] .state').innerText()).toBe('Operational');
    expect(await page.locator(`[data-incident="${id}"]`).innerText()).toContain('Some payments fail. We are investigating.');
    expect(await page.content()).not.toContain('A draft nobody approved');
    expect(await page.content()).not.toContain('payments down');
    await page.screenshot({ path: join(ARTIFACTS, 'status-page-en.png'), fullPage: true });

    await page.getByRole('link', { name: `Incident #${id} · Ongoing · affects api, web` }).click();
    expect(page.url()).toBe(`${server.url}/status/incidents/${id}`);
    expect(await page.locator('ol.updates').innerText()).toContain('部分支付失败');

    await page.goto(`${server.url}/status`);
    await page.getByLabel('Your email address').fill('reader@localhost');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('is not an email address');
    await page.getByLabel('Your email address').fill('reader@example.org');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    expect(await page.getByRole('status').innerText()).toContain('Check your inbox');
    expect((await waitForMail(sink, (mail) => mail.to.includes('reader@example.org'))).subject).toBe('Confirm your subscription to Example Corp Status');
    await context.close();
  });

  it('renders Chinese from the browser’s language and from the switch', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${server.url}/status`);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    // Times in the reader's zone, the zone after them as Chinese writes it.
    expect(await page.locator('time[datetime]').first().innerText()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（GMT\+8）$/);
    expect(await page.getByRole('status').first().innerText()).toBe('部分系统中断');
    expect(await page.locator('[data-component="api"] .state').innerText()).toBe('严重中断');
    expect(await page.locator(`[data-incident="${id}"] h3`).innerText()).toBe(`事件 #${id} · 进行中 · 影响 api、web`);
    expect(await page.locator('[data-maintenance] p').innerText()).toMatch(/^api、web · /);
    await page.screenshot({ path: join(ARTIFACTS, 'status-page-zh-CN.png'), fullPage: true });

    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.getByRole('heading', { name: 'Components' }).count()).toBe(1);
    await page.getByRole('link', { name: '中文' }).click();
    expect(await page.getByRole('heading', { name: '组件' }).count()).toBe(1);
    await context.close();
  });

  it('serves the same page from its own thread and port, following new publications', async () => {
    const line = server.logs.find((entry) => entry.includes('statusPagePort'));
    const own = `http://127.0.0.1:${JSON.parse(line!).statusPagePort}`;
    const page = await browser.newPage();
    await page.goto(`${own}/status?lang=en`);
    expect(await page.locator(`[data-incident="${id}"]`).innerText()).toContain('Some payments fail.');
    expect(await page.content()).not.toContain('A draft nobody approved');
    const carol = await server.token('carol');
    await server.say('incident-chat', '!approve 2', carol);
    await expect.poll(async () => (await (await fetch(`${own}/status`)).text()).includes('A draft nobody approved'), { timeout: 10_000 }).toBe(true);
    await page.close();
  });

  it('serves the feed with the published update only', async () => {
    const context = await browser.newContext();
    const response = await context.request.get(`${server.url}/status/feed.atom`);
    const xml = await response.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(xml).toContain('Some payments fail.');
    expect(xml.match(/#update-\d+<\/id>/g)).toHaveLength(2);
    const chinese = await (await context.request.get(`${server.url}/status/feed.atom?lang=zh-CN`)).text();
    expect(chinese).toMatch(/<content type="text">api、web · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC – \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC<\/content>/);
    await context.close();
  });

  it('says Major System Outage once every component is down, in both languages', async () => {
    const carol = await server.token('carol');
    await server.say('incident-chat', '!public [database] The database is down too.', carol);
    await server.say('incident-chat', '!approve 3', carol);
    const banner = async (lang: string) => /<div class="banner ([a-z_]+)" role="status">([^<]+)<\/div>/.exec(await (await fetch(`${server.url}/status?lang=${lang}`)).text())!.slice(1);
    await expect.poll(() => banner('en'), { timeout: 10_000 }).toEqual(['major_outage', 'Major System Outage']);
    expect(await banner('zh-CN')).toEqual(['major_outage', '系统严重中断']);
  });
});
