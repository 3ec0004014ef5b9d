import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import en from '../../src/i18n/catalog/en/web.json' with { type: 'json' };
import zh from '../../src/i18n/catalog/zh-CN/web.json' with { type: 'json' };
import { COMMAND_NAMES } from '../../src/domain/language/intents.js';
import { browserRig, screenshot, signIn } from '../support/browser.js';
import { until } from '../support/until.js';

const PASSWORD = 'correct horse battery';
type Catalog = typeof en.web;
const PHONE = { width: 390, height: 844 };

const LANGUAGES = [
  { lang: 'en', web: en.web, error: en.error, person: 'carol', locale: 'en-GB', timezoneId: 'Europe/London', lobby: 'incident-chat' },
  { lang: 'zh-CN', web: zh.web as Catalog, error: zh.error as typeof en.error, person: 'mei', locale: 'zh-CN', timezoneId: 'Asia/Shanghai', lobby: 'incident-chat-zh' },
] as const;
type Language = (typeof LANGUAGES)[number];

const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key]));

/** What scrolls sideways: the page itself, or any box inside it that scrolls (a table in a scroller counts). */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const wide = [...document.querySelectorAll<HTMLElement>('*')]
      .filter((element) => element.scrollWidth > element.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(element).overflowX))
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    if (document.documentElement.scrollWidth > window.innerWidth) wide.unshift('html');
    return wide;
  });

