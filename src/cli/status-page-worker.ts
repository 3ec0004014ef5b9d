import { parentPort, workerData } from 'node:worker_threads';
import Fastify from 'fastify';
import { InProcessFeed } from '../app/live-feed.js';
import { LinkSigner } from '../app/status-page/signed-links.js';
import { StatusReadModel } from '../app/status-page/status-read-model.js';
import { StatusSubscriptions } from '../app/status-page/subscriptions.js';
import { strictBodySchemas } from '../http/body-validation.js';
import { installErrorHandling } from '../http/errors.js';
import { statusPageRoutes } from '../http/status-page/status-routes.js';
import { translate } from '../i18n/i18n.js';
import { serverLog } from './logger.js';
import { loadOrganisation, openConfiguredStore } from './options.js';

export interface StatusWorkerData {
  config: string;
  data: string;
  host: string;
  port: number;
  secret: string;
}

/**
 * The public status page on its own port and thread, with its own store
 * connection and read model (polled): however busy the main thread is with
 * commands, the page answers from here.
 */
const options = workerData as StatusWorkerData;
const log = serverLog('status-page');
const { config, organisation } = loadOrganisation(options);
const store = await openConfiguredStore(options);
const clock = { now: () => new Date() };
const model = new StatusReadModel({ store, feed: new InProcessFeed(), log, pollMs: 200 });
await model.start();
const subscriptions = new StatusSubscriptions({
  store,
  clock,
  signer: new LinkSigner(options.secret),
  organisation,
  translate,
  email: config.notifications.email !== undefined,
});
const app = Fastify({ logger: false, bodyLimit: 16 * 1024, schemaController: strictBodySchemas() });
installErrorHandling(app, organisation, translate);
await app.register(async (scope) => statusPageRoutes(scope, { organisation, translate, model, subscriptions }));
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port: options.port, host: options.host });
const address = app.server.address();
parentPort?.postMessage({ port: typeof address === 'object' && address ? address.port : options.port });
parentPort?.on('message', async (message) => {
  if (message !== 'stop') return;
  model.stop();
  await app.close();
  await store.close();
  process.exit(0);
});
