import { Worker } from 'node:worker_threads';
import { IncidentCommands } from '../app/comms/incident-commands.js';
import { executiveSummaryDue, publicUpdateDue } from '../app/jobs/cadence-reminders.js';
import { deliverUpdate } from '../app/jobs/deliver-update.js';
import type { JobHandler } from '../app/jobs/job-handler.js';
import { notifyStatusSubscribers } from '../app/jobs/notify-status-subscribers.js';
import { publicAutoClose } from '../app/comms/public-auto-close.js';
import { createReview, reopenReview, reviewReminder } from '../app/jobs/review-jobs.js';
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
import { dataSecret } from './data-secrets.js';
import type { Clock, LiveFeed, Logger, Store } from '../ports.js';

/**
 * The secret that signs status-page links: from the configuration or
 * `DONT_PANIC_SECRET`, else generated once into the data directory (0600).
 * Instances sharing a PostgreSQL database must share it through one of the first two.
 */
function linkSecret(config: Config, dataDir: string): string {
  return config.comms.statusPage.secret || process.env.DONT_PANIC_SECRET || dataSecret(dataDir, 'link-secret');
}

export interface Comms {
  jobs: JobHandler[];
  http: CommsHttp;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the status page's own thread; resolves with the port it listens on. */
function startStatusWorker(data: { config: string; data: string; host: string; port: number; secret: string }): Promise<{ worker: Worker; port: number }> {
  const worker = new Worker(new URL('./status-page-worker.js', import.meta.url), { workerData: data });
  return new Promise((resolvePort, reject) => {
    worker.once('message', (message: { port: number }) => resolvePort({ worker, port: message.port }));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`status page thread exited with ${code}`)));
  });
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
  configFile: string;
  host: string;
  renderContext: (locale: string) => RenderContext;
}): Comms {
  const { config, organisation, store, feed, clock, log, translate } = deps;
  const smtp = config.notifications.email;
  const notifier = smtp ? new SmtpNotifier(smtp) : undefined;
  const email = notifier !== undefined;
  const secret = linkSecret(config, deps.dataDir);
  const signer = new LinkSigner(secret);
  let worker: Worker | undefined;
  const subscriptions = new StatusSubscriptions({ store, clock, signer, organisation, translate, email });
  const model = new StatusReadModel({ store, feed, log });
  const commands = new IncidentCommands({ store, clock, feed, renderContext: deps.renderContext });
  const reviews = new Reviews({ store, clock, feed });
  return {
    jobs: [
      executiveSummaryDue,
      publicUpdateDue,
      deliverUpdate({ email }),
      notifyStatusSubscribers(subscriptions),
      createReview,
      reopenReview,
      publicAutoClose,
      reviewReminder({ email }),
      sendEmail(notifier, log),
    ],
    http: { statusPage: { organisation, translate, model, subscriptions }, commands, reviews, renderContext: deps.renderContext },
    start: async () => {
      await model.start();
      const port = config.comms.statusPage.port;
      if (port === undefined) return;
      const started = await startStatusWorker({ config: deps.configFile, data: deps.dataDir, host: deps.host, port, secret });
      worker = started.worker;
      log.info({ statusPagePort: started.port }, `status page also served on its own thread, port ${started.port}`);
    },
    stop: async () => {
      model.stop();
      notifier?.close();
      if (worker) {
        const exited = new Promise((done) => worker!.once('exit', done));
        worker.postMessage('stop');
        await exited;
      }
    },
  };
}
