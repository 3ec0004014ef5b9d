import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, STORES } from '../support/server-process.js';
import { clusterOptions, PagingSinks, settledPages, sleep, startCluster, stopCluster } from '../support/paging-cluster.js';

const ROOMS = Array.from({ length: 8 }, (_, index) => `drill-${index + 1}`);

/**
 * Two instances share one database; one of them is killed with SIGKILL at
 * random moments while a burst of pages is due, and restarted. Every page must
 * reach every person of every level exactly once per channel: in the room
 * (committed with the job, so never twice), and at the SMTP server and the
 * webhook receiver once — twice only for a call cut by a kill, which the
 * page then marks as "may have gone out twice".
 */
describe.each(STORES)('paging survives SIGKILL and a second instance without losing or doubling a page, on %s', (store) => {
  let sinks: PagingSinks;
  let first: ServerProcess;
  let second: ServerProcess;

  beforeAll(async () => {
    sinks = await PagingSinks.start();
    const options = clusterOptions(store, sinks, 1.5 / 60, (config) => {
      config.escalationPolicies['incident-command'].repeat = 1;
      for (const room of ROOMS) config.rooms[room] = { locale: 'en' };
    });
    [first, second] = await startCluster(2, options);
  }, 120_000);
  afterAll(async () => {
    await stopCluster([first, second]);
    await sinks?.stop();
  });

  it('delivers exactly once per person, level and channel across kills', async () => {
    const token = await first.token('carol');
    // The first instance is killed at random moments from the first page on, while the second takes the burst
    // of pages; both run due jobs from the one database.
    let kills = 0;
    let paging = true;
    const killer = (async () => {
      const started = Date.now();
      while (paging || kills < 3 || Date.now() - started < 10_000) {
        await sleep(50 + Math.random() * 500);
        await first.kill('SIGKILL');
        kills++;
        await first.start();
      }
    })();
    const incidents: number[] = [];
    for (const [index, room] of ROOMS.entries()) {
      const page = await second.say(room, `!ic page outage ${index + 1}`, token);
      expect(page.status).toBe(200);
      incidents.push(page.body.incident.id);
      await sleep(Math.random() * 400);
    }
    paging = false;
    await killer;

    const rows = await settledPages(first, token, incidents);

    expect(new Set(rows.map((row) => row.pageId)).size).toBe(ROOMS.length);
    for (const id of incidents) {
      const mine = rows.filter((row) => row.pageId === `${id}-1`);
      expect(new Set(mine.map((row) => `${row.person}:L${row.level}:R${row.round}`))).toEqual(
        new Set(['alice:L1:R1', 'bob:L1:R1', 'lei:L1:R1', 'erin:L2:R1', 'alice:L1:R2', 'bob:L1:R2', 'lei:L1:R2', 'erin:L2:R2']),
      );
    }
    expect(rows.every((row) => row.status === 'sent')).toBe(true);

    // Counted at the receivers, without de-duplication: a key arrives once, or more only when its page says a call
    // ended without an outcome (a kill mid-call) — and never more often than calls were started.
    const repeats = sinks.expectEachDeliveredOnce(rows);

    // In the room a page is committed with its job: exactly one line per person and level, kills or not.
    for (const [index, room] of ROOMS.entries()) {
      const messages = (await second.request('GET', `/api/v1/rooms/inc-${incidents[index]}/messages`, { token })).body.messages.map((message: { text: string }) => message.text);
      // lei shadows the IC: told so, not asked to acknowledge.
      for (const [person, level, paged] of [['alice', 1, 'paged'], ['bob', 1, 'paged'], ['lei', 1, 'shadowing'], ['erin', 2, 'paged']] as const) {
        const lines = messages.filter((text: string) => text.startsWith(`@${person} you are ${paged} (page ${incidents[index]}-1, level ${level})`));
        // Once per round.
        expect(lines, `${room} ${person} level ${level}`).toHaveLength(2);
      }
      expect(messages.filter((text: string) => text.startsWith(`Nobody acknowledged page ${incidents[index]}-1 and its escalation policy is exhausted`))).toHaveLength(1);
    }
    console.info(
      `paging under SIGKILL on ${store}: ${kills} kills, ${rows.length} deliveries expected; received ${sinks.smtp.messages.length} mails and ${sinks.webhook.received.length} webhooks; ${repeats} keys arrived twice after a kill mid-call, each marked on its page`,
    );
  }, 180_000);
});
