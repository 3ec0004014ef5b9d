import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../src/i18n/catalog/en/web.json' with { type: 'json' };
import { browserRig, signIn } from '../support/browser.js';
import { pagingConfig } from '../support/paging-config.js';
import { SmtpSink } from '../support/smtp-sink.js';

const PASSWORD = 'correct horse battery';

/** A page nobody answered in time (one level of 3 s, no repeat) is acknowledged late from the web room. */
describe('acknowledging a page whose escalation policy ran out, in the web room (Chromium)', { timeout: 90_000 }, () => {
  let smtp: SmtpSink;
  beforeAll(async () => {
    smtp = await SmtpSink.start();
  });
  afterAll(async () => smtp?.stop());
  const rig = browserRig(['alice'], PASSWORD, { locale: 'en-GB', timezoneId: 'Europe/London' }, {
    config: (config) => {
      pagingConfig({ smtp }, 3 / 60)(config);
      const policy = config.escalationPolicies['incident-command'];
      policy.repeat = 0;
      policy.levels = policy.levels.slice(0, 1);
    },
  });

  it('offers Acknowledge to the IC it reached, and shows the page acknowledged after the click', async () => {
    const token = await rig.server.token('carol');
    const { id, room } = (await rig.server.say('incident-chat', '!ic page checkout is down', token)).body.incident as { id: number; room: string };
    const lines = async () => ((await rig.server.request('GET', `/api/v1/rooms/${room}/messages`, { token })).body.messages as { text: string }[]).map((message) => message.text);
    await expect
      .poll(async () => (await lines()).some((text) => text.startsWith(`Nobody acknowledged page ${id}-1 and its escalation policy is exhausted`)), { timeout: 20_000 })
      .toBe(true);

    const page = await signIn(await rig.newContext(), rig.server, 'alice', PASSWORD, `/incidents/${id}`);
    const mine = page.locator('.panel.pages li[data-person=alice]').first();
    await expect.poll(() => mine.getAttribute('data-page-status')).toBe('exhausted');
    await page.getByRole('button', { name: en.web.ui.actions.ack, exact: true }).click();
    await expect.poll(() => page.getByTestId('action-outcome').textContent()).toBe(en.web.ui.actions.acked);
    await expect.poll(() => mine.getAttribute('data-page-status'), { timeout: 5_000 }).toBe('acknowledged');
    expect(await lines()).toContain(`Alice Anderson (@alice) acknowledged page ${id}-1: escalation stopped.`);
  });
});
