import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { LeaseLost, VersionConflict, type EventStore, type JobStats, type LiveFeed } from '../ports.js';

/** What `/metrics` reads about the durable jobs: this instance's running runs, and the shared queue. */
export interface JobMetricsSource {
  running(): number;
  stats(now: string): Promise<JobStats>;
}

/** Seconds a commit took, observed at the composition root around `store.commit`. */
export function commitLatencyHistogram(registry: Registry): Histogram {
  return new Histogram({
    name: 'dont_panic_commit_duration_seconds',
    help: 'Time to store one commit (one transaction), conflicts included',
    labelNames: ['outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
}

/** Observes every commit of `store` in the commit-latency histogram (done once, at the composition root). */
export function timeCommits(store: Pick<EventStore, 'commit'>, registry: Registry): void {
  const histogram = commitLatencyHistogram(registry);
  const commit = store.commit.bind(store);
  store.commit = async (work) => {
    const end = histogram.startTimer();
    try {
      const recorded = await commit(work);
      end({ outcome: 'stored' });
      return recorded;
    } catch (error) {
      end({ outcome: error instanceof VersionConflict ? 'conflict' : error instanceof LeaseLost ? 'lease-lost' : 'failed' });
      throw error;
    }
  };
}

/** Prometheus metrics for the server; labels never carry people, rooms' content or secrets. */
export function installMetrics(app: FastifyInstance, feed: LiveFeed, options: { registry?: Registry; jobs?: JobMetricsSource } = {}): Registry {
  const registry = options.registry ?? new Registry();
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
  const attempts = new Counter({
    name: 'dont_panic_delivery_attempts_total',
    help: 'Calls to a delivery provider started by this instance, by channel',
    labelNames: ['channel'],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'dont_panic_delivery_failures_total',
    help: 'Delivery calls that failed, by channel and whether they will be retried',
    labelNames: ['channel', 'retry'],
    registers: [registry],
  });
  // One labelled child per type, looked up once: an alert flood counts thousands of events a second.
  const byType = new Map<string, ReturnType<typeof events.labels>>();
  feed.subscribe((event) => {
    let counter = byType.get(event.type);
    if (!counter) byType.set(event.type, (counter = events.labels(event.type)));
    counter.inc();
    const channel = String(event.data.channel ?? 'unknown');
    if (event.type === 'page.delivery-attempted') attempts.inc({ channel });
    if (event.type === 'page.delivery-failed') failures.inc({ channel, retry: event.data.willRetry ? 'yes' : 'no' });
  });
  const jobs = options.jobs;
  if (jobs) {
    // Read from the store at scrape time: the queue is shared by every instance.
    let last: Promise<JobStats> | undefined;
    const stats = () => (last ??= jobs.stats(new Date().toISOString()).finally(() => setImmediate(() => (last = undefined))));
    new Gauge({ name: 'dont_panic_jobs_running', help: 'Jobs this instance is running now', registers: [registry], collect() {
      this.set(jobs.running());
    } });
    new Gauge({ name: 'dont_panic_jobs_parked', help: 'Jobs that ran out of attempts (see dont-panic jobs)', registers: [registry], async collect() {
      this.set((await stats()).parked);
    } });
    new Gauge({ name: 'dont_panic_jobs_due', help: 'Jobs due now that no instance runs yet', registers: [registry], async collect() {
      this.set((await stats()).due);
    } });
    new Gauge({ name: 'dont_panic_job_lag_seconds', help: 'Age of the oldest due job nobody runs yet (0 when none)', registers: [registry], async collect() {
      const oldest = (await stats()).oldestDueAt;
      this.set(oldest ? Math.max(0, (Date.now() - Date.parse(oldest)) / 1000) : 0);
    } });
  }
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
