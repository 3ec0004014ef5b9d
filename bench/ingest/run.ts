import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../../test/support/alertmanager-process.js';
import { AlertmanagerProcess } from '../../test/support/alertmanager-process.js';
import { cpuMs, median, rssMb, table } from '../support/figures.js';
import { startDontPanic, type Running } from '../support/servers.js';

/**
 * `npm run bench:ingest`: the same load, on the same machine, in one run,
 * against Don't Panic's `/v2/enqueue` (every event committed durably before
 * the 202) and Prometheus Alertmanager's `/api/v2/alerts`: 1,000 distinct
 * alerts (10 services × 100 dedup keys), trigger events, sent round-robin.
 * Then one round at a fixed 64 connections (p50, p99, max), and each server's
 * resident memory: idle 10 s after start, and after the run.
 *
 * A bare `node:http` server that parses the JSON and answers 202, storing
 * nothing, runs in the same rounds: the stretch target is 0.7× its rate.
 *
 * BENCH_BASELINE_ROOT=DIR adds Don't Panic from another checkout (e.g. the
 * previous commit), in the same alternating rounds.
 */
const DISTINCT = 1000;
const SERVICES = 10;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
/** Rounds alternate the targets, so load from elsewhere on the machine hits all alike; medians are reported. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_S = 2;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const FIXED_CONNECTIONS = 64;
const IDLE_AFTER_MS = 10_000;

const routingKey = (service: number) => `bench${String(service).padStart(2, '0')}`.padEnd(32, 'k');

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  accepted: number;
  failed: number;
  /** The server's CPU time per 1,000 accepted events: what the machine's other load changes least. */
  cpuPer1000?: number;
}

