import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pagingConfig, WEBHOOK_SECRET } from '../support/paging-config.js';
import { ServerProcess } from '../support/server-process.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { WebhookSink } from '../support/webhook-sink.js';

// What leaves the room of a private incident, and what reaches the logs.
describe('privacy of private incidents and of subscribers', { timeout: 90_000 }, () => {
  let smtp: SmtpSink;
  let webhook: WebhookSink;
  let server: ServerProcess;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    webhook = await WebhookSink.start(WEBHOOK_SECRET);
    server = await ServerProcess.start({ config: pagingConfig({ smtp, webhook }, 10) });
  });
  afterAll(async () => {
    await server?.stop();
    await Promise.all([smtp?.stop(), webhook?.stop()]);
  });

  it('pages by email and webhook say only “A private incident needs you”, with the link', async () => {
    const frank = await server.token('frank');
    const page = await server.say('security-incident', '!ic page credentials leaked to pastebin', frank);
    expect(page.status).toBe(200);
    const id = page.body.incident.id;
    const mail = await smtp.waitFor((received) => received.to.includes('alice@example.com'));
    expect(mail.subject).toBe('A private incident needs you');
    expect(mail.text).toMatch(/A private incident needs you\. Open the link to acknowledge and join: http:\/\/localhost:8080\/ack\/[\w-]+\.[\w-]+/);
    const hook = await webhook.waitFor((received) => received.path === '/hooks/alice');
    for (const leaked of [mail.subject, mail.text, JSON.stringify(hook.body)]) {
      expect(leaked).not.toContain('credentials');
      expect(leaked).not.toContain('pastebin');
      expect(leaked).not.toContain('SEV-');
    }
    // The link opens without signing in, and pages land in shared channels: its page names the incident by number only.
    const link = mail.text.match(/http:\/\/localhost:8080(\/ack\/[\w-]+\.[\w-]+)/)![1];
    for (const accept of ['text/html', 'application/json']) {
      const opened = await fetch(`${server.url}${link}`, { headers: { accept } });
      const body = await opened.text();
      expect(opened.status).toBe(200);
      expect(body).toContain(`private incident #${id}`);
      expect(body).not.toContain('credentials');
      expect(body).not.toContain('pastebin');
    }

    // A non-member acknowledging its page gets exactly the answer for a page that does not exist.
    const carol = await server.token('carol');
    const hidden = await server.request('POST', `/api/v1/pages/${id}-1/ack`, { token: carol });
    const missing = await server.request('POST', `/api/v1/pages/${id + 1000}-1/ack`, { token: carol });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body.error.code).toBe(missing.body.error.code);
    expect(hidden.body.error.message.replace(`${id}-1`, 'X')).toBe(missing.body.error.message.replace(`${id + 1000}-1`, 'X'));
  });

  it('keeps confirm and unsubscribe tokens and subscriber addresses out of the logs', async () => {
    const asked = await server.request('POST', '/status/subscribe', { rawBody: 'email=quiet.reader%40example.org&lang=en', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(asked.status).toBe(202);
    const confirmation = await smtp.waitFor((mail) => mail.to.includes('quiet.reader@example.org'));
    const links = [...confirmation.text.matchAll(/https?:\/\/\S+?(\/status\/(?:confirm|unsubscribe)\?token=([\w.-]+))/g)];
    expect(links).toHaveLength(2);
    for (const [, path] of links) expect((await server.request('GET', path)).status).toBe(200);
    const logs = server.logs.join('\n');
    for (const [, , token] of links) expect(logs).not.toContain(token);
    expect(logs).toContain('/status/confirm?token=[redacted]');
    expect(logs.toLowerCase()).not.toContain('quiet.reader@example.org');
  });
});
