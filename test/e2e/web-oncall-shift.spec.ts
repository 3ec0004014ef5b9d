import { describe, expect, it } from 'vitest';
import en from '../../src/i18n/catalog/en/web.json' with { type: 'json' };
import zh from '../../src/i18n/catalog/zh-CN/web.json' with { type: 'json' };
import { browserRig, screenshot, signIn } from '../support/browser.js';

const PASSWORD = 'correct horse battery';

/** Taking an on-call shift from the web's on-call page, and ending it: the overrides API under its own rights. */
describe('taking and ending an on-call shift on the on-call page (Chromium)', { timeout: 90_000 }, () => {
  const rig = browserRig(['carol', 'dave', 'mei'], PASSWORD, { locale: 'en-GB', timezoneId: 'Europe/London' }, {
    config: (config) => {
      // alice is the primary IC on call; carol is an admin and may change any schedule, dave may not.
      config.schedules['ic-primary'].layers[0].people = ['alice'];
      config.admins = ['carol'];
    },
  });

  it('puts the signed-in person on call for the hours chosen, shows it, and ends it again', async () => {
    const page = await signIn(await rig.newContext(), rig.server, 'carol', PASSWORD, '/oncall');
    const row = page.locator('table.oncall tr[data-schedule=ic-primary]').first();
    await expect.poll(() => row.locator('td').first().textContent()).toBe('Alice Anderson (@alice)');

    await row.getByRole('combobox', { name: en.web.ui.oncall.length }).selectOption('4');
    await row.getByRole('button', { name: en.web.ui.oncall.take, exact: true }).click();
    await expect.poll(() => row.getByTestId('shift-outcome').textContent()).toMatch(/^You are on call for ic-primary until .+\.$/);
    await expect.poll(() => row.locator('td').first().textContent()).toBe('Carol Carter (@carol)');
    const token = await rig.server.token('carol');
    const [override] = (await rig.server.request('GET', '/api/v1/oncall/schedules/ic-primary/overrides', { token })).body.overrides as { person: string; start: string; end: string }[];
    expect(override.person).toBe('carol');
    expect(Date.parse(override.end) - Date.parse(override.start)).toBe(4 * 3_600_000);
    // `!ic` in chat names the same person the page shows.
    expect((await rig.server.say('incident-chat', '!ic', token)).body.replies[0].text).toContain('Carol Carter (@carol)');
    await screenshot(page, 'web-oncall-shift-taken-en.png');

    await row.getByRole('button', { name: en.web.ui.oncall.end, exact: true }).click();
    await expect.poll(() => row.getByTestId('shift-outcome').textContent()).toBe('Your shift on ic-primary has ended.');
    await expect.poll(() => row.locator('td').first().textContent()).toBe('Alice Anderson (@alice)');
    expect((await rig.server.request('GET', '/api/v1/oncall/schedules/ic-primary/overrides', { token })).body.overrides).toEqual([]);
  });

  it('shows the server’s refusal to someone who may not change the schedule, and changes nothing', async () => {
    const page = await signIn(await rig.newContext(), rig.server, 'dave', PASSWORD, '/oncall');
    const row = page.locator('table.oncall tr[data-schedule=ic-primary]').first();
    await row.getByRole('button', { name: en.web.ui.oncall.take, exact: true }).click();
    await expect
      .poll(() => row.getByRole('alert').textContent())
      .toBe('You may not change who is on call for ic-primary: no team owns it, so apart from the people on its rotation only admins (carol) may. Ask an admin.');
    await expect.poll(() => row.locator('td').first().textContent()).toBe('Alice Anderson (@alice)');
  });

  it('speaks Chinese to a Chinese reader', async () => {
    const page = await signIn(await rig.newContext({ locale: 'zh-CN' }), rig.server, 'mei', PASSWORD, '/oncall');
    const row = page.locator('table.oncall tr[data-schedule=ic-primary]').first();
    await expect.poll(() => page.locator('table.oncall th[scope=col]').last().textContent()).toBe(zh.web.ui.oncall.col_shift);
    await row.getByRole('button', { name: zh.web.ui.oncall.take, exact: true }).click();
    await expect
      .poll(() => row.getByRole('alert').textContent())
      .toBe('您无权更改 ic-primary 的值班人员：没有团队拥有它，因此除其轮值中的人员外，只有管理员（carol）可以更改。请联系管理员。');
  });
});
