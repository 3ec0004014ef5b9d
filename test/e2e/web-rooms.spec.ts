import { describe, expect, it } from 'vitest';
import { browserRig, screenshot, signIn } from '../support/browser.js';

const PASSWORD = 'correct horse battery';

describe('rooms in the browser: the live badge and the sidebar (Chromium)', { timeout: 120_000 }, () => {
  const rig = browserRig(['carol', 'alice'], PASSWORD, { locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
  const newContext = () => rig.newContext();

  it('says "Live" within 2 s of loading while lines keep arriving', async () => {
    const carol = await rig.server.token('carol');
    const id = (await rig.server.say('incident-chat', '!declare 3 cache misses', carol)).body.incident.id as number;
    const page = await signIn(await newContext(), rig.server, 'alice', PASSWORD, '/');
    let sending = true;
    let n = 0;
    const chatter = (async () => {
      // About ten lines a second: steady traffic that cannot push the marker out of the chat's last lines before it is seen.
      while (sending) {
        await rig.server.say(`inc-${id}`, `line ${++n}`, carol);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        await page.goto(`${rig.server.url}/incidents/${id}`, { waitUntil: 'load' });
        const badge = page.locator('[data-live]');
        await badge.and(page.locator('[data-live=live]')).waitFor({ timeout: 2000 });
        expect(await badge.textContent()).toBe('Live');
        // And it is live for real: a line said now shows up in the chat.
        const marker = `marker ${attempt}`;
        const said = await rig.server.say(`inc-${id}`, marker, carol);
        expect(said.status, JSON.stringify(said.body)).toBeLessThan(300);
        await expect.poll(() => page.locator('.chat-log .text').allTextContents(), { timeout: 10_000 }).toContain(marker);
      }
    } finally {
      sending = false;
      await chatter;
    }
  });

  it('is live in every tab of a browser, however many are open (one stream per browser, not per tab)', async () => {
    const carol = await rig.server.token('carol');
    const id = (await rig.server.say('incident-chat', '!declare 4 slow thumbnails', carol)).body.incident.id as number;
    const context = await newContext();
    const first = await signIn(context, rig.server, 'alice', PASSWORD, `/incidents/${id}`);
    const tabs = [first];
    // Browsers allow six connections per rig.server over HTTP/1.1: a stream per tab would starve the seventh.
    for (let n = 1; n < 8; n++) {
      const tab = await context.newPage();
      await tab.goto(`${rig.server.url}/incidents/${id}`, { waitUntil: 'load' });
      await tab.locator('[data-live=live]').waitFor({ timeout: 2000 });
      tabs.push(tab);
    }
    await rig.server.say(`inc-${id}`, 'seen in every tab', carol);
    for (const tab of tabs) await expect.poll(() => tab.locator('.chat-log .text').allTextContents(), { timeout: 15_000 }).toContain('seen in every tab');
    // The tab holding the stream closes: another takes it over and misses nothing.
    await first.close();
    await rig.server.say(`inc-${id}`, 'after the first tab closed', carol);
    for (const tab of tabs.slice(1)) await expect.poll(() => tab.locator('.chat-log .text').allTextContents(), { timeout: 20_000 }).toContain('after the first tab closed');
    await Promise.all(tabs.slice(1).map((tab) => tab.close()));
  });

  it('lists lobbies, open incidents and their sub-teams, and marks rooms with lines you have not read', async () => {
    const carol = await rig.server.token('carol');
    const id = (await rig.server.say('incident-chat', '!declare 2 search is slow', carol)).body.incident.id as number;
    const page = await signIn(await newContext(), rig.server, 'alice', PASSWORD, `/incidents/${id}`);
    const sidebar = page.getByRole('navigation', { name: 'Rooms' });
    await expect.poll(() => sidebar.locator('[data-room="incident-chat"]').count()).toBe(1);
    expect(await sidebar.locator('[data-room="incident-chat-zh"]').count()).toBe(1);
    const own = sidebar.locator(`[data-room="inc-${id}"]`);
    await expect.poll(() => own.textContent()).toContain(`#inc-${id}-search-is-slow`);
    expect(await own.getAttribute('aria-current')).toBe('page');

    // A sub-team opens: its room appears under its incident.
    await rig.server.say(`inc-${id}`, '!ic take', carol);
    await rig.server.say(`inc-${id}`, '!subteam alpha alice', carol);
    const team = sidebar.locator(`[data-room="inc-${id}-alpha"]`);
    await expect.poll(() => team.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.locator('.subteams [data-subteam=alpha]').textContent()).toContain('led by Alice Anderson (@alice)');

    // Lines in another room are marked unread; the open room is not.
    await rig.server.say(`inc-${id}-alpha`, 'alpha is checking the index', carol);
    await rig.server.say(`inc-${id}-alpha`, 'index rebuilt', carol);
    await rig.server.say(`inc-${id}`, 'a line in the room alice has open', carol);
    await expect.poll(() => team.getAttribute('data-unread')).toBe('2');
    expect(await own.getAttribute('data-unread')).toBeNull();
    await screenshot(page, 'web-rooms-sidebar-en.png');

    // Opening the sub-team's room reads it: the mark goes, and the chat is the sub-team's own.
    await team.click();
    await page.waitForURL(new RegExp(`/rooms/inc-${id}-alpha$`));
    await expect.poll(() => page.locator('.chat-log .text').allTextContents()).toContain('index rebuilt');
    expect(await page.locator('.chat-log .text').allTextContents()).not.toContain('a line in the room alice has open');
    await expect.poll(() => team.getAttribute('data-unread')).toBeNull();

    // A resolved incident leaves the list.
    await rig.server.say(`inc-${id}`, '!resolve', carol);
    await expect.poll(() => own.count(), { timeout: 20_000 }).toBe(0);
  });
});
