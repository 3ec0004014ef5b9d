import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import en from '../../src/i18n/catalog/en/web.json' with { type: 'json' };
import zh from '../../src/i18n/catalog/zh-CN/web.json' with { type: 'json' };
import { COMMAND_NAMES } from '../../src/domain/language/intents.js';
import { browserRig, screenshot, signIn } from '../support/browser.js';

const PASSWORD = 'correct horse battery';
type Ui = typeof en.web.ui;
const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key]));

/** One language's drill: who runs it, in which room, and the labels the page shows them. */
interface Drill {
  lang: 'en' | 'zh-CN';
  ui: Ui;
  commander: string;
  deputy: string;
  scribe: string;
  room: string;
  title: string;
  locale: string;
  timezoneId: string;
  /** Chat lines the buttons must have posted, in the room's language; `#ID` is the incident's number (buttons name their incident). */
  typed: { take: string; role: string; remove: string; approve: string };
}

const DRILLS: Drill[] = [
  {
    lang: 'en',
    ui: en.web.ui,
    commander: 'carol',
    deputy: 'alice',
    scribe: 'bob',
    room: 'incident-chat',
    title: 'checkout is failing',
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    typed: { take: '!ic take #ID', role: '!role #ID deputy alice', remove: '!role #ID remove scribe bob', approve: '!approve #ID 1' },
  },
  {
    lang: 'zh-CN',
    ui: zh.web.ui as Ui,
    commander: 'mei',
    deputy: 'lei',
    scribe: 'carol',
    room: 'incident-chat-zh',
    title: '支付接口超时',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    typed: { take: '!指挥官 接管 #ID', role: '!角色 #ID 副指挥官 lei', remove: '!角色 #ID 撤销 记录员 carol', approve: '!批准 #ID 1' },
  },
];

