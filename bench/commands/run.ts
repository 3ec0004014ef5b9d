import { ServerProcess, storeEnv } from '../../test/support/server-process.js';

/**
 * `npm run bench:commands`: chat commands per second through
 * `POST /api/v1/rooms/ROOM/messages`, for one instance on SQLite, one on
 * PostgreSQL and three sharing one PostgreSQL database (commands spread
 * round-robin over the instances and over several incident rooms), in one run.
 * Every answered command is durably committed before its answer.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 24);
const INCIDENTS = 12;

interface Figures {
  name: string;
  perSecond: number;
  answered: number;
  failed: number;
}

async function measure(name: string, servers: ServerProcess[]): Promise<Figures> {
  const token = await servers[0].token('carol');
  const rooms: string[] = [];
  for (let index = 0; index < INCIDENTS; index++) {
    const declared = await servers[0].say('incident-chat', `!declare 3 bench incident ${index + 1}`, token);
    rooms.push(declared.body.incident.room);
  }
  let answered = 0;
  let failed = 0;
  let next = 0;
  const warmUntil = Date.now() + 1000;
  const stopAt = warmUntil + SECONDS * 1000;
  const client = async () => {
    while (Date.now() < stopAt) {
      const turn = next++;
      const server = servers[turn % servers.length];
      const result = await server.say(rooms[turn % rooms.length], `!note bench line ${turn}`, token).catch(() => ({ status: 0 }));
      if (Date.now() < warmUntil) continue;
      if (result.status === 200) answered++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return { name, perSecond: answered / SECONDS, answered, failed };
}

async function run(name: string, kind: 'sqlite' | 'postgres', instances: number): Promise<Figures> {
  const options = { env: storeEnv(kind) };
  const first = await ServerProcess.start(options);
  const servers = [first];
  try {
    for (let index = 1; index < instances; index++) servers.push(await ServerProcess.start({ ...options, dataDir: first.dataDir }));
    return await measure(name, servers);
  } finally {
    for (const server of servers.slice(1)) await server.kill('SIGTERM');
    await first.stop();
  }
}

const results = [await run('1 instance, SQLite', 'sqlite', 1), await run('1 instance, PostgreSQL', 'postgres', 1), await run('3 instances, PostgreSQL', 'postgres', 3)];
console.log(`chat commands per second (${SECONDS} s each, ${CLIENTS} clients, ${INCIDENTS} incident rooms):`);
for (const figures of results) console.log(`  ${figures.name.padEnd(26)} ${figures.perSecond.toFixed(1).padStart(8)} /s  (${figures.answered} answered, ${figures.failed} failed)`);
console.log(`  scaling, 3 vs 1 PostgreSQL instance: ${(results[2].perSecond / results[1].perSecond).toFixed(2)}×`);
