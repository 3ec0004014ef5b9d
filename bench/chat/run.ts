import { WebhookSink } from '../../test/support/webhook-sink.js';
import { cpuMs, median, percentile, rssMb, table } from '../support/figures.js';
import { startDontPanic, type RunningDontPanic } from '../support/servers.js';

/**
 * `npm run bench:chat`: one server with 100 open incidents and 20 responders
 * typing at once (notes, `!status`, tasks) into the incidents' rooms, each
 * sending its next line when the last was answered: commands per second and
 * their latency. Then `!ic page` in a lobby, timed to the first delivery
 * attempt at a local webhook receiver (which checks the signature), once with
 * the responders at rest and once while they type.
 *
 * BENCH_BASELINE_ROOT=DIR adds Don't Panic from another checkout, in the same
 * run, rounds alternating.
 */
const INCIDENTS = 100;
const RESPONDERS = 20;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PAGES = Number(process.env.BENCH_PAGES ?? 30);
const SECRET = 'bench-webhook-secret-0123456789';
const PAGE_LOBBY = 'bench-page';

interface Target {
  name: string;
  server: RunningDontPanic;
  sink: WebhookSink;
  carol: string;
  responders: { handle: string; token: string }[];
  rooms: string[];
  perSecond: number[];
  latencies: number[];
  failed: number;
  cpuPer1000: number[];
  pageIdle: number[];
  pageBusy: number[];
}

function configure(sink: WebhookSink) {
  return (config: Record<string, any>) => {
    for (let i = 0; i < INCIDENTS; i++) config.rooms[`bench-${i}`] = { locale: 'en' };
    config.rooms[PAGE_LOBBY] = { locale: 'en' };
    for (let i = 0; i < RESPONDERS; i++) config.people[`responder-${i}`] = { name: `Responder ${i}`, timezone: 'UTC' };
    config.paging.webhook = { secret: SECRET, timeoutSeconds: 5 };
    // The ICs are reached by webhook only, so the first attempt is the receiver's to time.
    for (const person of ['alice', 'bob', 'lei', 'erin']) config.people[person].contacts = [{ type: 'webhook', url: `${sink.url}/hooks/${person}` }];
    config.schedules['ic-primary'].layers[0].people = ['alice'];
    config.schedules['ic-backup'].layers[0].people = ['bob'];
    config.schedules['ic-shadow'].layers[0].people = ['lei'];
  };
}

interface Answer {
  ok: boolean;
  body: { replies?: { text: string; error?: boolean }[]; incident?: { id: number; room?: string } | null };
}

