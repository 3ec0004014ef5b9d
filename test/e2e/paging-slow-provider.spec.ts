import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, storeEnv } from '../support/server-process.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { WebhookSink } from '../support/webhook-sink.js';
import { pagingConfig, WEBHOOK_SECRET } from '../support/paging-config.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two instances share one PostgreSQL database; every person's webhook
 * receiver takes 45 s to answer (the config allows up to 60 s), longer than the
 * 30 s job lease. The lease is renewed while a delivery runs, so nobody sends
 * it again, and deliveries run side by side, so the backup IC does not wait
 * for the primary's receiver. Counted at the receiver, without de-duplication.
 */
describe('a webhook receiver that takes 45 s to answer, two instances on PostgreSQL', () => {
  let smtp: SmtpSink;
  let webhook: WebhookSink;
  let first: ServerProcess;
  let second: ServerProcess;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    webhook = await WebhookSink.start(WEBHOOK_SECRET);
    webhook.delayMs = 45_000;
    const options = {
      config: (config: Record<string, any>) => {
        pagingConfig({ smtp, webhook }, 10)(config);
        config.paging.webhook.timeoutSeconds = 60;
      },
      env: { DONT_PANIC_JOB_POLL_MS: '100', ...storeEnv('postgres') },
    };
    first = await ServerProcess.start(options);
    second = await ServerProcess.start({ ...options, dataDir: first.dataDir });
  }, 60_000);
  afterAll(async () => {
    await second?.kill('SIGTERM');
    await first?.stop();
    await Promise.all([smtp?.stop(), webhook?.stop()]);
  });

  it('pages every person of the level exactly once, side by side', async () => {
    const token = await first.token('carol');
    const page = await first.say('incident-chat', '!ic page checkout is down', token);
    expect(page.status).toBe(200);
    const id = page.body.incident.id;
    const people = ['alice', 'bob', 'lei'];

    // Every receiver got its page while the first one was still waiting for its answer.
    for (const person of people) await webhook.waitFor((hook) => hook.path === `/hooks/${person}`, 40_000);
    expect(webhook.received.map((hook) => hook.answeredBefore)).toEqual([0, 0, 0]);
    for (const person of people) await smtp.waitFor((mail) => mail.to.includes(`${person}@example.com`), 10_000);

    const rows = await (async () => {
      const deadline = Date.now() + 90_000;
      for (;;) {
        const all = (await second.request('GET', `/api/v1/incidents/${id}/pages`, { token })).body.pages as any[];
        const hooks = all.filter((row) => row.channel === 'webhook');
        if (hooks.length === 3 && hooks.every((row) => row.status === 'sent')) return all;
        if (Date.now() > deadline) throw new Error(`webhooks not recorded as sent: ${JSON.stringify(hooks)}`);
        await sleep(500);
      }
    })();
    // Past a whole lease after the answers: a second claim would have sent by now.
    await sleep(5000);

    for (const person of people) {
      expect(webhook.received.filter((hook) => hook.path === `/hooks/${person}`), person).toHaveLength(1);
      expect(smtp.messages.filter((mail) => mail.to.includes(`${person}@example.com`)), person).toHaveLength(1);
    }
    expect(webhook.received).toHaveLength(3);
    expect(webhook.received.every((hook) => hook.verified)).toBe(true);
    const hookRows = rows.filter((row) => row.channel === 'webhook');
    expect(hookRows.map((row) => [row.person, row.calls, row.mayHaveRepeated]).sort()).toEqual([
      ['alice', 1, false],
      ['bob', 1, false],
      ['lei', 1, false],
    ]);
  }, 180_000);
});
