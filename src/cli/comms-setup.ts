import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IncidentCommands } from '../app/comms/incident-commands.js';
import { executiveSummaryDue, publicUpdateDue } from '../app/jobs/cadence-reminders.js';
import { deliverUpdate } from '../app/jobs/deliver-update.js';
import type { JobHandler } from '../app/jobs/job-handler.js';
import { notifyStatusSubscribers } from '../app/jobs/notify-status-subscribers.js';
import { createReview, reviewReminder } from '../app/jobs/review-jobs.js';
import { sendEmail } from '../app/jobs/send-email.js';
import type { RenderContext } from '../app/render/context.js';
import { Reviews } from '../app/review/reviews.js';
import { LinkSigner } from '../app/status-page/signed-links.js';
import { StatusReadModel } from '../app/status-page/status-read-model.js';
import { StatusSubscriptions } from '../app/status-page/subscriptions.js';
import type { Config } from '../config/schema.js';
import type { Organisation } from '../domain/organisation.js';
import type { CommsHttp } from '../http/comms-http.js';
import type { Translate } from '../i18n/i18n.js';
import { SmtpNotifier } from '../notify/email/smtp-notifier.js';
import type { Clock, LiveFeed, Logger, Store } from '../ports.js';

/**
 * The secret that signs status-page links: from the configuration or
 * `DONT_PANIC_SECRET`, else generated once into the data directory (0600).
 * Instances sharing a PostgreSQL database must share it through one of the first two.
 */
function linkSecret(config: Config, dataDir: string): string {
  const configured = config.comms.statusPage.secret ?? process.env.DONT_PANIC_SECRET;
  if (configured) return configured;
  const file = join(dataDir, 'link-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(file, 'utf8').trim();
}

export interface Comms {
  jobs: JobHandler[];
  http: CommsHttp;
  start(): Promise<void>;
  stop(): void;
}

/** Stakeholder updates, the public status page and post-incident reviews, wired for `serve`. */
export function setUpComms(deps: {
  config: Config;
  organisation: Organisation;
  store: Store;
  feed: LiveFeed;
  clock: Clock;
  log: Logger;
  translate: Translate;
  dataDir: string;
  renderContext: (locale: string) => RenderContext;
  onTimersChanged: () => void;
}): Comms {
  const { config, organisation, store, feed, clock, log, translate } = deps;
  const smtp = config.notifications.email;
  const notifier = smtp ? new SmtpNotifier(smtp) : undefined;
  const email = notifier !== undefined;
  const signer = new LinkSigner(linkSecret(config, deps.dataDir));
  const subscriptions = new StatusSubscriptions({ store, clock, signer, organisation, translate, email });
  const model = new StatusReadModel({ store, feed, log });
  const commands = new IncidentCommands({ store, clock, feed, renderContext: deps.renderContext, onTimersChanged: deps.onTimersChanged });
  const reviews = new Reviews({ store, clock, feed });
  return {
    jobs: [
      executiveSummaryDue,
      publicUpdateDue,
      deliverUpdate({ email }),
      notifyStatusSubscribers(subscriptions),
      createReview,
      reviewReminder({ email }),
      sendEmail(notifier, log),
    ],
    http: { statusPage: { organisation, translate, model, subscriptions }, commands, reviews, renderContext: deps.renderContext },
    start: () => model.start(),
    stop: () => {
      model.stop();
      notifier?.close();
    },
  };
}
