import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import en from '../../src/i18n/catalog/en/web.json' with { type: 'json' };
import zh from '../../src/i18n/catalog/zh-CN/web.json' with { type: 'json' };
import { browserRig, screenshot, signIn } from '../support/browser.js';
import { until } from '../support/until.js';

const PASSWORD = 'correct horse battery';
type Ui = typeof en.web.ui;
const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key]));

const LANGUAGES = [
  { lang: 'en', ui: en.web.ui, person: 'carol', locale: 'en-GB', timezoneId: 'Europe/London' },
  { lang: 'zh-CN', ui: zh.web.ui as Ui, person: 'mei', locale: 'zh-CN', timezoneId: 'Asia/Shanghai' },
] as const;

/** Pages outside the room: an address that names no incident, the declare form, the review's action items. */
describe('the web pages around an incident (Chromium)', { timeout: 90_000 }, () => {
  const rig = browserRig(['carol', 'mei'], PASSWORD, { viewport: { width: 1280, height: 900 } });

  const inView = async (page: Page, selector: string) => {
    const box = (await page.locator(selector).boundingBox())!;
    const height = page.viewportSize()!.height;
    return box.y >= 0 && box.y + box.height <= height;
  };

  for (const { lang, ui, person, locale, timezoneId } of LANGUAGES) {
    it(`says there is no such incident for an address that names none, as for a number that has none (${lang})`, async () => {
      const page = await signIn(await rig.newContext({ locale, timezoneId }), rig.server, person, PASSWORD, '/incidents/abc');
      for (const [path, id] of [
        ['/incidents/abc', 'abc'],
        ['/incidents/abc/review', 'abc'],
        ['/incidents/9999', '9999'],
        ['/incidents/9999/review', '9999'],
      ] as const) {
        if (new URL(page.url()).pathname !== path) await page.goto(rig.server.url + path);
        await expect.poll(() => page.locator('h1').textContent(), { message: path }).toBe(ui.missing.title);
        expect(await page.locator('main').textContent()).toContain(fill(ui.missing.incident, { id }));
        expect(await page.locator('table.incidents').count()).toBe(0);
      }
      await screenshot(page, `web-no-such-incident-${lang}.png`);
      await page.getByRole('link', { name: ui.missing.back }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    });

    it(`starts the declare form on the lobby of the person’s language (${lang})`, async () => {
      const page = await signIn(await rig.newContext({ locale, timezoneId }), rig.server, person, PASSWORD, '/declare');
      await expect.poll(() => page.locator('#declare-room').inputValue()).toBe(lang === 'en' ? 'incident-chat' : 'incident-chat-zh');
    });

    it(`puts the private checkbox beside its label on the declare form (${lang})`, async () => {
      const page = await signIn(await rig.newContext({ locale, timezoneId }), rig.server, person, PASSWORD, '/declare');
      const checkbox = page.getByLabel(ui.declare.private);
      await expect.poll(() => checkbox.count()).toBe(1);
      // Measured again until the layout settles (a CJK font may still be arriving): a small box, at the label's start, on its line.
      const placement = async () => {
        const box = (await checkbox.boundingBox())!;
        const label = (await page.locator('label[for=declare-private]').boundingBox())!;
        const middle = box.y + box.height / 2;
        return { small: box.width < 32, atStart: box.x - label.x < 8, onItsLine: middle > label.y && middle < label.y + label.height };
      };
      await expect.poll(placement).toEqual({ small: true, atStart: true, onItsLine: true });
      await page.getByText(ui.declare.private, { exact: true }).click();
      expect(await checkbox.isChecked()).toBe(true);
      await screenshot(page, `web-declare-private-${lang}.png`);
    });

    it(`says which action item needs text, next to the items and in the person’s language (${lang})`, async () => {
      const token = await rig.server.token(person);
      const lobby = lang === 'en' ? 'incident-chat' : 'incident-chat-zh';
      const id = (await rig.server.say(lobby, lang === 'en' ? '!declare 2 login is slow' : '!宣布 2 登录缓慢', token)).body.incident.id as number;
      await rig.server.say(`inc-${id}`, lang === 'en' ? '!ic take' : '!指挥官 接管', token);
      await rig.server.say(`inc-${id}`, lang === 'en' ? '!resolve' : '!解决', token);
      await until(async () => (await rig.server.request('GET', `/api/v1/incidents/${id}/review`, { token })).status === 200, 'the review drafted');

      const page = await signIn(await rig.newContext({ locale, timezoneId }), rig.server, person, PASSWORD, `/incidents/${id}/review`);
      await page.getByRole('button', { name: ui.review.item_add }).click();
      await page.locator('#item-text-0').fill(lang === 'en' ? 'Add an index on sessions' : '为会话表加索引');
      await page.getByRole('button', { name: ui.review.item_add }).click();
      await page.getByRole('button', { name: ui.review.items_save }).click();

      const message = page.getByTestId('items-message');
      await expect.poll(() => message.textContent()).toBe(fill(ui.review.item_needs_text, { n: 2 }));
      expect(await message.getAttribute('role')).toBe('alert');
      expect(await inView(page, '[data-testid=items-message]')).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('item-text-1');
      expect(await page.locator('#item-text-1').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('review-message').textContent()).toBe('');
      expect(await page.locator('main').textContent()).not.toContain('actionItems');
      await screenshot(page, `web-review-item-needs-text-${lang}.png`);

      await page.locator('#item-text-1').fill(lang === 'en' ? 'Page the database team sooner' : '更早呼叫数据库团队');
      await page.getByRole('button', { name: ui.review.items_save }).click();
      await expect.poll(() => message.textContent()).toBe(ui.review.items_saved);
      expect(await inView(page, '[data-testid=items-message]')).toBe(true);
      const stored = (await rig.server.request('GET', `/api/v1/incidents/${id}/review`, { token })).body;
      expect(stored.actionItems.map((item: { text: string }) => item.text)).toEqual(
        lang === 'en' ? ['Add an index on sessions', 'Page the database team sooner'] : ['为会话表加索引', '更早呼叫数据库团队'],
      );
      // Someone else saves meanwhile: this page's next save is refused, in the person's language, and theirs is kept.
      const other = { text: lang === 'en' ? 'Alert on login latency' : '为登录延迟加告警' };
      const saved = await rig.server.request('PUT', `/api/v1/incidents/${id}/review`, { token, body: { version: stored.version, actionItems: [...stored.actionItems.map(({ text }: { text: string }) => ({ text })), other] } });
      expect(saved.status).toBe(200);
      await page.locator('#item-text-0').fill(lang === 'en' ? 'Add an index on sessions (and users)' : '为会话表和用户表加索引');
      await page.getByRole('button', { name: ui.review.items_save }).click();
      await expect.poll(() => message.textContent()).toContain(lang === 'en' ? 'The review changed after you loaded it' : '回顾在你打开之后已被别人修改');
      expect((await rig.server.request('GET', `/api/v1/incidents/${id}/review`, { token })).body.actionItems.map((item: { text: string }) => item.text)).toContain(other.text);
    });
  }
});
