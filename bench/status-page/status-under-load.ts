/**
 * How fast `/status` answers when the rest of the app is busy: the page's
 * latency while idle, then while 8 clients post chat commands as fast as the
 * server takes them (each a commit, with timers and a status-page catch-up).
 * Prints milliseconds and the busy/idle ratio.
 *
 *   npx tsx bench/status-page/status-under-load.ts [seconds]
 */
import { ServerProcess } from '../../test/support/server-process.js';

const seconds = Number(process.argv[2] ?? 10);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(server: ServerProcess, until: number): Promise<number[]> {
  const times: number[] = [];
  while (Date.now() < until) {
    const start = performance.now();
    const response = await fetch(`${server.url}/status`);
    await response.text();
    times.push(performance.now() - start);
  }
  return times;
}

const server = await ServerProcess.start();
try {
  const carol = await server.token('carol');
  await server.say('incident-chat', '!declare 1 bench', carol);
  await server.say('incident-chat', '!ic take', carol);
  for (let n = 1; n <= 20; n++) {
    await server.say('incident-chat', `!public [api] Update ${n}: we are investigating.`, carol);
    await server.say('incident-chat', `!approve ${n}`, carol);
  }
  await measure(server, Date.now() + 1000);
  const idle = await measure(server, Date.now() + seconds * 1000);

  let stop = false;
  let commands = 0;
  const writers = Array.from({ length: 8 }, async (_, i) => {
    while (!stop) {
      await server.say('incident-chat', `!note busy ${i} ${commands}`, carol);
      commands++;
    }
  });
  const busy = await measure(server, Date.now() + seconds * 1000);
  stop = true;
  await Promise.all(writers);

  const row = (name: string, times: number[]) =>
    `${name.padEnd(5)} requests ${String(times.length).padStart(6)}  p50 ${percentile(times, 50).toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms  p99 ${percentile(times, 99).toFixed(2)} ms`;
  console.log(row('idle', idle));
  console.log(row('busy', busy));
  console.log(`chat commands committed while busy: ${commands} (${(commands / seconds).toFixed(0)}/s)`);
  console.log(`busy/idle p50 ratio ${(percentile(busy, 50) / percentile(idle, 50)).toFixed(2)}, p95 ratio ${(percentile(busy, 95) / percentile(idle, 95)).toFixed(2)}`);
} finally {
  await server.stop();
}
