/**
 * First load of an incident room whose timeline holds 5,000 events, in headless Chromium against the real server.
 * Run: npx tsx bench/web/first-load.ts [events] [runs]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { botLine, incidentRow, incidentStream, personLine, roomStream, toNewEvent } from '../../src/app/streams.js';
import type { IncidentEvent } from '../../src/domain/incident/events.js';
import { fold } from '../../src/domain/incident/state.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { launchChromium, setPassword, signIn } from '../../test/support/browser.js';
import { ServerProcess } from '../../test/support/server-process.js';

const EVENTS = Number(process.argv[2] ?? 5000);
const RUNS = Number(process.argv[3] ?? 7);
const PASSWORD = 'bench password 123';
const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin'];

/** An incident with `count` events: a declaration, then notes, conversation, tasks and follow-ups. */
function history(count: number): IncidentEvent[] {
  const start = Date.parse('2030-01-01T00:00:00Z');
  const at = (i: number) => new Date(start + i * 1000).toISOString();
  const events: IncidentEvent[] = [{ type: 'incident.declared', at: at(0), actor: 'carol', id: 1, title: 'checkout is failing', severity: 1, room: 'incident-chat', private: false }];
  let notes = 0;
  let tasks = 0;
  let todos = 0;
  for (let i = 1; i < count; i++) {
    const actor = PEOPLE[i % PEOPLE.length];
    switch (i % 4) {
      case 0:
        events.push({ type: 'note.added', at: at(i), actor, n: ++notes, text: `observation ${i}: error rate at ${i % 97}%` });
        break;
      case 1:
        events.push({ type: 'conversation.posted', at: at(i), actor, text: `line ${i} of the conversation` });
        break;
      case 2:
        events.push({ type: 'task.assigned', at: at(i), actor, n: ++tasks, owner: PEOPLE[(i + 1) % PEOPLE.length], text: `check shard ${i}` });
        break;
      default:
        events.push({ type: 'todo.added', at: at(i), actor, n: ++todos, text: `follow up on ${i}` });
    }
  }
  return events;
}

async function seed(dataDir: string): Promise<void> {
  const store = new SqliteStore(join(dataDir, 'dont-panic.sqlite'));
  const events = history(EVENTS);
  const state = fold(events);
  await store.commit({
    appends: [
      { stream: incidentStream(1), expectedVersion: 0, events: events.map(toNewEvent) },
      {
        stream: roomStream('incident-chat'),
        expectedVersion: 0,
        events: Array.from({ length: 400 }, (_, i) => (i % 2 ? botLine(events[i].at, `reply ${i}`, 1) : personLine(events[i].at, 'carol', `line ${i}`, 1))),
      },
    ],
    incidents: [incidentRow(state, events.length)],
  });
  await store.nextIncidentId();
  await store.close();
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dataDir = mkdtempSync(join(tmpdir(), 'dont-panic-bench-web-'));
await seed(dataDir);
const server = await ServerProcess.start({ dataDir });
const browser = await launchChromium();
try {
  await setPassword(server, 'carol', PASSWORD);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, server, 'carol', PASSWORD);
  const firstRender: number[] = [];
  const interactive: number[] = [];
  for (let run = 0; run < RUNS + 1; run++) {
    await page.goto(`${server.url}/incidents/1`);
    await page.locator('main[data-ready] .timeline-list li').first().waitFor();
    const rendered = await page.evaluate(() => performance.now());
    // Interactive: the chat input takes a keystroke and the page answers a task from the event loop.
    await page.getByLabel('Message or command').fill('!status');
    const ready = await page.evaluate(() => new Promise<number>((resolve) => setTimeout(() => resolve(performance.now()), 0)));
    if (run === 0) continue; // warm-up: caches, JIT
    firstRender.push(rendered);
    interactive.push(ready);
  }
  const drawn = await page.locator('.timeline-list li').count();
  const token = await server.token('carol');
  const timed = async (path: string) => {
    const started = performance.now();
    const response = await server.request('GET', path, { token });
    return { ms: performance.now() - started, bytes: JSON.stringify(response.body).length };
  };
  const pageOf100 = await timed(`/api/v1/incidents/1/timeline?before=${EVENTS + 1}&limit=100`);
  const all = await timed(`/api/v1/incidents/1/timeline?limit=5000`);
  const incident = await timed('/api/v1/incidents/1');
  console.log(`incident with ${EVENTS} timeline events, ${RUNS} runs after a warm-up, headless Chromium, 2-core machine`);
  console.log(`first render of the room (navigation start → room and timeline drawn): median ${median(firstRender).toFixed(0)} ms (min ${Math.min(...firstRender).toFixed(0)}, max ${Math.max(...firstRender).toFixed(0)})`);
  console.log(`interactive (chat input filled, event loop free): median ${median(interactive).toFixed(0)} ms`);
  console.log(`timeline rows drawn on first load: ${drawn} of ${EVENTS} (older pages on request)`);
  console.log(`API: newest timeline page ${pageOf100.ms.toFixed(0)} ms / ${(pageOf100.bytes / 1024).toFixed(0)} KiB; whole timeline ${all.ms.toFixed(0)} ms / ${(all.bytes / 1024).toFixed(0)} KiB; incident ${incident.ms.toFixed(0)} ms / ${(incident.bytes / 1024).toFixed(0)} KiB`);
} finally {
  await browser.close();
  await server.stop();
}
