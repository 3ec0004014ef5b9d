import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { AlertIntake } from '../app/alerts/alert-intake.js';
import type { Engine } from '../app/engine.js';
import type { Maintenances } from '../app/maintenance/maintenances.js';
import type { PagingService } from '../app/paging/paging-service.js';
import type { Translate } from '../i18n/i18n.js';
import type { Clock, LiveFeed, Store } from '../ports.js';
import { registerCommsApi, registerStatusPage, type CommsHttp } from './comms-http.js';
import { BODY_LIMIT, installErrorHandling } from './errors.js';
import { strictBodySchemas } from './body-validation.js';
import type { Histogram, Registry } from 'prom-client';
import { enqueueFastLane } from '../ingest/enqueue-fast-lane.js';
import { installMetrics, type JobMetricsSource } from './metrics.js';
import { ackLinkRoutes } from './routes/ack-links.js';
import { inboundSmsRoutes } from './routes/inbound-sms.js';
import { incidentRoutes } from './routes/incidents.js';
import { maintenanceRoutes } from './routes/maintenances.js';
import { calendarRoutes, type CalendarRouteDeps } from './routes/calendar-routes.js';
import { pagingRoutes } from './routes/paging.js';
import { roomRoutes } from './routes/rooms.js';
import { alertRoutes } from './routes/alerts.js';
import { alertmanagerRoute } from '../ingest/alertmanager-route.js';
import { pagerDutyAnswers, pagerDutyRoutes } from '../ingest/pagerduty-routes.js';
import { installWebUi } from './web/web-ui.js';

export interface ServerDeps {
  engine: Engine;
  store: Store;
  feed: LiveFeed;
  translate: Translate;
  /** A pino logger, or undefined for none (tests). */
  logger?: FastifyBaseLogger;
  version: string;
  /** Alerts in (`/v2/enqueue`, Alertmanager webhook); absent, those routes are not served. */
  intake?: AlertIntake;
  /** Expires browser sessions; the system clock when absent. */
  clock?: Clock;
  /** Stakeholder communication, the public status page and reviews. */
  comms?: CommsHttp;
  /** Pages, acknowledgements and on-call views; absent when paging is not wired. */
  paging?: PagingService;
  /** The registry to serve (the composition root adds to it), and the job runner's figures. */
  metrics?: { registry?: Registry; jobs?: JobMetricsSource };
  /** Maintenance windows (`/api/v1/maintenances`); absent, those routes are not served. */
  maintenance?: Maintenances;
  /** On-call calendar feeds (`/calendar/TOKEN.ics`). */
  calendar?: CalendarRouteDeps;
}

/** Fastify's own keep-alive default, kept for the server made here. */
const KEEP_ALIVE_MS = 72_000;

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  // Requests a fast lane answers never reach Fastify; it is set once the routes are known.
  let fastLane: ((request: IncomingMessage, response: ServerResponse) => boolean) | undefined;
  const app = Fastify({
    serverFactory: (handler) => {
      const server = createServer((request, response) => {
        if (!fastLane?.(request, response)) handler(request, response);
      });
      server.keepAliveTimeout = KEEP_ALIVE_MS;
      return server;
    },
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: BODY_LIMIT,
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
    schemaController: strictBodySchemas(),
  });
  installErrorHandling(app, deps.engine.organisation, deps.translate);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Don’t Panic API', version: deps.version, description: 'Incident response: rooms, incidents, timelines.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    const health = deps.store.health?.() ?? { ok: true };
    if (!health.ok) return reply.code(503).send({ status: 'unavailable', store: deps.store.kind, reason: health.reason });
    await deps.store.lastPosition();
    return { status: 'ok', store: deps.store.kind };
  });
  const registry = installMetrics(app, deps.feed, deps.metrics);
  if (deps.comms) await registerStatusPage(app, deps.comms);
  const { calendar } = deps;
  if (calendar) await app.register(async (scope) => calendarRoutes(scope, calendar));
  if (deps.paging?.links) ackLinkRoutes(app, deps.paging, deps.store, deps.engine.organisation);
  if (deps.paging?.inboundSms) await inboundSmsRoutes(app, deps.paging, deps.engine.organisation);

  const web = await installWebUi(app, {
    store: deps.store,
    feed: deps.feed,
    organisation: deps.engine.organisation,
    clock: deps.clock ?? { now: () => new Date() },
  });
  await app.register(async (api) => {
    web.authenticate(api);
    roomRoutes(api, deps.engine, deps.store);
    incidentRoutes(api, deps.engine, deps.store);
    alertRoutes(api, deps.engine, deps.store);
    web.routes(api);
    if (deps.comms) registerCommsApi(api, deps.comms, deps.store, deps.engine.organisation);
    if (deps.paging) pagingRoutes(api, deps.paging, deps.store, deps.engine);
    if (deps.maintenance) maintenanceRoutes(api, deps.maintenance);
  });
  const { intake } = deps;
  if (intake) {
    const ingest = { intake, organisation: deps.engine.organisation, translate: deps.translate };
    const answers = pagerDutyAnswers(ingest);
    await app.register(async (scope) => pagerDutyRoutes(scope, ingest, answers));
    const requests = registry.getSingleMetric('dont_panic_http_request_duration_seconds') as Histogram | undefined;
    fastLane = enqueueFastLane({
      answers,
      organisation: ingest.organisation,
      log: app.log,
      observe: (status, seconds) => requests?.observe({ method: 'POST', route: '/v2/enqueue', status: String(status) }, seconds),
    });
    await app.register(async (scope) => alertmanagerRoute(scope, ingest));
  }
  return app;
}
