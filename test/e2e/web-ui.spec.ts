import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserRig, screenshot, signIn } from '../support/browser.js';

const PASSWORD = 'correct horse battery';

describe('the incident room in the browser (Chromium)', { timeout: 90_000 }, () => {
  const rig = browserRig(['carol', 'alice', 'mei'], PASSWORD, { locale: 'en-GB', timezoneId: 'Europe/London' });
  const newContext = rig.newContext;

  const chatLines = (page: Page) => page.locator('.chat-log li:not([data-private]) .text').allTextContents();

  it('sends a visitor without a session to sign-in, and refuses a wrong password with a clear message', async () => {
    const page = await (await newContext()).newPage();
    await page.goto(`${rig.server.url}/incidents/1`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/incidents/1');

    await page.getByLabel('Your handle or name').fill('carol');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('That name and password do not match');
    expect(new URL(page.url()).pathname).toBe('/signin');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('signin-error');
  });

  it('declares an incident from the form and runs it with a second browser, both seeing each other live', async () => {
    const carol = await signIn(await newContext(), rig.server, 'carol', PASSWORD, '/declare');
    expect(new URL(carol.url()).pathname).toBe('/declare');
    await carol.getByLabel('Severity').selectOption('1');
    await carol.getByLabel('Title').fill('checkout is failing');
    await carol.getByRole('button', { name: 'Declare' }).click();
    await carol.waitForURL(/\/incidents\/\d+$/);
    const id = Number(new URL(carol.url()).pathname.split('/').pop());

    await expect.poll(() => carol.locator('h1').textContent()).toContain(`Incident #${id}: checkout is failing`);
    const contact = carol.locator('.contact');
    await expect.poll(() => contact.textContent()).toContain('PIN 123456');
    expect(await contact.textContent()).toContain('https://a-voip-provider.com/incident-call');
    expect(await contact.textContent()).toContain('!ic page');
    expect(await contact.textContent()).toContain('#executive-summary-updates');
    await expect.poll(() => chatLines(carol)).toContain(`!declare 1 checkout is failing`);
    expect((await chatLines(carol)).join('\n')).toContain(`Incident #${id} declared: SEV-1 “checkout is failing”`);

    const alice = await signIn(await newContext({ timezoneId: 'Asia/Shanghai' }), rig.server, 'alice', PASSWORD, `/incidents/${id}`);
    await expect.poll(() => chatLines(alice)).toContain('!declare 1 checkout is failing');
    await expect.poll(() => alice.locator('[data-live]').getAttribute('data-live')).toBe('live');
    await expect.poll(() => carol.locator('[data-live]').getAttribute('data-live')).toBe('live');

    await carol.getByLabel('Message or command').fill('!role scribe carol');
    await carol.getByLabel('Message or command').press('Enter');
    await expect.poll(() => chatLines(alice)).toContain('Carol Carter (@carol) is now Scribe.');
    await expect.poll(() => alice.locator('[data-role=scribe] dd').textContent()).toBe('Carol Carter (@carol)');

    await alice.getByLabel('Message or command').fill('rolling back the 14:02 deploy');
    await alice.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => chatLines(carol)).toContain('rolling back the 14:02 deploy');

    await alice.getByLabel('Message or command').fill('!note rollback started');
    await alice.getByLabel('Message or command').press('Enter');
    await expect.poll(() => chatLines(carol)).toContain('Note #1 added to the timeline.');
    await expect.poll(() => carol.locator('.notes li').first().textContent()).toContain('rollback started');
    await expect.poll(() => carol.locator('.timeline-list').textContent()).toContain('Note #1 by Alice Anderson (@alice): rollback started');

    await carol.getByLabel('Message or command').fill('!task alice drain eu-west');
    await carol.getByLabel('Message or command').press('Enter');
    await expect.poll(() => alice.locator('.tasks li').first().textContent()).toContain('#1 Alice Anderson (@alice): drain eu-west');

    await carol.getByLabel('Message or command').fill('!status');
    await carol.getByLabel('Message or command').press('Enter');
    await expect.poll(async () => (await chatLines(alice)).join('\n')).toContain(`Incident #${id} · SEV-1 · open`);

    // A refused command is answered to its sender only, and stores nothing.
    await carol.getByLabel('Message or command').fill('!sev 9');
    await carol.getByLabel('Message or command').press('Enter');
    await expect.poll(() => carol.locator('[data-private] .text').allTextContents()).toEqual([expect.stringContaining('“9” is not a severity')]);
    await alice.getByLabel('Message or command').fill('alice is here');
    await alice.getByLabel('Message or command').press('Enter');
    await expect.poll(() => chatLines(carol)).toContain('alice is here');
    expect(await alice.locator('[data-private]').count()).toBe(0);

    // Each line exactly once, in the order the room stored it.
    const history = (await rig.server.request('GET', `/api/v1/rooms/inc-${id}/messages`, { token: await rig.server.token('carol') })).body.messages.map((m: { text: string }) => m.text);
    expect(await chatLines(alice)).toEqual(history);
    expect(await chatLines(carol)).toEqual(history);

    // A reload keeps the state: it is all in the store.
    await carol.reload();
    await expect.poll(() => carol.locator('[data-role=scribe] dd').textContent()).toBe('Carol Carter (@carol)');
    await expect.poll(() => chatLines(carol)).toEqual(history);
    expect(await carol.locator('.notes li').first().textContent()).toContain('rollback started');
    expect(await carol.locator('.status').textContent()).toContain('SEV-1 · open');

    // Times are shown in the viewer's time zone.
    const declaredAt = (await rig.server.request('GET', `/api/v1/incidents/${id}`, { token: await rig.server.token('carol') })).body.declaredAt as string;
    const inShanghai = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(declaredAt));
    expect(await alice.locator('.chat-log li time').first().textContent()).toBe(inShanghai);

    await screenshot(carol, 'web-room-en.png');
    await carol.setViewportSize({ width: 390, height: 844 });
    await screenshot(carol, 'web-room-en-phone.png');
    const overflow = await carol.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // Lines posted while a browser is offline arrive once, in order, when it is back.
    await alice.context().setOffline(true);
    for (const line of ['offline line 1', 'offline line 2', 'offline line 3']) {
      await rig.server.say(`inc-${id}`, line, await rig.server.token('carol'));
    }
    await alice.context().setOffline(false);
    await expect.poll(() => chatLines(alice), { timeout: 20_000 }).toContain('offline line 3');
    const seen = await chatLines(alice);
    expect(seen.filter((line) => line.startsWith('offline line'))).toEqual(['offline line 1', 'offline line 2', 'offline line 3']);
    const after = (await rig.server.request('GET', `/api/v1/rooms/inc-${id}/messages`, { token: await rig.server.token('carol') })).body.messages.map((m: { text: string }) => m.text);
    expect(seen).toEqual(after);
  }, 120_000);

  it('renders the Chinese room in Chinese for a person who prefers Chinese, and switches language on request', async () => {
    const mei = await signIn(await newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }), rig.server, 'mei', PASSWORD, '/rooms/incident-chat-zh');
    await expect.poll(() => mei.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect.poll(() => mei.locator('#chat-heading').textContent()).toBe('聊天');
    await mei.getByLabel('消息或命令').fill('!宣布 2 支付接口超时');
    await mei.getByLabel('消息或命令').press('Enter');
    await expect.poll(async () => (await chatLines(mei)).join('\n')).toMatch(/已宣布事件 #\d+：SEV-2“支付接口超时”/);
    await expect.poll(() => mei.locator('h1').textContent()).toMatch(/事件 #\d+：支付接口超时/);
    await mei.getByLabel('消息或命令').fill('!角色 记录员 mei');
    await mei.getByLabel('消息或命令').press('Enter');
    await expect.poll(() => chatLines(mei)).toContain('王美 (@mei) 现在是记录员。');
    await expect.poll(() => mei.locator('[data-role=scribe] dt').textContent()).toBe('记录员');
    expect(await mei.locator('.contact').textContent()).toContain('需要事件指挥官？输入');
    expect(await mei.locator('#roles-heading').textContent()).toBe('角色');
    await expect.poll(() => mei.locator('.timeline-list').textContent()).toMatch(/王美 \(@mei\) 宣布了 SEV-2“支付接口超时”[\s\S]*王美 \(@mei\) 成为记录员/);
    await screenshot(mei, 'web-room-zh-CN.png');

    await mei.getByLabel('语言').selectOption('en');
    await expect.poll(() => mei.locator('#chat-heading').textContent()).toBe('Chat');
    await mei.reload();
    await expect.poll(() => mei.locator('#roles-heading').textContent()).toBe('Roles');
    await mei.getByLabel('Language').selectOption('zh-CN');
    await expect.poll(() => mei.locator('#roles-heading').textContent()).toBe('角色');
  }, 60_000);

  it('lists open incidents with severity, age, IC and status, and shows who is on call now and next', async () => {
    const carol = await signIn(await newContext(), rig.server, 'carol', PASSWORD);
    const row = carol.locator('table.incidents').first().locator('tbody tr').filter({ hasText: 'checkout is failing' });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.locator('.sev').textContent()).toBe('SEV-1');
    expect(await row.locator('.sev').getAttribute('class')).toContain('sev-1');
    expect(await row.textContent()).toContain('open');
    await carol.getByRole('link', { name: 'On call' }).click();
    await expect.poll(() => carol.locator('h1').textContent()).toBe('Who is on call');
    const primary = carol.locator('table.oncall').first().locator('tbody tr').first();
    await expect.poll(() => primary.textContent(), { timeout: 30_000 }).toMatch(/Primary IC.*\(@\w+\).*\(@\w+\) from /);
  });
});