/** The web UI on a phone, the sign-in form, and Ctrl+K on pages that are not rooms. */
describe('the web UI on a phone and on every page (Chromium)', { timeout: 120_000 }, () => {
  const rig = browserRig(['carol', 'mei'], PASSWORD, { viewport: PHONE });
  const newContext = (language: Language) => rig.newContext({ locale: language.locale, timezoneId: language.timezoneId });

  /** An open incident with a long title, and a resolved one whose review is drafted; declared in the person's lobby. */
  async function incidents(language: Language) {
    const token = await rig.server.token(language.person);
    const say = async (room: string, text: string) => (await rig.server.say(room, text, token)).body;
    const [declare, take, resolve] = language.lang === 'en' ? ['!declare', '!ic take', '!resolve'] : ['!宣布', '!指挥官 接管', '!解决'];
    const title = language.lang === 'en' ? 'checkout is failing for everybody in the eu-west-1 region' : '欧洲西部一区的所有用户都无法完成支付结算';
    const open = (await say(language.lobby, `${declare} 2 ${title}`)).incident.id as number;
    await say(`inc-${open}`, take);
    const resolved = (await say(language.lobby, `${declare} 2 ${language.lang === 'en' ? 'login is slow' : '登录缓慢'}`)).incident.id as number;
    await say(`inc-${resolved}`, take);
    await say(`inc-${resolved}`, resolve);
    await until(async () => (await rig.server.request('GET', `/api/v1/incidents/${resolved}/review`, { token })).status === 200, 'the review drafted');
    return { open, resolved, title };
  }

  for (const language of LANGUAGES) {
    const { ui } = language.web;

    it(`keeps the message box on the first screen of a room and nothing wider than a 390 px phone (${language.lang})`, async () => {
      const { open, resolved, title } = await incidents(language);
      const page = await signIn(await newContext(language), rig.server, language.person, PASSWORD, `/incidents/${open}`);

      for (const path of [`/incidents/${open}`, `/rooms/${language.lobby}`]) {
        if (new URL(page.url()).pathname !== path) await page.goto(rig.server.url + path);
        await page.locator('main[data-ready]').waitFor();
        const box = page.getByLabel(ui.room.message);
        await expect.poll(() => box.isVisible(), { message: path }).toBe(true);
        const place = (await box.boundingBox())!;
        expect(place.y, path).toBeGreaterThanOrEqual(0);
        expect(place.y + place.height, path).toBeLessThanOrEqual(PHONE.height);
        expect(await page.getByRole('button', { name: ui.room.send }).isVisible()).toBe(true);
        expect(await sideways(page), path).toEqual([]);
        await screenshot(page, `web-phone-room${path === `/incidents/${open}` ? '' : '-lobby'}-${language.lang}.png`);
      }

      // Scrolled down to the timeline, the box is still at hand, and a line typed there lands in the room.
      await page.goto(rig.server.url + `/incidents/${open}`);
      await page.locator('main[data-ready]').waitFor();
      await page.locator('.timeline').scrollIntoViewIfNeeded();
      const box = page.getByLabel(ui.room.message);
      const place = (await box.boundingBox())!;
      expect(place.y + place.height).toBeLessThanOrEqual(PHONE.height);
      const note = language.lang === 'en' ? '!note rolled back the 14:02 deploy' : '!笔记 已回滚 14:02 的发布';
      await box.fill(note);
      await box.press('Enter');
      await expect.poll(() => page.locator('.chat-log li .text').allTextContents()).toContain(note);
      await expect.poll(() => page.locator('.notes li').first().textContent()).toContain(language.lang === 'en' ? 'rolled back the 14:02 deploy' : '已回滚 14:02 的发布');

      // The other pages: the incidents list (each incident a card, not a table to scroll), on call, the review, the declare form.
      const pages = [
        ['/', ui.incidents.open],
        ['/oncall', ui.oncall.title],
        [`/incidents/${resolved}/review`, fill(ui.review.title, { id: resolved, title: language.lang === 'en' ? 'login is slow' : '登录缓慢' })],
        ['/declare', ui.declare.title],
      ] as const;
      for (const [path, heading] of pages) {
        await page.goto(rig.server.url + path);
        await expect.poll(() => page.locator('h1').textContent(), { message: path }).toBe(heading);
        if (path === '/') await page.locator(`tr[data-incident="${open}"]`).waitFor();
        expect(await sideways(page), path).toEqual([]);
        await screenshot(page, `web-phone${path.replace(/\W+/g, '-')}-${language.lang}.png`);
      }
      await page.goto(rig.server.url + '/');
      const link = page.getByRole('link', { name: `#${open} ${title}` });
      const card = (await link.boundingBox())!;
      expect(card.x + card.width).toBeLessThanOrEqual(PHONE.width);
      expect(await page.locator(`tr[data-incident="${open}"]`).textContent()).toContain(ui.room.state_open);

      // A desktop keeps its layout: the message box sits in the chat, under the log, not pinned to the screen.
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(rig.server.url + `/incidents/${open}`);
      await page.locator('main[data-ready]').waitFor();
      expect(await page.locator('.chat-form').evaluate((form) => getComputedStyle(form).position)).toBe('static');
      expect(await page.locator('.board').getAttribute('open')).not.toBeNull();
    });

    it(`says what to type when the sign-in form is sent empty, before asking the server, and the server’s refusal too (${language.lang})`, async () => {
      const page = await (await newContext(language)).newPage();
      const sent: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/session') sent.push(request.postData() ?? '');
      });
      await page.goto(rig.server.url + '/signin');
      await expect.poll(() => page.locator('h1').textContent()).toBe(ui.signin.title);
      const alert = page.getByRole('alert');
      const submit = page.getByRole('button', { name: ui.signin.submit });

      await submit.click();
      await expect.poll(() => alert.textContent()).toBe(ui.signin.missing_both);
      expect(await page.locator('#signin-person').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#signin-password').getAttribute('aria-invalid')).toBe('true');

      await page.locator('#signin-person').fill(language.person);
      await submit.click();
      await expect.poll(() => alert.textContent()).toBe(ui.signin.missing_password);
      expect(await page.locator('#signin-person').getAttribute('aria-invalid')).toBeNull();

      await page.locator('#signin-person').fill('   ');
      await page.locator('#signin-password').fill('whatever');
      await submit.click();
      await expect.poll(() => alert.textContent()).toBe(ui.signin.missing_person);
      expect(sent).toEqual([]);
      expect(await page.locator('main').textContent()).not.toMatch(/must have|character|person”/);
      await screenshot(page, `web-signin-empty-${language.lang}.png`);

      // A wrong password goes to the server, whose answer is in the person's language too.
      await page.locator('#signin-person').fill(language.person);
      await page.locator('#signin-password').fill('not the password');
      await submit.click();
      await expect.poll(() => alert.textContent()).toBe(language.error.invalid_credentials);
      expect(sent).toHaveLength(1);
    });

    it(`opens Ctrl+K on every signed-in page: it leads to an incident’s room, the declare form or a lobby, and in a room lists its commands (${language.lang})`, async () => {
      const { open, title } = await incidents(language);
      const page = await signIn(await rig.newContext({ locale: language.locale, timezoneId: language.timezoneId, viewport: { width: 1280, height: 900 } }), rig.server, language.person, PASSWORD, '/');
      const palette = page.getByRole('dialog', { name: ui.palette.go_title });
      const press = async () => {
        await page.locator('body').click({ position: { x: 5, y: 5 } });
        await page.keyboard.press('Control+k');
        await expect.poll(() => palette.count()).toBe(1);
      };
      const incident = `SEV-2 ${fill(ui.room.title, { id: open, title })}`;

      await expect.poll(() => page.locator('h1').textContent()).toBe(ui.incidents.open);
      await press();
      await expect.poll(() => palette.locator('[role=option]').allTextContents()).toContain(incident);
      expect(await palette.locator('[role=option]').allTextContents()).toContain(ui.app.declare);
      expect(await palette.textContent()).toContain(ui.palette.go_hint);
      // Modal: Tab and Shift+Tab stay inside.
      for (const key of ['Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
        await page.keyboard.press(key);
        expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role=dialog]')))).toBe(true);
      }
      await page.locator('#palette-filter').focus();
      await page.keyboard.type('zzqx');
      await expect.poll(() => palette.locator('[role=option]').count()).toBe(0);
      expect(await page.getByTestId('palette-empty').textContent()).toBe(ui.palette.go_none);
      expect(await page.getByTestId('palette-empty').isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => palette.count()).toBe(0);
      await screenshot(page, `web-go-to-none-${language.lang}.png`);

      // The incident's number finds it; Enter opens its room.
      await press();
      await page.keyboard.type(`#${open}`);
      await expect.poll(() => palette.locator('[aria-selected=true]').textContent()).toBe(incident);
      await page.keyboard.press('Enter');
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/incidents/${open}`);
      await page.locator('main[data-ready]').waitFor();
      expect(await page.locator('h1').textContent()).toContain(fill(ui.room.title, { id: open, title }));

      // In the room, Ctrl+K is the room's own palette: its commands, not places.
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+k');
      const commands = page.getByRole('dialog', { name: ui.palette.title });
      await expect.poll(() => commands.locator('[role=option]').count()).toBe(COMMAND_NAMES.length);
      expect(await palette.count()).toBe(0);
      await page.keyboard.type(language.lang === 'en' ? 'note' : '笔记');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#chat-input').inputValue()).toBe(language.lang === 'en' ? '!note ' : '!笔记 ');
      await expect.poll(() => commands.count()).toBe(0);

      // From the on-call page to the declare form, by its name.
      await page.getByRole('link', { name: ui.app.oncall }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe(ui.oncall.title);
      await press();
      await page.keyboard.type(ui.app.declare.slice(0, 2));
      await expect.poll(() => palette.locator('[aria-selected=true]').textContent()).toBe(ui.app.declare);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('h1').textContent()).toBe(ui.declare.title);

      // From the declare form to the lobby, with a click.
      await press();
      await palette.locator(`[data-go="/rooms/${language.lobby}"]`).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/rooms/${language.lobby}`);
      await expect.poll(() => page.locator('h1').textContent()).toBe(fill(ui.room.room_title, { room: language.lobby }));
    });
  }
});
