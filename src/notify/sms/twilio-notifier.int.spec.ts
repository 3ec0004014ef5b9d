import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../../ports.js';
import { TwilioSink } from '../../../test/support/twilio-sink.js';
import { TwilioNotifier } from './twilio-notifier.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'test-auth-token-1234';

describe('TwilioNotifier with the twilio client against a Twilio-compatible server', () => {
  let sink: TwilioSink;
  beforeAll(async () => {
    sink = await TwilioSink.start(SID, TOKEN);
  });
  afterAll(() => sink.stop());

  const settings = () => ({ accountSid: SID, authToken: TOKEN, from: '+1 555 010 0100', apiBaseUrl: sink.url });

  it('sends an SMS with E.164 numbers, authenticated', async () => {
    const sent = await new TwilioNotifier(settings(), 'sms').send({ channel: 'sms', to: '+44 7700 900001', subject: 's', text: 'SEV-1 #3 db is down', idempotencyKey: 'k1' });
    expect(sent.providerId).toMatch(/^SM/);
    expect(sink.requests.at(-1)).toEqual({ kind: 'sms', to: '+447700900001', from: '+15550100100', body: 'SEV-1 #3 db is down' });
  });

  it('places a voice call that says the page in the person’s language', async () => {
    const sent = await new TwilioNotifier(settings(), 'voice').send({ channel: 'voice', to: '+86 138 0013 8001', subject: 's', text: '数据库 <宕机>', idempotencyKey: 'k2', data: { locale: 'zh-CN' } });
    expect(sent.providerId).toMatch(/^CA/);
    expect(sink.requests.at(-1)?.twiml).toContain('<Say language="cmn-CN">数据库 &lt;宕机&gt;</Say>');
  });

  it('reports wrong credentials and an invalid number as permanent failures', async () => {
    const wrong = new TwilioNotifier({ ...settings(), authToken: 'not-the-token' }, 'sms');
    await expect(wrong.send({ channel: 'sms', to: '+447700900001', subject: 's', text: 't', idempotencyKey: 'k3' })).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(new TwilioNotifier(settings(), 'sms').send({ channel: 'sms', to: '12', subject: 's', text: 't', idempotencyKey: 'k4' })).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(sink.refused.map((refusal) => refusal.code)).toEqual([20003, 21211]);
  });
});
