/**
 * How fast `/status` answers when the rest of the app is busy: the page's
 * latency while idle, then while 8 clients post chat commands as fast as the
 * server takes them (each a commit, with timers and a status-page catch-up).
 * Measured side by side on the main port (the same thread as the commands)
 * and on the status page's own thread (`comms.statusPage.port`).
 * Prints milliseconds and the busy/idle ratios.
 *
 *   npx tsx bench/status-page/status-under-load.ts [seconds]
 */
import { ServerProcess } from '../../test/support/server-process.js';

const seconds = Number(process.argv[2] ?? 10);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(base: string, until: number): Promise<number[]> {
  const times: number[] = [];
  while (Date.now() < until) {
    const start = performance.now();
    const response = await fetch(`${base}/status`);
    await response.text();
    times.push(performance.now() - start);
  }
  return times;
}

const server = await ServerProcess.start({
  config: (config) => {
    config.comms.statusPage.port = 0;
  },
});
try {
  const line = server.logs.find((entry) => entry.includes('statusPagePort'));
  const ownThread = `http://127.0.0.1:${JSON.parse(line!).statusPagePort}`;
  const carol = await server.token('carol');
  await server.say('incident-chat', '!declare 1 bench', carol);
  await server.say('incident-chat', '!ic take', carol);
  for (let n = 1; n <= 20; n++) {
    await server.say('incident-chat', `!public [api] Update ${n}: we are investigating.`, carol);
    await server.say('incident-chat', `!approve ${n}`, carol);
  }
  await measure(server.url, Date.now() + 1000);
  await measure(ownThread, Date.now() + 1000);
  const idle = await measure(server.url, Date.now() + seconds * 1000);
  const idleOwn = await measure(ownThread, Date.now() + seconds * 1000);

  let stop = false;
  let commands = 0;
  const writers = Array.from({ length: 8 }, async (_, i) => {
    while (!stop) {
      await server.say('incident-chat', `!note busy ${i} ${commands}`, carol);
      commands++;
    }
  });
  const half = (seconds * 1000) / 2;
  const busy = await measure(server.url, Date.now() + half);
  const busyOwn = await measure(ownThread, Date.now() + half);
  stop = true;
  await Promise.all(writers);

  const row = (name: string, times: number[]) =>
    `  ${name.padEnd(5)} requests ${String(times.length).padStart(6)}  p50 ${percentile(times, 50).toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms  p99 ${percentile(times, 99).toFixed(2)} ms`;
  console.log('main port (shares the thread with commands)');
  console.log(row('idle', idle));
  console.log(row('busy', busy));
  console.log('status page thread (comms.statusPage.port)');
  console.log(row('idle', idleOwn));
  console.log(row('busy', busyOwn));
  console.log(`chat commands committed while busy: ${commands} (${(commands / seconds).toFixed(0)}/s)`);
  const ratio = (a: number[], b: number[], p: number) => (percentile(a, p) / percentile(b, p)).toFixed(2);
  console.log(`busy/idle p50: main ${ratio(busy, idle, 50)}, own thread ${ratio(busyOwn, idleOwn, 50)}`);
  console.log(`busy p50 main/own thread: ${ratio(busy, busyOwn, 50)}; p95 ${ratio(busy, busyOwn, 95)}`);
} finally {
  await server.stop();
}
