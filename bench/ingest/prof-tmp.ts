import autocannon from 'autocannon';
import { startDontPanic } from '/work/wt-ingest/bench/ingest/servers.js';
const rk = (s: number) => `bench${String(s).padStart(2, '0')}`.padEnd(32, 'k');
const dp = await startDontPanic((config) => {
  config.alerts = { rateLimit: { events: 10_000_000, perSeconds: 60 } };
  for (let i = 0; i < 10; i++) { config.rooms[`bench-${i}`] = { locale: 'en' }; config.services[`bench-${i}`] = { team: 'platform', routingKey: rk(i), room: `bench-${i}` }; }
}, { DEBUG_BATCH: '1' });
const bodies = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ routing_key: rk(i % 10), event_action: 'trigger', dedup_key: `b-${i}`, payload: { summary: `alert ${i}`, source: 'h', severity: 'error', custom_details: { value: i } } }));
let n = 0;
const r = await autocannon({ url: dp.url + '/v2/enqueue', method: 'POST', connections: 50, duration: 8, headers: { 'content-type': 'application/json' }, requests: [{ setupRequest: (q) => ({ ...q, body: bodies[n++ % 1000] }) }] });
console.log((dp as any).logs ?? '', r['2xx'] / 8, r.latency.p50, r.latency.p99, r.non2xx);
await dp.stop();
