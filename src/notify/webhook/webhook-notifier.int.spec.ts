import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../../ports.js';
import { WebhookSink } from '../../../test/support/webhook-sink.js';
import { WebhookNotifier } from './webhook-notifier.js';
import { signWebhook, verifyWebhook } from './webhook-signature.js';

const SECRET = 'shared-webhook-secret-123';
const clock = { now: () => new Date() };

describe('WebhookNotifier against a real HTTP receiver', () => {
  let sink: WebhookSink;
  beforeAll(async () => {
    sink = await WebhookSink.start(SECRET);
  });
  afterAll(() => sink.stop());

  it('posts a JSON page the receiver verifies with the shared secret', async () => {
    await new WebhookNotifier({ secret: SECRET, timeoutSeconds: 5 }, clock).send({
      channel: 'webhook',
      to: `${sink.url}/hooks/pager`,
      subject: 'SEV-1 #3',
      text: 'db is down',
      idempotencyKey: 'page-3-1:L1:R1:alice:webhook',
      data: { incidentId: 3, pageId: '3-1' },
    });
    const hook = await sink.waitFor((received) => received.path === '/hooks/pager');
    expect(hook.verified).toBe(true);
    expect(hook.idempotencyKey).toBe('page-3-1:L1:R1:alice:webhook');
    expect(hook.body).toMatchObject({ type: 'page', subject: 'SEV-1 #3', text: 'db is down', data: { incidentId: 3, pageId: '3-1' } });
  });

  it('is refused by the receiver when signed with another secret', async () => {
    await expect(
      new WebhookNotifier({ secret: 'some-other-secret-456', timeoutSeconds: 5 }, clock).send({ channel: 'webhook', to: `${sink.url}/x`, subject: 's', text: 't', idempotencyKey: 'k' }),
    ).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('retries later on a 503, not on a 410', async () => {
    const notifier = new WebhookNotifier({ secret: SECRET, timeoutSeconds: 5 }, clock);
    const message = { channel: 'webhook' as const, to: `${sink.url}/y`, subject: 's', text: 't', idempotencyKey: 'k' };
    sink.failWith = 503;
    const unavailable = await notifier.send(message).catch((error: unknown) => error);
    expect(unavailable).toBeInstanceOf(Error);
    expect(unavailable).not.toBeInstanceOf(PermanentDeliveryError);
    sink.failWith = 410;
    await expect(notifier.send(message)).rejects.toBeInstanceOf(PermanentDeliveryError);
    sink.failWith = undefined;
  });

  it('rejects replays older than the tolerance and tampered bodies', () => {
    const body = '{"a":1}';
    const signature = signWebhook(SECRET, 1000, body);
    expect(verifyWebhook(SECRET, { timestamp: '1000', signature }, body, 1100)).toBe(true);
    expect(verifyWebhook(SECRET, { timestamp: '1000', signature }, body, 1400)).toBe(false);
    expect(verifyWebhook(SECRET, { timestamp: '1000', signature }, '{"a":2}', 1100)).toBe(false);
  });
});
