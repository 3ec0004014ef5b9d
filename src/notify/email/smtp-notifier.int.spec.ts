import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../../ports.js';
import { SmtpSink } from '../../../test/support/smtp-sink.js';
import { SmtpNotifier } from './smtp-notifier.js';

describe('SmtpNotifier against a real SMTP server', () => {
  let sink: SmtpSink;
  let notifier: SmtpNotifier;

  beforeAll(async () => {
    sink = await SmtpSink.start({ rejectRecipients: /^nobody@/ });
    notifier = new SmtpNotifier({ host: '127.0.0.1', port: sink.port, secure: false, from: 'Don’t Panic <pager@example.com>' });
  });
  afterAll(async () => {
    notifier.close();
    await sink.stop();
  });

  it('delivers subject, text and the idempotency header', async () => {
    await notifier.send({ channel: 'email', to: 'alice@example.com', subject: 'SEV-1: db is down', text: '数据库宕机 — ack here', idempotencyKey: 'page-1:alice:1' });
    const mail = await sink.waitFor((received) => received.to.includes('alice@example.com'));
    expect(mail.subject).toBe('SEV-1: db is down');
    expect(mail.text.trim()).toBe('数据库宕机 — ack here');
    expect(mail.headers.get('x-dont-panic-idempotency-key')).toBe('page-1:alice:1');
  });

  it('offers one-click unsubscribe (RFC 8058) when the message has an unsubscribe link, and only then', async () => {
    const url = `https://status.example.com/status/unsubscribe?token=${'a'.repeat(120)}.${'b'.repeat(43)}`;
    await notifier.send({ channel: 'email', to: 'reader@example.org', subject: 'update', text: 'text', idempotencyKey: 'status-update:1:1:x', unsubscribeUrl: url });
    const mail = await sink.waitFor((received) => received.to.includes('reader@example.org'));
    expect(mail.rawHeaders.filter((line) => /^list-/i.test(line)).sort()).toEqual(['List-Unsubscribe-Post: List-Unsubscribe=One-Click', `List-Unsubscribe: <${url}>`]);
    const page = await sink.waitFor((received) => received.to.includes('alice@example.com'));
    expect(page.rawHeaders.filter((line) => /^list-/i.test(line))).toEqual([]);
  });

  it('reports a rejected address as permanent', async () => {
    await expect(
      notifier.send({ channel: 'email', to: 'nobody@example.com', subject: 's', text: 't', idempotencyKey: 'k' }),
    ).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});
