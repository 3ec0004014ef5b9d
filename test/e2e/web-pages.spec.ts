import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import en from '../../src/i18n/catalog/en/web.json' with { type: 'json' };
import zh from '../../src/i18n/catalog/zh-CN/web.json' with { type: 'json' };
import reviewEn from '../../src/i18n/catalog/en/review.json' with { type: 'json' };
import reviewZh from '../../src/i18n/catalog/zh-CN/review.json' with { type: 'json' };
import { browserRig, screenshot, signIn } from '../support/browser.js';
import { until } from '../support/until.js';

const PASSWORD = 'correct horse battery';
type Ui = typeof en.web.ui;
const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key]));

const LANGUAGES = [
  { lang: 'en', ui: en.web.ui, review: reviewEn.review, person: 'carol', locale: 'en-GB', timezoneId: 'Europe/London' },
  { lang: 'zh-CN', ui: zh.web.ui as Ui, review: reviewZh.review as typeof reviewEn.review, person: 'mei', locale: 'zh-CN', timezoneId: 'Asia/Shanghai' },
] as const;

/** Pages outside the room: an address that names no incident, the declare form, the review's action items. */
describe('the web pages around an incident (Chromium)', { timeout: 90_000 }, () => {
  const rig = browserRig(['carol', 'mei'], PASSWORD, { viewport: { width: 1280, height: 900 } });

  const inView = async (page: Page, selector: string) => {
    const box = (await page.locator(selector).boundingBox())!;
    const height = page.viewportSize()!.height;
    return box.y >= 0 && box.y + box.height <= height;
  };

  for (const { lang, ui, review, person, locale, timezoneId } of LANGUAGES) {
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

    it(`shows the review’s generated summary and its timeline with times, as the Markdown export has them (${lang})`, async () => {
      const token = await rig.server.token(person);
      const lobby = lang === 'en' ? 'incident-chat' : 'incident-chat-zh';
      const title = lang === 'en' ? 'search | results are empty' : '搜索结果为空';
      const note = lang === 'en' ? 'rolled back the 14:02 deploy' : '已回滚 14:02 的发布';
      const id = (await rig.server.say(lobby, `${lang === 'en' ? '!declare' : '!宣布'} 2 ${title}`, token)).body.incident.id as number;
      await rig.server.say(`inc-${id}`, lang === 'en' ? '!ic take' : '!指挥官 接管', token);
      await rig.server.say(`inc-${id}`, `${lang === 'en' ? '!note' : '!笔记'} ${note}`, token);
      await rig.server.say(`inc-${id}`, lang === 'en' ? '!resolve' : '!解决', token);
      await until(async () => (await rig.server.request('GET', `/api/v1/incidents/${id}/review`, { token })).status === 200, 'the review drafted');

      const page = await signIn(await rig.newContext({ locale, timezoneId }), rig.server, person, PASSWORD, `/incidents/${id}/review`);
      const summary = page.locator('[data-section=summary]');
      // Up to the time and the person, which the server writes: "SEV-2 incident “…”, declared" / "SEV-2 事件“…”，由".
      const prefix = fill(review.md.auto_summary.split(lang === 'en' ? ' {declared}' : '{by}')[0], { severity: 2, title }).trimEnd();
      await expect.poll(() => summary.locator('.review-text').textContent()).toContain(prefix);
      expect(await summary.textContent()).toContain(ui.review.summary_generated);
      expect(await summary.locator('.review-text').textContent()).toContain(lang === 'en' ? 'Carol Carter (@carol)' : '王美 (@mei)');

      const timeline = page.locator('[data-section=timeline]');
      expect(await timeline.locator('h2').textContent()).toBe(ui.review.section_timeline);
      const lines = await timeline.locator('li .text').allTextContents();
      expect(lines[0]).toBe(fill(review.timeline.declared, { severity: 2, title }));
      expect(lines).toContain(fill(review.timeline.note, { n: 1, text: note }));
      expect(lines.at(-1)).toBe(review.timeline.resolved);
      // Each line has its time, in the viewer's zone.
      const times = await timeline.locator('li time').evaluateAll((items) => items.map((item) => item.getAttribute('datetime')));
      expect(times).toHaveLength(lines.length);
      const declaredAt = (await rig.server.request('GET', `/api/v1/incidents/${id}`, { token })).body.declaredAt as string;
      expect(times[0]).toBe(declaredAt);
      expect(await timeline.locator('li time').first().textContent()).toMatch(lang === 'en' ? /\d{2}:\d{2}/ : /北京时间/);
      // The same lines as the export, which escapes its table's `|`.
      const markdown = (await rig.server.request('GET', `/api/v1/incidents/${id}/review.md`, { token })).body as string;
      for (const line of lines) expect(markdown).toContain(line.replace(/\|/g, '\\|'));
      await screenshot(page, `web-review-generated-${lang}.png`);

      // Once someone writes the summary, that is what shows, and the timeline stays.
      await page.getByRole('button', { name: fill(ui.review.edit_section, { section: ui.review.section_summary }) }).click();
      const written = lang === 'en' ? 'A bad index made search return nothing.' : '一个有问题的索引导致搜索无结果。';
      await page.locator('#review-summary').fill(written);
      await page.getByRole('button', { name: ui.review.save, exact: true }).click();
      await expect.poll(() => summary.locator('.review-text').textContent()).toBe(written);
      expect(await summary.textContent()).not.toContain(ui.review.summary_generated);
      expect(await timeline.locator('li .text').allTextContents()).toEqual(lines);
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
      await expect.poll(() => message.textContent()).toContain(lang === 'en' ? 'The review changed after you loaded it' : '回顾在您打开之后已被别人修改');
      expect((await rig.server.request('GET', `/api/v1/incidents/${id}/review`, { token })).body.actionItems.map((item: { text: string }) => item.text)).toContain(other.text);
    });
  }
});
