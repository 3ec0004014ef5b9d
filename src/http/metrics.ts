import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { LiveFeed } from '../ports.js';

/** Prometheus metrics for the server; labels never carry people, rooms' content or secrets. */
export function installMetrics(app: FastifyInstance, feed: LiveFeed): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'dont_panic_' });
  const requests = new Histogram({
    name: 'dont_panic_http_request_duration_seconds',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  const events = new Counter({
    name: 'dont_panic_events_committed_total',
    help: 'Events committed to the store, by type',
    labelNames: ['type'],
    registers: [registry],
  });
  feed.subscribe((event) => events.inc({ type: event.type }));
  // A callback hook, not an async one: no promise per request on the hottest path.
  app.addHook('onResponse', (request, reply, done) => {
    requests.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}
