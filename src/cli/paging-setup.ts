import { resolve } from 'node:path';
import { AckLinks } from '../app/paging/ack-links.js';
import { PagingService } from '../app/paging/paging-service.js';
import { ScheduleOverrides } from '../app/paging/schedule-overrides.js';
import type { PagingRuntime } from '../app/paging/paging-runtime.js';
import type { JobHandler } from '../app/jobs/job-handler.js';
import { pageClose } from '../app/jobs/page-close.js';
import { pageDeliver } from '../app/jobs/page-deliver.js';
import { pageEscalate } from '../app/jobs/page-escalate.js';
import { pageOpen } from '../app/jobs/page-open.js';
import type { Config } from '../config/schema.js';
import type { Organisation } from '../domain/organisation.js';
import type { Translate } from '../i18n/i18n.js';
import { SmtpNotifier } from '../notify/email/smtp-notifier.js';
import { WebhookNotifier } from '../notify/webhook/webhook-notifier.js';
import type { Clock, LiveFeed, Notifier, Store } from '../ports.js';
import { dataSecret } from './data-secrets.js';

/** The ack-link secret: from the config, else generated once into the data directory (readable by this user only). */
function ackSecret(config: Config, dataDir: string): string {
  return config.paging.ackSecret || dataSecret(resolve(dataDir), 'ack-link-secret');
}

/** Notifiers, ack links, the paging service and the page job handlers, from the config. */
export async function setUpPaging(deps: {
  config: Config;
  dataDir: string;
  store: Store;
  clock: Clock;
  organisation: Organisation;
  translate: Translate;
  feed: LiveFeed;
  /** Notifiers of chat platforms (Slack direct messages), set up by their adapters' wiring. */
  chatNotifiers?: readonly Notifier[];
}) {
  const { paging } = deps.config;
  const notifiers = new Map<Notifier['channel'], Notifier>();
  let inboundSms: { url: string; verify(signature: string, url: string, params: Record<string, string>): boolean } | undefined;
  const email = deps.config.notifications.email;
  const smtp = email ? new SmtpNotifier(email) : undefined;
  if (smtp) notifiers.set('email', smtp);
  if (paging.twilio) {
    // Loaded only when configured: the Twilio client is large, and every CLI command would pay for it.
    const { TwilioNotifier } = await import('../notify/sms/twilio-notifier.js');
    notifiers.set('sms', new TwilioNotifier(paging.twilio, 'sms'));
    notifiers.set('voice', new TwilioNotifier(paging.twilio, 'voice'));
    const { twilioSignatureVerifier } = await import('../notify/sms/twilio-inbound.js');
    inboundSms = { url: `${paging.publicUrl.replace(/\/+$/, '')}/twilio/sms`, verify: twilioSignatureVerifier(paging.twilio.authToken) };
  }
  if (paging.webhook) notifiers.set('webhook', new WebhookNotifier(paging.webhook, deps.clock));
  for (const notifier of deps.chatNotifiers ?? []) notifiers.set(notifier.channel, notifier);
  const links = new AckLinks(ackSecret(deps.config, deps.dataDir), paging.publicUrl, paging.ackLinkHours, deps.clock);
  const overrides = new ScheduleOverrides({ store: deps.store, clock: deps.clock, organisation: deps.organisation, feed: deps.feed });
  await overrides.refresh();
  // Other instances add overrides too: catch up every few seconds, so `!ic` and every view agree.
  const catchUp = setInterval(() => void overrides.refresh().catch(() => undefined), 2000);
  catchUp.unref();
  const runtime: PagingRuntime = { notifiers, links, clock: deps.clock, overrides };
  const service = new PagingService({ store: deps.store, clock: deps.clock, organisation: deps.organisation, feed: deps.feed, translate: deps.translate, links, overrides, inboundSms });
  const handlers: JobHandler[] = [pageOpen, pageDeliver, pageEscalate, pageClose];
  return {
    service,
    runtime,
    handlers,
    close: () => {
      clearInterval(catchUp);
      smtp?.close();
    },
  };
}
