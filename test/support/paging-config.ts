import type { SmtpSink } from './smtp-sink.js';
import type { TwilioSink } from './twilio-sink.js';
import type { WebhookSink } from './webhook-sink.js';

export const WEBHOOK_SECRET = 'e2e-webhook-secret-0123456789';
export const TWILIO_SID = 'AC00000000000000000000000000000e2e';
export const TWILIO_TOKEN = 'e2e-twilio-auth-token';

/**
 * Points the example organisation's paging at local sinks: SMTP, a webhook
 * receiver and a Twilio-compatible API. The IC rotation is pinned (alice
 * primary, bob backup, lei shadowing; erin is level 2) so tests know who is paged.
 */
export function pagingConfig(sinks: { smtp: SmtpSink; webhook?: WebhookSink; twilio?: TwilioSink }, ackTimeoutMinutes: number) {
  return (config: Record<string, any>) => {
    config.notifications = { email: { host: '127.0.0.1', port: sinks.smtp.port, secure: false, from: 'Pager <pager@example.com>' } };
    if (sinks.webhook) {
      config.paging.webhook = { secret: WEBHOOK_SECRET, timeoutSeconds: 5 };
      for (const person of ['alice', 'bob', 'erin', 'lei']) config.people[person].contacts.push({ type: 'webhook', url: `${sinks.webhook.url}/hooks/${person}` });
    }
    if (sinks.twilio) config.paging.twilio = { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, from: '+1 555 010 0100', apiBaseUrl: sinks.twilio.url };
    config.schedules['ic-primary'].layers[0].people = ['alice'];
    config.schedules['ic-backup'].layers[0].people = ['bob'];
    config.schedules['ic-shadow'].layers[0].people = ['lei'];
    for (const level of config.escalationPolicies['incident-command'].levels) level.ackTimeoutMinutes = ackTimeoutMinutes;
  };
}
