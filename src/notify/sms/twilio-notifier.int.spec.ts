import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../../ports.js';
import { TwilioSink } from '../../../test/support/twilio-sink.js';
import { idempotencyMarker, TwilioNotifier } from './twilio-notifier.js';

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
    expect(sink.requests.at(-1)).toEqual({ kind: 'sms', to: '+447700900001', from: '+15550100100', body: `SEV-1 #3 db is down ${idempotencyMarker('k1')}` });
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

  describe('after an attempt that ended without an outcome', () => {
    const sms = (to: string, key: string, text = 'SEV-1 #4 queue stuck') => ({ channel: 'sms' as const, to, subject: 's', text, idempotencyKey: key });
    const sentTo = (to: string) => sink.requests.filter((request) => request.kind === 'sms' && request.to === to);

    it('finds the message that went out before the crash by its marker and does not send it again', async () => {
      const notifier = new TwilioNotifier(settings(), 'sms');
      const since = new Date().toISOString();
      // The request reaches Twilio, which sends the message, but the caller dies before the answer.
      sink.dropAnswers = 1;
      await expect(notifier.send(sms('+44 7700 900010', 'page-4-1:alice:sms'))).rejects.toThrow();
      expect(sentTo('+447700900010')).toHaveLength(1);
      const again = await notifier.send(sms('+44 7700 900010', 'page-4-1:alice:sms'), { resume: { since } });
      expect(again).toEqual({ providerId: sink.messages.find((message) => message.to === '+447700900010')!.sid, alreadySent: true });
      expect(sentTo('+447700900010')).toHaveLength(1);
      // A minute before the attempt, for clock skew, to the second.
      const from = new Date(Math.floor(Date.parse(since) / 1000) * 1000 - 60_000).toISOString().slice(0, 19);
      expect(sink.lookups.at(-1)).toBe(`list To=+447700900010&From=+15550100100&DateSent>=${from}Z&PageSize=200`);
    });

    it('checks by the message SID when one was recorded', async () => {
      const notifier = new TwilioNotifier(settings(), 'sms');
      const first = await notifier.send(sms('+44 7700 900011', 'page-4-1:bob:sms'));
      const again = await notifier.send(sms('+44 7700 900011', 'page-4-1:bob:sms'), { resume: { since: new Date().toISOString(), providerId: first.providerId } });
      expect(again).toEqual({ providerId: first.providerId, alreadySent: true });
      expect(sink.lookups.at(-1)).toBe(`fetch ${first.providerId}`);
      expect(sentTo('+447700900011')).toHaveLength(1);
    });

    it('sends when nothing went out: the crash came before Twilio had it, or Twilio failed it, or only other pages reached the number', async () => {
      const notifier = new TwilioNotifier(settings(), 'sms');
      const since = new Date(Date.now() - 1000).toISOString();
      // Another page for the same person, with its own key, went out meanwhile.
      await notifier.send(sms('+44 7700 900012', 'page-5-1:erin:sms', 'SEV-2 #5 other'));
      const sent = await notifier.send(sms('+44 7700 900012', 'page-4-1:erin:sms'), { resume: { since } });
      expect(sent.alreadySent).toBeUndefined();
      expect(sentTo('+447700900012').map((request) => request.body)).toEqual([`SEV-2 #5 other ${idempotencyMarker('page-5-1:erin:sms')}`, `SEV-1 #4 queue stuck ${idempotencyMarker('page-4-1:erin:sms')}`]);

      sink.dropAnswers = 1;
      await expect(notifier.send(sms('+44 7700 900013', 'page-4-1:lei:sms'))).rejects.toThrow();
      sink.messages.find((message) => message.to === '+447700900013')!.status = 'failed';
      const resent = await notifier.send(sms('+44 7700 900013', 'page-4-1:lei:sms'), { resume: { since } });
      expect(resent.alreadySent).toBeUndefined();
      expect(sentTo('+447700900013')).toHaveLength(2);
    });

    it('looks only at messages sent since the earlier attempt began', async () => {
      const notifier = new TwilioNotifier(settings(), 'sms');
      await notifier.send(sms('+44 7700 900014', 'page-4-1:dave:sms'));
      const later = new Date(Date.now() + 120_000).toISOString();
      const sent = await notifier.send(sms('+44 7700 900014', 'page-4-1:dave:sms'), { resume: { since: later } });
      expect(sent.alreadySent).toBeUndefined();
      expect(sentTo('+447700900014')).toHaveLength(2);
    });
  });
});
