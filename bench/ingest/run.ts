import autocannon from 'autocannon';
import { AlertmanagerProcess } from '../../test/support/alertmanager-process.js';
import { startDontPanic, type Running } from './servers.js';

/**
 * `npm run bench:ingest`: the same load, on the same machine, in one run,
 * against Don't Panic's `/v2/enqueue` (every event committed durably before
 * the 202) and Prometheus Alertmanager's `/api/v2/alerts`: 1,000 distinct
 * alerts (10 services × 100 dedup keys), trigger events, sent round-robin.
 */
const DISTINCT = 1000;
const SERVICES = 10;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
/** Rounds alternate the two targets, so load from elsewhere on the machine hits both alike; medians are reported. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_S = 2;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

const routingKey = (service: number) => `bench${String(service).padStart(2, '0')}`.padEnd(32, 'k');

interface Figures {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  accepted: number;
  refused: number;
  errors: number;
}

function dontPanicBodies(): string[] {
  return Array.from({ length: DISTINCT }, (_, i) =>
    JSON.stringify({
      routing_key: routingKey(i % SERVICES),
      event_action: 'trigger',
      dedup_key: `bench-alert-${i}`,
      payload: { summary: `Bench alert ${i}: latency above threshold`, source: `host-${i}.example.com`, severity: 'error', custom_details: { value: i } },
    }),
  );
}

function alertmanagerBodies(): string[] {
  const startsAt = new Date().toISOString();
  const endsAt = new Date(Date.now() + 3_600_000).toISOString();
  return Array.from({ length: DISTINCT }, (_, i) =>
    JSON.stringify([
      {
        labels: { alertname: 'BenchAlert', service: `bench-${i % SERVICES}`, instance: `host-${i}.example.com`, severity: 'error' },
        annotations: { summary: `Bench alert ${i}: latency above threshold`, value: String(i) },
        startsAt,
        endsAt,
      },
    ]),
  );
}

async function load(name: string, url: string, bodies: string[], seconds: number): Promise<Figures> {
  let next = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
      },
    ],
  });
  const accepted = result['2xx'];
  return {
    name,
    perSecond: accepted / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    accepted,
    refused: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function warmUp(name: string, url: string, bodies: string[]): Promise<void> {
  process.stdout.write(`${name}: warming up ${WARMUP_S} s…\n`);
  await load(name, url, bodies, WARMUP_S);
}

async function round(name: string, url: string, bodies: string[], index: number): Promise<Figures> {
  const figures = await load(name, url, bodies, DURATION_S);
  process.stdout.write(
    `round ${index}/${ROUNDS} ${name}: ${Math.round(figures.perSecond)} events/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms` +
      `${figures.refused + figures.errors > 0 ? `, ${figures.refused} non-2xx, ${figures.errors} errors` : ''}\n`,
  );
  return figures;
}

function median(runs: Figures[]): Figures {
  const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    name: runs[0].name,
    perSecond: middle(runs.map((run) => run.perSecond)),
    p50: middle(runs.map((run) => run.p50)),
    p99: middle(runs.map((run) => run.p99)),
    accepted: runs.reduce((sum, run) => sum + run.accepted, 0),
    refused: runs.reduce((sum, run) => sum + run.refused, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}

async function main(): Promise<void> {
  const running: Running[] = [];
  try {
    process.stdout.write('starting Alertmanager and Don’t Panic on loopback…\n');
    const alertmanager = await AlertmanagerProcess.start({
      route: { receiver: 'null', group_by: ['alertname', 'service'], group_wait: '30s', group_interval: '5m', repeat_interval: '4h' },
      receivers: [{ name: 'null' }],
    });
    running.push(alertmanager);
    const dontPanic = await startDontPanic((config) => {
      config.alerts = { rateLimit: { events: 10_000_000, perSeconds: 60 }, groupWindowSeconds: 30 };
      for (let i = 0; i < SERVICES; i++) {
        config.rooms[`bench-${i}`] = { locale: 'en' };
        config.services[`bench-${i}`] = { team: 'platform', routingKey: routingKey(i), room: `bench-${i}` };
      }
    });
    running.push(dontPanic);

    const targets = [
      { name: 'Alertmanager /api/v2/alerts', url: `${alertmanager.url}/api/v2/alerts`, bodies: alertmanagerBodies(), runs: [] as Figures[] },
      { name: 'Don’t Panic /v2/enqueue', url: `${dontPanic.url}/v2/enqueue`, bodies: dontPanicBodies(), runs: [] as Figures[] },
    ];
    for (const target of targets) await warmUp(target.name, target.url, target.bodies);
    process.stdout.write(`${ROUNDS} rounds of ${DURATION_S} s each, ${CONNECTIONS} connections, ${DISTINCT} distinct alerts…\n`);
    for (let index = 1; index <= ROUNDS; index++) {
      for (const target of index % 2 ? targets : [...targets].reverse()) target.runs.push(await round(target.name, target.url, target.bodies, index));
    }
    const [am, dp] = targets.map((target) => median(target.runs));

    const rows = [dp, am].map((f) => [f.name, Math.round(f.perSecond), f.p50, f.p99, f.accepted, f.refused, f.errors]);
    const header = ['target', 'events/s', 'p50 ms', 'p99 ms', 'accepted', 'non-2xx', 'errors'];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => String(row[column]).length)));
    const line = (cells: (string | number)[]) => cells.map((cell, column) => String(cell).padEnd(widths[column])).join('  ');
    process.stdout.write(`\nmedians of ${ROUNDS} rounds:\n${line(header)}\n${rows.map(line).join('\n')}\n`);
    process.stdout.write(
      `\nthroughput ratio Don’t Panic / Alertmanager: ${(dp.perSecond / am.perSecond).toFixed(2)} (target ≥ 1.0, every event committed before its 202)\n` +
        `Don’t Panic p99: ${dp.p99} ms (target ≤ 25 ms)\n`,
    );
    if (dp.errors > 0 || dp.refused > 0 || am.errors > 0 || am.refused > 0) process.stdout.write('warning: some requests failed; see the table\n');
  } finally {
    await Promise.all(running.map((target) => target.stop()));
  }
}

await main();