async function say(target: Target, room: string, text: string, token: string): Promise<Answer> {
  const response = await fetch(`${target.server.url}/api/v1/rooms/${room}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  const body = (await response.json()) as Answer['body'];
  return { ok: response.ok && !(body.replies ?? []).some((reply) => reply.error), body };
}

async function start(name: string, root: string | undefined): Promise<Target> {
  const sink = await WebhookSink.start(SECRET);
  const server = await startDontPanic(configure(sink), { DONT_PANIC_JOB_POLL_MS: '1000' }, root);
  const handles = Array.from({ length: RESPONDERS }, (_, i) => `responder-${i}`);
  const tokens: string[] = [];
  // A few CLI processes at a time: each is a Node start-up.
  for (let i = 0; i < handles.length; i += 5) tokens.push(...(await Promise.all(handles.slice(i, i + 5).map((handle) => server.token(handle)))));
  const target: Target = {
    name,
    server,
    sink,
    carol: await server.token('carol'),
    responders: handles.map((handle, i) => ({ handle, token: tokens[i] })),
    rooms: [],
    perSecond: [],
    latencies: [],
    failed: 0,
    cpuPer1000: [],
    pageIdle: [],
    pageBusy: [],
  };
  for (let i = 0; i < INCIDENTS; i++) {
    const answer = await say(target, `bench-${i}`, `!declare 3 bench incident ${i}`, target.carol);
    if (!answer.ok || !answer.body.incident) throw new Error(`${name}: could not declare incident ${i}: ${JSON.stringify(answer.body)}`);
    // After the rooms rework each incident has its own room; before it, the lobby is the incident's room.
    target.rooms.push(answer.body.incident.room ?? `bench-${i}`);
  }
  return target;
}

/** One responder's next line: a note, the status, or a task for a colleague. */
function line(responder: number, n: number): string {
  switch (n % 3) {
    case 0:
      return `!note responder ${responder} checked shard ${n}`;
    case 1:
      return '!status';
    default:
      return `!task responder-${(responder + 1) % RESPONDERS} look at dashboard ${n}`;
  }
}

async function respond(target: Target, until: number, latencies: number[]): Promise<number> {
  let failed = 0;
  await Promise.all(
    target.responders.map(async (responder, index) => {
      for (let n = 0; Date.now() < until; n++) {
        const room = target.rooms[Math.floor(Math.random() * target.rooms.length)];
        const started = performance.now();
        const answer = await say(target, room, line(index, n), responder.token);
        latencies.push(performance.now() - started);
        if (!answer.ok) failed++;
      }
    }),
  );
  return failed;
}

/** `!ic page` in the page lobby, to the first webhook for that incident; then resolves it, so the next page opens a new one. */
async function pageOnce(target: Target): Promise<number> {
  const started = performance.now();
  const answer = await say(target, PAGE_LOBBY, '!ic page bench: checkout is down', target.carol);
  const incident = answer.body.incident;
  if (!answer.ok || !incident) throw new Error(`${target.name}: !ic page failed: ${JSON.stringify(answer.body)}`);
  await target.sink.waitFor((hook) => hook.body?.data?.incidentId === incident.id);
  const elapsed = performance.now() - started;
  await say(target, incident.room ?? PAGE_LOBBY, '!resolve', target.carol);
  return elapsed;
}

async function pages(target: Target, count: number, into: number[]): Promise<void> {
  for (let i = 0; i < count; i++) into.push(await pageOnce(target));
}

async function round(target: Target, index: number): Promise<void> {
  await pages(target, PAGES, target.pageIdle);
  const latencies: number[] = [];
  const cpuBefore = cpuMs(target.server.pid);
  const until = Date.now() + DURATION_S * 1000;
  const [failed] = await Promise.all([respond(target, until, latencies), pagesUntil(target, until)]);
  const cpuAfter = cpuMs(target.server.pid);
  target.perSecond.push(latencies.length / DURATION_S);
  target.latencies.push(...latencies);
  target.failed += failed;
  if (cpuBefore !== undefined && cpuAfter !== undefined) target.cpuPer1000.push(((cpuAfter - cpuBefore) * 1000) / latencies.length);
  process.stdout.write(
    `round ${index}/${ROUNDS} ${target.name}: ${Math.round(latencies.length / DURATION_S)} commands/s, ` +
      `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms${failed ? `, ${failed} failed` : ''}\n`,
  );
}

/** Pages one after another while the responders type, so the page is timed under load too. */
async function pagesUntil(target: Target, until: number): Promise<void> {
  while (Date.now() < until) target.pageBusy.push(await pageOnce(target));
}

async function main(): Promise<void> {
  const targets: Target[] = [];
  try {
    process.stdout.write(`starting Don’t Panic, declaring ${INCIDENTS} incidents…\n`);
    targets.push(await start('Don’t Panic', undefined));
    if (process.env.BENCH_BASELINE_ROOT) targets.push(await start('baseline', process.env.BENCH_BASELINE_ROOT));
    process.stdout.write(`${ROUNDS} rounds: ${PAGES} pages at rest, then ${DURATION_S} s of ${RESPONDERS} responders (and pages) over ${INCIDENTS} open incidents…\n`);
    for (let index = 1; index <= ROUNDS; index++) {
      for (let i = 0; i < targets.length; i++) await round(targets[(i + index) % targets.length], index);
    }
    const ms = (value: number) => Math.round(value * 10) / 10;
    process.stdout.write(`\nchat: ${RESPONDERS} responders, ${INCIDENTS} open incidents; pages: !ic page to the first webhook delivery attempt (ms)\n`);
    process.stdout.write(
      `${table(
        ['target', 'commands/s', 'p50 ms', 'p99 ms', 'CPU ms/1k', 'failed', 'page p50', 'page p99', 'busy p50', 'busy p99', 'RSS after'],
        targets.map((t) => [
          t.name,
          Math.round(median(t.perSecond)),
          ms(percentile(t.latencies, 50)),
          ms(percentile(t.latencies, 99)),
          t.cpuPer1000.length ? ms(median(t.cpuPer1000)) : undefined,
          t.failed,
          ms(percentile(t.pageIdle, 50)),
          ms(percentile(t.pageIdle, 99)),
          ms(percentile(t.pageBusy, 50)),
          ms(percentile(t.pageBusy, 99)),
          rssMb(t.server.pid),
        ]),
      )}\n`,
    );
    for (const t of targets) {
      process.stdout.write(
        `${t.name}: chat p99 ${ms(percentile(t.latencies, 99))} ms (target ≤ 50 ms), page p99 ${ms(percentile(t.pageIdle, 99))} ms at rest, ` +
          `${ms(percentile(t.pageBusy, 99))} ms under load (target ≤ 100 ms); ${t.pageIdle.length + t.pageBusy.length} pages\n`,
      );
    }
    if (targets.some((t) => t.failed > 0)) process.stdout.write('warning: some commands failed or were refused; see the table\n');
  } finally {
    await Promise.all(targets.flatMap((t) => [t.server.stop(), t.sink.stop()]));
  }
}

await main();