interface Target {
  name: string;
  url: string;
  pid?: number;
  bodies: string[];
  runs: Figures[];
  fixed?: Figures;
  idleRss?: number;
  /** What the others are measured against besides Alertmanager (bare node:http). */
  reference?: true;
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

async function load(target: Target, seconds: number, connections: number): Promise<Figures> {
  let next = 0;
  const cpuBefore = cpuMs(target.pid);
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: target.bodies[next++ % target.bodies.length] }) }],
  });
  const cpuAfter = cpuMs(target.pid);
  return {
    cpuPer1000: cpuBefore === undefined || cpuAfter === undefined || result['2xx'] === 0 ? undefined : ((cpuAfter - cpuBefore) * 1000) / result['2xx'],
    perSecond: result['2xx'] / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    accepted: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * The ratio of the medians, then the ratio within each round (the two targets ran back to back
 * there, so a slower or faster spell of the machine falls on both): their median and range.
 */
function ratios(target: Target, of: Target): string {
  const medians = median(target.runs.map((f) => f.perSecond)) / median(of.runs.map((f) => f.perSecond));
  const paired = target.runs.map((f, round) => f.perSecond / of.runs[round].perSecond);
  const range = `${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)}`;
  return `${medians.toFixed(2)}; paired by round: median ${median(paired).toFixed(2)}, range ${range}`;
}
const describe = (name: string, f: Figures) =>
  `${name}: ${Math.round(f.perSecond)} events/s, p50 ${f.p50} ms, p99 ${f.p99} ms, max ${f.max} ms, server CPU ${f.cpuPer1000?.toFixed(0) ?? '–'} ms per 1,000${f.failed > 0 ? `, ${f.failed} failed` : ''}`;

async function startBareHttp(): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [new URL('./bare-http-server.mjs', import.meta.url).pathname, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout!, 'data');
  return {
    url: `http://127.0.0.1:${port}`,
    dir: '',
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function startTargets(running: Running[]): Promise<Target[]> {
  const alertmanager = await AlertmanagerProcess.start({
    route: { receiver: 'null', group_by: ['alertname', 'service'], group_wait: '30s', group_interval: '5m', repeat_interval: '4h' },
    receivers: [{ name: 'null' }],
  });
  running.push(alertmanager);
  const configure = (config: Record<string, any>) => {
    config.alerts = { rateLimit: { events: 10_000_000, perSeconds: 60 }, groupWindowSeconds: 30 };
    for (let i = 0; i < SERVICES; i++) {
      config.rooms[`bench-${i}`] = { locale: 'en' };
      config.services[`bench-${i}`] = { team: 'platform', routingKey: routingKey(i), room: `bench-${i}` };
    }
  };
  const dontPanic = await startDontPanic(configure);
  running.push(dontPanic);
  const bare = await startBareHttp();
  running.push(bare);
  const targets: Target[] = [
    { name: 'Alertmanager /api/v2/alerts', url: `${alertmanager.url}/api/v2/alerts`, pid: alertmanager.pid, bodies: alertmanagerBodies(), runs: [] },
    { name: 'Don’t Panic /v2/enqueue', url: `${dontPanic.url}/v2/enqueue`, pid: dontPanic.pid, bodies: dontPanicBodies(), runs: [] },
    { name: 'bare node:http (stores nothing)', url: `${bare.url}/v2/enqueue`, pid: bare.pid, bodies: dontPanicBodies(), runs: [], reference: true },
  ];
  const baselineRoot = process.env.BENCH_BASELINE_ROOT;
  if (baselineRoot) {
    const baseline = await startDontPanic(configure, {}, baselineRoot);
    running.push(baseline);
    targets.push({ name: 'baseline /v2/enqueue', url: `${baseline.url}/v2/enqueue`, pid: baseline.pid, bodies: dontPanicBodies(), runs: [] });
  }
  return targets;
}

async function main(): Promise<void> {
  const running: Running[] = [];
  try {
    say('starting Alertmanager and Don’t Panic on loopback…');
    const started = Date.now();
    const targets = await startTargets(running);
    await new Promise((done) => setTimeout(done, Math.max(0, started + IDLE_AFTER_MS - Date.now())));
    for (const target of targets) target.idleRss = rssMb(target.pid);

    for (const target of targets) {
      say(`${target.name}: warming up ${WARMUP_S} s…`);
      await load(target, WARMUP_S, CONNECTIONS);
    }
    say(`${ROUNDS} rounds of ${DURATION_S} s each, ${CONNECTIONS} connections, ${DISTINCT} distinct alerts…`);
    // Each round starts with the next target, so no target always follows the same one.
    const inTurn = (index: number) => targets.map((_, i) => targets[(i + index) % targets.length]);
    for (let index = 1; index <= ROUNDS; index++) {
      for (const target of inTurn(index)) {
        const figures = await load(target, DURATION_S, CONNECTIONS);
        target.runs.push(figures);
        say(`round ${index}/${ROUNDS} ${describe(target.name, figures)}`);
      }
    }
    say(`one round of ${DURATION_S} s at a fixed ${FIXED_CONNECTIONS} connections…`);
    for (const target of inTurn(ROUNDS + 1)) {
      target.fixed = await load(target, DURATION_S, FIXED_CONNECTIONS);
      say(`${FIXED_CONNECTIONS} connections ${describe(target.name, target.fixed)}`);
    }

    const of = (target: Target, pick: (f: Figures) => number) => median(target.runs.map(pick));
    const sum = (target: Target, pick: (f: Figures) => number) => target.runs.reduce((total, f) => total + pick(f), 0);
    say(`\nmedians of ${ROUNDS} rounds at ${CONNECTIONS} connections, then the ${FIXED_CONNECTIONS}-connection round, and resident memory (MB):`);
    say(
      table(
        ['target', 'events/s', 'p50 ms', 'p99 ms', 'CPU ms/1k', 'failed', `@${FIXED_CONNECTIONS} events/s`, 'p50', 'p99', 'max', 'RSS idle', 'RSS after'],
        targets.map((t) => [
          t.name,
          Math.round(of(t, (f) => f.perSecond)),
          of(t, (f) => f.p50),
          of(t, (f) => f.p99),
          of(t, (f) => f.cpuPer1000 ?? Number.NaN),
          sum(t, (f) => f.failed),
          Math.round(t.fixed!.perSecond),
          t.fixed!.p50,
          t.fixed!.p99,
          t.fixed!.max,
          t.idleRss,
          rssMb(t.pid),
        ]),
      ),
    );
    const [am, ...others] = targets;
    const reference = others.find((target) => target.reference)!;
    const ours = others.filter((target) => !target.reference);
    say('');
    for (const target of ours) {
      say(`throughput ratio ${target.name} / Alertmanager: ${ratios(target, am)} (target ≥ 1.0, every event committed before its 202)`);
      say(`throughput ratio ${target.name} / ${reference.name}: ${ratios(target, reference)} (stretch ≥ 0.7)`);
      say(`${target.name}: p99 at ${FIXED_CONNECTIONS} connections ${target.fixed!.p99} ms (target ≤ 25 ms), idle RSS ${target.idleRss ?? '–'} MB (target ≤ 100 MB)`);
    }
    if (targets.some((t) => sum(t, (f) => f.failed) + t.fixed!.failed > 0)) say('warning: some requests failed; see the table');
  } finally {
    await Promise.all(running.map((target) => target.stop()));
  }
}

await main();
