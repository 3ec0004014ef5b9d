import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import en from '../../src/i18n/catalog/en/web.json' with { type: 'json' };
import zh from '../../src/i18n/catalog/zh-CN/web.json' with { type: 'json' };
import { COMMAND_NAMES } from '../../src/domain/language/intents.js';
import { browserRig, screenshot, signIn } from '../support/browser.js';

const PASSWORD = 'correct horse battery';

/** The room's own controls: the add form, the status panel and the Ctrl+K palette, as a responder uses them. */
describe('the incident room’s controls (Chromium)', { timeout: 90_000 }, () => {
  const rig = browserRig(['carol', 'mei', 'lei'], PASSWORD, { viewport: { width: 1280, height: 900 } });
  const english = () => rig.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
  const chinese = () => rig.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

  /** An incident declared and commanded by `person` in `lobby`, through the API. */
  async function incident(person: string, lobby: string, declare: string, take: string): Promise<number> {
    const token = await rig.server.token(person);
    const id = (await rig.server.say(lobby, declare, token)).body.incident.id as number;
    await rig.server.say(`inc-${id}`, take, token);
    return id;
  }

  /** Ctrl+K once the room is drawn (its palette listens from then on). */
  async function openPalette(page: Page) {
    await page.locator('main[data-ready]').waitFor();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog');
    await expect.poll(() => palette.locator('[role=option]').count()).toBe(COMMAND_NAMES.length);
    return palette;
  }

  it('adds a note to an incident resolved while “Task for someone” was chosen, and then offers notes only', async () => {
    const id = await incident('carol', 'incident-chat', '!declare 3 search is slow', '!ic take');
    const page = await signIn(await english(), rig.server, 'carol', PASSWORD, `/incidents/${id}`);
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/rooms/inc-${id}/messages`)) sent.push(JSON.parse(request.postData() ?? '{}').text);
    });
    await page.locator('#action-kind').selectOption('task');
    await expect.poll(() => page.locator('#action-owner').count()).toBe(1);
    await page.getByRole('button', { name: en.web.ui.actions.resolve, exact: true }).click();
    await expect.poll(() => page.locator('.room-head .state').textContent()).toBe(en.web.ui.room.state_resolved);

    await page.locator('#action-text').fill('a note after resolve');
    await page.getByRole('button', { name: en.web.ui.actions.add, exact: true }).click();
    await expect.poll(() => page.getByTestId('action-outcome').textContent()).toBe(en.web.ui.actions.added_note);
    expect(sent.at(-1)).toBe(`!note #${id} a note after resolve`);
    const token = await rig.server.token('carol');
    const stored = (await rig.server.request('GET', `/api/v1/incidents/${id}`, { token })).body;
    expect(stored.notes.map((note: { text: string }) => note.text)).toEqual(['a note after resolve']);
    expect(stored.tasks).toEqual([]);

    // What is shown is what is sent: a resolved incident takes notes and the closing words, no more tasks or follow-ups.
    const { kind_note, kind_public, kind_update } = en.web.ui.actions;
    expect(await page.locator('#action-kind option').allTextContents()).toEqual([kind_note, kind_public, kind_update]);
    expect(await page.locator('#action-kind').inputValue()).toBe('note');
    expect(await page.locator('#action-owner').count()).toBe(0);
    await screenshot(page, 'web-actions-resolved-en.png');
  });

  it('files a note whose text starts with another incident’s number in the room’s own incident', async () => {
    const other = await incident('carol', 'incident-chat', '!declare 4 public status page is slow', '!ic take');
    const id = await incident('carol', 'incident-chat', '!declare private 3 leaked deploy key', '!ic take');
    const page = await signIn(await english(), rig.server, 'carol', PASSWORD, `/incidents/${id}`);
    await page.locator('#action-kind').selectOption('note');
    await page.locator('#action-text').fill(`#${other} attacker used the leaked key`);
    await page.getByRole('button', { name: en.web.ui.actions.add, exact: true }).click();
    await expect.poll(() => page.getByTestId('action-outcome').textContent()).toBe(en.web.ui.actions.added_note);
    const token = await rig.server.token('carol');
    const notes = async (which: number) =>
      ((await rig.server.request('GET', `/api/v1/incidents/${which}`, { token })).body.notes as { text: string }[]).map((note) => note.text);
    expect(await notes(id)).toEqual([`#${other} attacker used the leaked key`]);
    expect(await notes(other)).toEqual([]);
  });

  it('keeps what was typed in the chat box when the server cannot be reached or refuses it, and says so in the reader’s language', async () => {
    for (const run of [
      { person: 'carol', lobby: 'incident-chat', declare: '!declare 4 chat box keeps text', take: '!ic take', ui: en.web.ui, context: english, line: 'rolling back now', bad: '!sev 9' },
      { person: 'mei', lobby: 'incident-chat-zh', declare: '!宣布 4 输入框保留文字', take: '!指挥官 接管', ui: zh.web.ui, context: chinese, line: '正在回滚', bad: '!严重级别 9' },
    ]) {
      const id = await incident(run.person, run.lobby, run.declare, run.take);
      const page = await signIn(await run.context(), rig.server, run.person, PASSWORD, `/incidents/${id}`);
      await page.locator('main[data-ready]').waitFor();
      const box = page.locator('#chat-input');
      const privateLines = () => page.locator('[data-private] .text').allTextContents();
      await page.route(`**/api/v1/rooms/inc-${id}/messages`, (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.fallback()));
      await box.fill(run.line);
      await box.press('Enter');
      await expect.poll(privateLines).toEqual([run.ui.room.unreachable]);
      expect(await box.inputValue()).toBe(run.line);
      expect((await privateLines()).join('')).not.toContain('Failed to fetch');

      // Back online, the same text goes out and the box empties.
      await page.unroute(`**/api/v1/rooms/inc-${id}/messages`);
      await page.getByRole('button', { name: run.ui.room.send, exact: true }).click();
      await expect.poll(() => box.inputValue()).toBe('');
      await expect.poll(() => page.locator('.chat-log li:not([data-private]) .text').allTextContents()).toContain(run.line);

      // A refused command stays in the box to be corrected.
      await box.fill(run.bad);
      await box.press('Enter');
      await expect.poll(async () => (await privateLines()).length).toBe(2);
      expect(await box.inputValue()).toBe(run.bad);
    }
  });

  it('shows a page acknowledged in the Pages panel right after Acknowledge is clicked', async () => {
    const id = await incident('carol', 'incident-chat', '!declare 3 disk filling on db-2', '!ic take');
    const token = await rig.server.token('carol');
    await rig.server.say(`inc-${id}`, '!page carol disk is filling', token);
    const rows = async () => (await rig.server.request('GET', `/api/v1/incidents/${id}/pages`, { token })).body.pages as { person: string; pageStatus: string }[];
    await expect.poll(async () => (await rows()).some((row) => row.person === 'carol' && row.pageStatus === 'paging'), { timeout: 10_000 }).toBe(true);
    const page = await signIn(await english(), rig.server, 'carol', PASSWORD, `/incidents/${id}`);
    const mine = page.locator('.panel.pages li[data-person=carol]');
    await expect.poll(() => mine.getAttribute('data-page-status')).toBe('paging');
    await page.getByRole('button', { name: en.web.ui.actions.ack, exact: true }).click();
    await expect.poll(() => page.getByTestId('action-outcome').textContent()).toBe(en.web.ui.actions.acked);
    // Well before the panel's own 10-second look.
    await expect.poll(() => mine.getAttribute('data-page-status'), { timeout: 2_500 }).toBe('acknowledged');
    expect(await page.getByRole('button', { name: en.web.ui.actions.ack, exact: true }).count()).toBe(0);
  });

  it('says why a page closed when someone took command, in English and in Chinese', async () => {
    const token = await rig.server.token('carol');
    const id = (await rig.server.say('incident-chat', '!declare 3 cache node flapping', token)).body.incident.id as number;
    await rig.server.say(`inc-${id}`, '!ic page cache node flapping', token);
    const rows = async () => (await rig.server.request('GET', `/api/v1/incidents/${id}/pages`, { token })).body.pages as { pageStatus: string; cancelReason: string | null }[];
    await expect.poll(async () => (await rows()).some((row) => row.pageStatus === 'paging'), { timeout: 10_000 }).toBe(true);
    await rig.server.say(`inc-${id}`, '!ic take', token);
    await expect.poll(async () => (await rows()).every((row) => row.pageStatus === 'cancelled' && row.cancelReason === 'commander-assigned'), { timeout: 10_000 }).toBe(true);
    const people = (await rig.server.request('GET', '/api/v1/organisation', { token })).body.people as { handle: string; name: string }[];
    const carol = `${people.find((person) => person.handle === 'carol')!.name} (@carol)`;
    for (const [context, person, ui] of [[english, 'carol', en.web.ui], [chinese, 'mei', zh.web.ui]] as const) {
      const page = await signIn(await context(), rig.server, person, PASSWORD, `/incidents/${id}`);
      const state = page.locator('.panel.pages li[data-cancel-reason=commander-assigned] .page-state').first();
      await expect.poll(() => state.textContent()).toBe(ui.pages.cancelled_commander.replace('{person}', carol));
      expect(await page.locator('.panel.pages').textContent()).not.toContain(ui.pages.status_cancelled);
    }
  });

  it('offers a shadow no Acknowledge for a page they only shadow', async () => {
    const id = await incident('carol', 'incident-chat', '!declare 3 queue backlog growing', '!ic take');
    const token = await rig.server.token('carol');
    await rig.server.say(`inc-${id}`, '!ic page queue backlog growing', token);
    const rows = async () => (await rig.server.request('GET', `/api/v1/incidents/${id}/pages`, { token })).body.pages as { person: string; shadow: boolean; pageStatus: string }[];
    // The example organisation's IC shadow is lei.
    await expect.poll(async () => (await rows()).some((row) => row.person === 'lei' && row.shadow && row.pageStatus === 'paging'), { timeout: 10_000 }).toBe(true);
    const page = await signIn(await chinese(), rig.server, 'lei', PASSWORD, `/incidents/${id}`);
    await expect.poll(() => page.locator('.panel.pages li[data-person=lei]').first().getAttribute('data-page-status')).toBe('paging');
    expect(await page.locator('.panel.pages li[data-person=lei] .badge').first().textContent()).toBe(zh.web.ui.pages.shadow);
    expect(await page.getByRole('button', { name: zh.web.ui.actions.ack, exact: true }).count()).toBe(0);
  });

  it('shows a task closed at resolve as moved to its follow-up, not done (en, zh-CN)', async () => {
    for (const run of [
      { person: 'carol', lobby: 'incident-chat', declare: '!declare 4 stale cache entries', take: '!ic take', tasks: ['!task carol purge the cache', '!task carol write the runbook'], done: '!task done 1', resolve: '!resolve', ui: en.web.ui, context: english },
      { person: 'mei', lobby: 'incident-chat-zh', declare: '!宣布 4 缓存过期', take: '!指挥官 接管', tasks: ['!任务 mei 清理缓存', '!任务 mei 编写手册'], done: '!任务 完成 1', resolve: '!解决', ui: zh.web.ui, context: chinese },
    ]) {
      const id = await incident(run.person, run.lobby, run.declare, run.take);
      const token = await rig.server.token(run.person);
      for (const line of [...run.tasks, run.done, run.resolve]) expect((await rig.server.say(`inc-${id}`, line, token)).status).toBe(200);
      const stored = (await rig.server.request('GET', `/api/v1/incidents/${id}`, { token })).body;
      const followUp = stored.todos.find((todo: { fromTask?: number }) => todo.fromTask === 2);
      expect(followUp).toBeDefined();
      const page = await signIn(await run.context(), rig.server, run.person, PASSWORD, `/incidents/${id}`);
      const badge = (n: number) => page.locator(`.panel.tasks li[data-task="${n}"] .badge`).textContent();
      await expect.poll(() => badge(2)).toBe(run.ui.room.task_carried.replace('{n}', String(followUp.n)));
      expect(await badge(1)).toBe(run.ui.room.task_done);
    }
  });

  it('shows the no-such-incident page at /rooms/inc-N for an incident the viewer may not see or that does not exist', async () => {
    const secret = await incident('mei', 'incident-chat-zh', '!宣布 私密 3 密钥泄露', '!指挥官 接管');
    const page = await signIn(await english(), rig.server, 'carol', PASSWORD, '/');
    for (const id of [secret, 99_999]) {
      await page.goto(`${rig.server.url}/rooms/inc-${id}`);
      await expect.poll(() => page.locator('main[data-missing=incident] h1').textContent()).toBe(en.web.ui.missing.title);
      expect(await page.locator('main').textContent()).toContain(en.web.ui.missing.incident.replace('{id}', String(id)));
      expect(await page.locator('main').textContent()).not.toContain('Could not load');
    }
  });

  it('heads the status panel’s open tasks and latest notes (en, zh-CN)', async () => {
    for (const run of [
      { person: 'carol', lobby: 'incident-chat', declare: '!declare 2 checkout errors', take: '!ic take', task: '!task carol drain eu-west', note: '!note error rate 4%', ui: en.web.ui, context: english },
      { person: 'mei', lobby: 'incident-chat-zh', declare: '!宣布 2 支付超时', take: '!指挥官 接管', task: '!任务 mei 回滚发布', note: '!笔记 错误率 4%', ui: zh.web.ui, context: chinese },
    ]) {
      const id = await incident(run.person, run.lobby, run.declare, run.take);
      const token = await rig.server.token(run.person);
      await rig.server.say(`inc-${id}`, run.task, token);
      await rig.server.say(`inc-${id}`, run.note, token);
      const page = await signIn(await run.context(), rig.server, run.person, PASSWORD, `/incidents/${id}`);
      const status = page.locator('.panel.status');
      await expect.poll(() => status.locator('h3').allTextContents()).toEqual([run.ui.room.status_tasks.replace('{count}', '1'), run.ui.room.status_notes]);
      expect(await page.getByRole('list', { name: run.ui.room.status_tasks.replace('{count}', '1') }).textContent()).toContain(run.task.split(' ').slice(2).join(' '));
      expect(await page.getByRole('list', { name: run.ui.room.status_notes }).textContent()).toContain(run.note.split(' ').slice(1).join(' '));
      await screenshot(page, `web-status-${run.person}.png`);
    }
  });

  it('warns of a public draft that promises a time, names its components, and asks once more before approving it', async () => {
    const id = await incident('carol', 'incident-chat', '!declare 3 api errors', '!ic take');
    const token = await rig.server.token('carol');
    expect((await rig.server.say(`inc-${id}`, '!public [api] We expect to be back in 30 minutes.', token)).status).toBe(200);
    const page = await signIn(await english(), rig.server, 'carol', PASSWORD, `/incidents/${id}`);
    const draft = page.locator('.panel.comms li[data-draft="1"]');
    await expect.poll(() => draft.locator('[data-eta]').textContent()).toContain('in 30 minutes');
    expect(await draft.locator('[data-components]').textContent()).toBe(en.web.ui.comms.components.replace('{components}', 'api'));
    await draft.getByRole('button', { name: en.web.ui.comms.approve.replace('{n}', '1'), exact: true }).click();
    await expect.poll(() => draft.locator('[data-confirm]').count()).toBe(1);
    const published = async () => ((await rig.server.request('GET', `/api/v1/incidents/${id}/communications`, { token })).body.drafts as { publishedAt: string | null }[])[0].publishedAt;
    expect(await published()).toBeNull();
    await draft.getByRole('button', { name: en.web.ui.comms.approve_anyway.replace('{n}', '1'), exact: true }).click();
    await expect.poll(() => page.locator('.panel.comms li[data-published="1"] [data-components]').count()).toBe(1);
    expect(await published()).not.toBeNull();
  });

  it('writes no space between the Chinese draft label’s full-width colon and the quoted draft', async () => {
    const id = await incident('mei', 'incident-chat-zh', '!宣布 4 登录缓慢', '!指挥官 接管');
    expect((await rig.server.say(`inc-${id}`, '!公告 我们正在调查登录缓慢的问题。', await rig.server.token('mei'))).status).toBe(200);
    const page = await signIn(await chinese(), rig.server, 'mei', PASSWORD, `/incidents/${id}`);
    const text = page.locator('.panel.comms li[data-draft="1"] .draft-text');
    await expect.poll(() => text.textContent()).toMatch(/^草稿 #1（.+）：“我们正在调查登录缓慢的问题。”$/);
  });

  it('shows every command’s usage in the palette, in English and in Chinese', async () => {
    const id = await incident('mei', 'incident-chat-zh', '!宣布 4 命令面板', '!指挥官 接管');
    for (const [context, person] of [[english, 'carol'], [chinese, 'mei']] as const) {
      const page = await signIn(await context(), rig.server, person, PASSWORD, `/incidents/${id}`);
      const palette = await openPalette(page);
      const usages = await palette.locator('[role=option]').allTextContents();
      expect(usages.filter((usage) => !usage.startsWith('!'))).toEqual([]);
      const usageOf = async (command: string) => palette.locator(`[data-command=${command}]`).textContent();
      if (person === 'carol') {
        expect(await usageOf('page')).toContain('!page <team|service|person>');
        expect(await usageOf('proxy')).toContain('!proxy <person>');
        expect(await usageOf('maintenance')).toContain('!maintenance <services> <from> <to> <text>');
      } else {
        expect(await usageOf('page')).toContain('!呼叫 <团队|服务|人员>');
        expect(await usageOf('proxy')).toContain('!代理 <人员>');
        expect(await usageOf('maintenance')).toContain('!维护 <服务> <开始> <结束> <内容>');
        expect(await usageOf('ic')).toContain('同时呼叫主指挥官和备份指挥官');
        expect(await palette.textContent()).not.toContain('主要和备份');
      }
      await screenshot(page, `web-palette-${person}.png`);
    }
  });

  it('highlights the best match as the palette filters, and Enter puts that command in the chat box', async () => {
    const id = await incident('carol', 'incident-chat', '!declare 4 filter check', '!ic take');
    const page = await signIn(await english(), rig.server, 'carol', PASSWORD, `/incidents/${id}`);
    const palette = await openPalette(page);
    const highlighted = () => palette.locator('[aria-selected=true]').getAttribute('data-command');
    await page.keyboard.type('sev');
    // `!declare`'s usage mentions SEV-1 too, but the command named so comes first, and is the one highlighted.
    await expect.poll(() => palette.locator('[role=option]').first().getAttribute('data-command')).toBe('sev');
    expect(await highlighted()).toBe('sev');
    expect(await palette.locator('[data-command=declare]').count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    expect(await highlighted()).toBe('declare');
    await page.keyboard.press('Backspace');
    await expect.poll(highlighted).toBe('sev');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#chat-input').inputValue()).toBe('!sev ');
    await expect.poll(() => palette.count()).toBe(0);

    // The palette is modal: Tab and Shift+Tab stay inside it.
    await openPalette(page);
    for (const key of ['Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role=dialog]')))).toBe(true);
    }
    await page.keyboard.type('zzqx');
    await expect.poll(() => palette.locator('[role=option]').count()).toBe(0);
    expect(await page.getByTestId('palette-empty').textContent()).toBe(en.web.ui.palette.none);
    expect(await page.getByTestId('palette-empty').isVisible()).toBe(true);
    await page.keyboard.press('Escape');

    // A Chinese word finds its command too: 级别 is an alias of !sev.
    await openPalette(page);
    await page.keyboard.type('级别');
    await expect.poll(highlighted).toBe('sev');
    await page.keyboard.press('Escape');
  });
});