describe('a SEV-1 drill run with buttons alone (Chromium)', { timeout: 180_000 }, () => {
  const rig = browserRig(['carol', 'alice', 'bob', 'mei', 'lei'], PASSWORD, { viewport: { width: 1280, height: 900 } });
  const newContext = (drill: Drill) => rig.newContext({ locale: drill.locale, timezoneId: drill.timezoneId });

  const chatLines = (page: Page) => page.locator('.chat-log li:not([data-private]) .text').allTextContents();

  /** Desktop and phone screenshots of the page, and at phone width nothing may scroll sideways. */
  async function shots(page: Page, name: string) {
    await screenshot(page, `${name}.png`);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, `${name}-phone.png`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  for (const drill of DRILLS) {
    it(`declares, takes command, assigns roles, adds a task, approves a draft, resolves and closes the review (${drill.lang})`, async () => {
      const { ui } = drill;
      const page = await signIn(await newContext(drill), rig.server, drill.commander, PASSWORD, '/declare');
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(drill.lang);
      await shots(page, `web-declare-${drill.lang}`);

      await page.locator('#declare-room').selectOption(drill.room);
      await page.locator('#declare-severity').selectOption('1');
      await page.locator('#declare-title').fill(drill.title);
      await page.getByRole('button', { name: ui.declare.submit }).click();
      await page.waitForURL(/\/incidents\/\d+$/);
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      const typed = (line: string) => line.replace('#ID', `#${id}`);
      await expect.poll(() => page.locator('[data-live]').getAttribute('data-live')).toBe('live');

      // Take command: the button posts the chat command in the room's language.
      await page.getByRole('button', { name: ui.actions.take, exact: true }).click();
      await expect.poll(() => page.locator('[data-role=commander] dd').textContent()).toContain(`(@${drill.commander})`);
      await expect.poll(() => chatLines(page)).toContain(typed(drill.typed.take));
      expect(await page.getByRole('button', { name: ui.actions.take, exact: true }).count()).toBe(0);

      // Roles, picked from the people of the organisation.
      for (const [role, person] of [['deputy', drill.deputy], ['scribe', drill.scribe]] as const) {
        await page.locator('#action-role').selectOption(role);
        await page.locator('#action-role-person').selectOption(person);
        await page.getByRole('button', { name: ui.actions.assign, exact: true }).click();
        await expect.poll(() => page.locator(`[data-role=${role}] dd`).textContent()).toContain(`(@${person})`);
      }
      expect(await chatLines(page)).toContain(typed(drill.typed.role));

      // And remove one: the scribe's seat is vacant again, then filled by the same button as before.
      await page.locator('#action-role').selectOption('scribe');
      await page.locator('#action-role-person').selectOption(drill.scribe);
      await page.getByRole('button', { name: ui.actions.remove_role, exact: true }).click();
      await expect.poll(() => page.locator('[data-role=scribe] dd').textContent()).toBe(ui.oncall.nobody);
      expect(await chatLines(page)).toContain(typed(drill.typed.remove));
      await page.getByRole('button', { name: ui.actions.assign, exact: true }).click();
      await expect.poll(() => page.locator('[data-role=scribe] dd').textContent()).toContain(`(@${drill.scribe})`);

      // A task for the deputy.
      await page.locator('#action-kind').selectOption('task');
      await page.locator('#action-owner').selectOption(drill.deputy);
      await page.locator('#action-text').fill(drill.lang === 'en' ? 'roll back the 14:02 deploy' : '回滚 14:02 的发布');
      await page.getByRole('button', { name: ui.actions.add, exact: true }).click();
      await expect.poll(() => page.locator('.tasks li').first().textContent()).toContain(`(@${drill.deputy})`);

      // A public draft, then the IC approves it from the Communications panel.
      await page.locator('#action-kind').selectOption('public');
      await page.locator('#action-text').fill(drill.lang === 'en' ? 'We are investigating failed checkouts.' : '我们正在调查支付失败的问题。');
      await page.getByRole('button', { name: ui.actions.add, exact: true }).click();
      const approve = page.getByRole('button', { name: fill(ui.comms.approve, { n: 1 }) });
      await expect.poll(() => approve.count()).toBe(1);
      await approve.click();
      await expect.poll(() => page.locator('.comms [data-published="1"]').count()).toBe(1);
      expect(await chatLines(page)).toContain(typed(drill.typed.approve));

      // Typed in the chat box: these pages were noise, a sentence of the timeline under its pages filter.
      const reason = drill.lang === 'en' ? 'the canary alert fires on every deploy' : '每次发布都会触发金丝雀告警';
      await page.locator('#chat-input').fill(`${drill.lang === 'en' ? '!noise' : '!噪音'} ${reason}`);
      await page.locator('#chat-input').press('Enter');

      // The timeline reads as sentences in the viewer's language; the filters narrow it.
      const timeline = page.locator('.timeline-list');
      await expect.poll(() => timeline.textContent()).toContain(drill.lang === 'en' ? 'became the Incident Commander' : '成为事件指挥官');
      expect(await timeline.textContent()).not.toMatch(/public\.drafted|role\.assigned/);
      await page.locator('.timeline [data-filter=communications]').click();
      await expect.poll(() => timeline.locator('li').evaluateAll((items) => items.map((item) => item.getAttribute('data-type')))).toEqual(
        expect.arrayContaining(['public.drafted', 'public.published']),
      );
      expect(await timeline.locator('li[data-type="role.assigned"]').count()).toBe(0);
      await page.locator('.timeline [data-filter=pages]').click();
      await expect.poll(() => timeline.locator('li[data-type="noise.reported"]').textContent()).toContain(
        fill(ui.event.noise_reported_reason, { actor: '', reason }).trim(),
      );
      expect(await timeline.locator('li[data-type="public.drafted"]').count()).toBe(0);
      await page.locator('.timeline [data-filter=all]').click();

      // Ctrl+K lists every command in the viewer's language.
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+k');
      const palette = page.getByRole('dialog', { name: ui.palette.title });
      await expect.poll(() => palette.locator('[role=option]').count()).toBe(COMMAND_NAMES.length);
      expect(await palette.textContent()).toContain(drill.lang === 'en' ? '!approve <n>' : '!批准 <编号>');
      await page.keyboard.press('Escape');
      await expect.poll(() => palette.count()).toBe(0);

      await shots(page, `web-drill-room-${drill.lang}`);

      // Resolve; then the review, edited in place and moved along its flow.
      await page.getByRole('button', { name: ui.actions.resolve, exact: true }).click();
      await expect.poll(() => page.locator('.room-head .state').textContent()).toBe(ui.room.state_resolved);
      await page.getByRole('link', { name: ui.room.open_review }).click();
      await page.waitForURL(new RegExp(`/incidents/${id}/review$`));
      const status = page.locator('[data-status]');
      await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('draft');

      await page.getByRole('button', { name: fill(ui.review.edit_section, { section: ui.review.section_summary }) }).click();
      const summary = drill.lang === 'en' ? 'A bad deploy broke checkout for 20 minutes.' : '一次有问题的发布导致支付中断 20 分钟。';
      await page.locator('#review-summary').fill(summary);
      await page.getByRole('button', { name: ui.review.save, exact: true }).click();
      await expect.poll(() => page.locator('[data-section=summary] .review-text').textContent()).toBe(summary);

      // The review starts with the open tasks as action items; one more, with an owner and a due date.
      const existing = await page.locator('.action-items > li').count();
      await page.getByRole('button', { name: ui.review.item_add }).click();
      await page.locator(`#item-text-${existing}`).fill(drill.lang === 'en' ? 'Add a canary stage to deploys' : '发布流程增加金丝雀阶段');
      await page.locator(`#item-owner-${existing}`).selectOption(drill.deputy);
      await page.locator(`#item-due-${existing}`).fill('2026-12-15');
      await page.getByRole('button', { name: ui.review.items_save }).click();
      await expect.poll(() => page.getByTestId('items-message').textContent()).toBe(ui.review.items_saved);

      if ((await page.locator('#review-owner').inputValue()) !== drill.commander) {
        await page.locator('#review-owner').selectOption(drill.commander);
        await page.getByRole('button', { name: ui.review.set_owner }).click();
        await expect.poll(() => page.getByTestId('review-message').textContent()).toBe(ui.review.owner_saved);
      }
      await shots(page, `web-review-${drill.lang}`);
      // Not Reviewed while the root cause and the impact are empty: the page says so, in the reader's language.
      await page.getByRole('button', { name: ui.review.to_in_review, exact: true }).click();
      await expect.poll(() => status.getAttribute('data-status')).toBe('in_review');
      await page.getByRole('button', { name: ui.review.to_reviewed, exact: true }).click();
      const unwritten = drill.lang === 'en'
        ? 'The review cannot be “Reviewed” while its Root cause, Impact are empty. Write them first.'
        : '回顾的根本原因、影响尚未填写，还不能标记为“已回顾”。请先填写。';
      await expect.poll(() => page.getByTestId('review-message').textContent()).toBe(unwritten);
      expect(await status.getAttribute('data-status')).toBe('in_review');
      const written = drill.lang === 'en'
        ? { rootCause: 'The deploy shortened the payment client’s timeout.', impact: 'Card payments failed for 20 minutes.' }
        : { rootCause: '发布缩短了支付客户端的超时时间。', impact: '银行卡支付失败 20 分钟。' };
      for (const [section, label] of [['rootCause', ui.review.section_rootCause], ['impact', ui.review.section_impact]] as const) {
        await page.getByRole('button', { name: fill(ui.review.edit_section, { section: label }) }).click();
        await page.locator(`#review-${section}`).fill(written[section]);
        await page.getByRole('button', { name: ui.review.save, exact: true }).click();
        await expect.poll(() => page.locator(`[data-section=${section}] .review-text`).textContent()).toBe(written[section]);
      }
      for (const [button, next] of [
        [ui.review.to_reviewed, 'reviewed'],
        [ui.review.to_closed, 'closed'],
      ] as const) {
        await page.getByRole('button', { name: button, exact: true }).click();
        await expect.poll(() => status.getAttribute('data-status')).toBe(next);
      }
      expect(await page.getByRole('button', { name: ui.review.edit, exact: true }).count()).toBe(0);

      // The stored review is what the page showed; the export carries it.
      const token = await rig.server.token(drill.commander);
      const stored = (await rig.server.request('GET', `/api/v1/incidents/${id}/review`, { token })).body;
      expect(stored.status).toBe('closed');
      expect(stored.sections.summary).toBe(summary);
      expect(stored.actionItems.at(-1)).toMatchObject({ owner: drill.deputy, due: '2026-12-15' });
      const markdown = await page.request.get(`${rig.server.url}/api/v1/incidents/${id}/review.md`, { headers: { 'accept-language': drill.lang } });
      expect(markdown.status()).toBe(200);
      expect(await markdown.text()).toContain(summary);

      // The list: peak severity, the duration of a resolved incident.
      await page.goto(`${rig.server.url}/`);
      const row = page.locator(`tr[data-incident="${id}"]`).first();
      await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
      expect(await row.locator('[data-peak]').textContent()).toBe('SEV-1');
      expect(await row.getByTestId('age').textContent()).toContain(drill.lang === 'en' ? 'lasted' : '历时');
      await shots(page, `web-incidents-${drill.lang}`);
      await page.goto(`${rig.server.url}/oncall`);
      await expect.poll(() => page.locator('table.oncall').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await shots(page, `web-oncall-${drill.lang}`);
    }, 180_000);
  }

  it('refuses a button as the chat would: only the IC resolves', async () => {
    const [drill] = DRILLS;
    const carol = await rig.server.token('carol');
    const declared = await rig.server.say('incident-chat', '!declare 2 search is slow', carol);
    const id = declared.body.incident.id as number;
    await rig.server.say(`inc-${id}`, '!ic take', carol);
    const alice = await signIn(await newContext(drill), rig.server, 'alice', PASSWORD, `/incidents/${id}`);
    await expect.poll(() => alice.locator('[data-role=commander] dd').textContent()).toContain('(@carol)');
    await alice.getByRole('button', { name: drill.ui.actions.resolve, exact: true }).click();
    await expect.poll(() => alice.getByTestId('action-outcome').textContent()).toContain('Only the IC (Carol Carter (@carol)) can resolve the incident');
    expect((await rig.server.request('GET', `/api/v1/incidents/${id}`, { token: carol })).body.status).toBe('open');
  });

  it('explains a refused request field by field, in the person’s language', async () => {
    const [mei, carol] = [await rig.server.token('mei'), await rig.server.token('carol')];
    const empty = await rig.server.request('POST', '/api/v1/rooms/incident-chat-zh/messages', { token: mei, body: { text: '' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('请求无效：“text”至少需要 1 个字符');
    const english = await rig.server.request('POST', '/api/v1/rooms/incident-chat/messages', { token: carol, body: { text: '' } });
    expect(english.body.error.message).toBe('The request is not valid: “text” must have at least 1 character');
    const missing = await rig.server.request('POST', '/api/v1/rooms/incident-chat-zh/messages', { token: mei, body: { words: 'x' } });
    expect(missing.body.error.message).toBe('请求无效：缺少“text”');
    const listed = await rig.server.request('GET', '/api/v1/incidents?status=closed', { token: mei });
    expect(listed.body.error.message).toBe('请求无效：“status”必须是以下之一：open、resolved');
  });

  it('writes Chinese replies with full-width colons and separators', async () => {
    const mei = await rig.server.token('mei');
    const id = (await rig.server.say('incident-chat-zh', '!宣布 3 图片加载慢', mei)).body.incident.id as number;
    await rig.server.say(`inc-${id}`, '!指挥官 接管', mei);
    await rig.server.say(`inc-${id}`, '!角色 主题专家 lei', mei);
    await rig.server.say(`inc-${id}`, '!角色 主题专家 carol', mei);
    const roles = (await rig.server.say(`inc-${id}`, '!角色列表', mei)).body.replies.map((reply: { text: string }) => reply.text).join('\n');
    expect(roles).toContain('事件指挥官：王美 (@mei)');
    expect(roles).toContain('主题专家：李雷 (@lei)、Carol Carter (@carol)');
    expect(roles).not.toMatch(/[\u4e00-\u9fff]: /);
  });

  it('keeps status and roles above the chat at phone width, and folds them away', async () => {
    const [, drill] = DRILLS;
    const mei = await signIn(await newContext(drill), rig.server, 'mei', PASSWORD, '/');
    await mei.setViewportSize({ width: 390, height: 844 });
    const carol = await rig.server.token('carol');
    const id = (await rig.server.say('incident-chat-zh', '!宣布 2 登录缓慢', carol)).body.incident.id as number;
    await mei.goto(`${rig.server.url}/incidents/${id}`);
    const board = mei.locator('details.board');
    await expect.poll(() => board.count()).toBe(1);
    const boardBox = (await board.boundingBox())!;
    const chatBox = (await mei.locator('.chat').boundingBox())!;
    expect(boardBox.y).toBeLessThan(chatBox.y);
    expect(boardBox.y).toBeLessThan(844);
    const header = (await mei.locator('header.top').boundingBox())!;
    expect(header.height).toBeLessThan(844 / 8);
    await screenshot(mei, 'web-room-phone-zh-CN.png');
    // On a phone the board starts folded to its one line; its summary opens and folds it again.
    await expect.poll(() => mei.locator('#roles-heading').isVisible()).toBe(false);
    await board.locator('summary').click();
    await expect.poll(() => mei.locator('#roles-heading').isVisible()).toBe(true);
    await board.locator('summary').click();
    await expect.poll(() => mei.locator('#roles-heading').isVisible()).toBe(false);
  });
});
