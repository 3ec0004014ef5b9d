import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pagingConfig, WEBHOOK_SECRET } from '../support/paging-config.js';
import { ServerProcess, STORES, storeEnv } from '../support/server-process.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { WebhookSink } from '../support/webhook-sink.js';

/**
 * The job runner is told of the jobs a commit schedules: with the poll set to
 * a minute, a page still goes out at once, and its escalation when the level's
 * time runs out, not at the next poll.
 */
describe.each(STORES)('jobs run when they fall due, not at the next poll, on %s', { timeout: 60_000 }, (store) => {
  let smtp: SmtpSink;
  let webhook: WebhookSink;
  let server: ServerProcess;
  let carol: string;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    webhook = await WebhookSink.start(WEBHOOK_SECRET);
    // A level waits 3 s for an acknowledgement; the runner would look for due jobs only once a minute.
    server = await ServerProcess.start({ config: pagingConfig({ smtp, webhook }, 3 / 60), env: { ...storeEnv(store), DONT_PANIC_JOB_POLL_MS: '60000' } });
    carol = await server.token('carol');
  });
  afterAll(async () => {
    await server?.stop();
    await Promise.all([smtp?.stop(), webhook?.stop()]);
  });

  it('pages the IC at once after !ic page, and escalates when nobody acknowledges within the level’s time', async () => {
    const page = await server.say('incident-chat', '!ic page checkout is down', carol);
    expect(page.status).toBe(200);
    const id = page.body.incident.id;
    const alice = await webhook.waitFor((hook) => hook.path === '/hooks/alice' && hook.body.data?.incidentId === id, 15_000);
    expect(alice.body.data).toMatchObject({ incidentId: id, level: 1 });
    const erin = await webhook.waitFor((hook) => hook.path === '/hooks/erin' && hook.body.data?.incidentId === id, 20_000);
    expect(erin.verified).toBe(true);
    expect(erin.body.data).toMatchObject({ incidentId: id, level: 2 });
  });
});
