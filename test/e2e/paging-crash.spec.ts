import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, STORES, storeEnv } from '../support/server-process.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { WebhookSink } from '../support/webhook-sink.js';
import { pagingConfig, WEBHOOK_SECRET } from '../support/paging-config.js';

const ROOMS = Array.from({ length: 8 }, (_, index) => `drill-${index + 1}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Row {
  calls: number;
  mayHaveRepeated: boolean;
  pageId: string;
  person: string;
  channel: string;
  to: string;
  level: number;
  round: number;
  status: string;
  pageStatus: string;
  idempotencyKey: string;
}

/**
 * Two instances share one database; one of them is killed with SIGKILL at
 * random moments while a burst of pages is due, and restarted. Every page must
 * reach every person of every level exactly once per channel: in the room
 * (committed with the job, so never twice), and at the SMTP server and the
 * webhook receiver once — twice only for a call cut by a kill, which the
 * page then marks as "may have gone out twice".
 */
describe.each(STORES)('paging survives SIGKILL and a second instance without losing or doubling a page, on %s', (store) => {
  let smtp: SmtpSink;
  let webhook: WebhookSink;
  let first: ServerProcess;
  let second: ServerProcess;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    webhook = await WebhookSink.start(WEBHOOK_SECRET);
    const base = pagingConfig({ smtp, webhook }, 1.5 / 60);
    const options = {
      config: (config: Record<string, any>) => {
        base(config);
        config.escalationPolicies['incident-command'].repeat = 1;
        for (const room of ROOMS) config.rooms[room] = { locale: 'en' };
      },
      env: { DONT_PANIC_JOB_POLL_MS: '50', DONT_PANIC_JOB_LEASE_MS: '2000', ...storeEnv(store) },
    };
    first = await ServerProcess.start(options);
    second = await ServerProcess.start({ ...options, dataDir: first.dataDir });
  }, 120_000);
  afterAll(async () => {
    await second?.kill('SIGTERM');
    await first?.stop();
    await Promise.all([smtp?.stop(), webhook?.stop()]);
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

    const rows = await (async () => {
      const deadline = Date.now() + 90_000;
      for (;;) {
        const all: Row[] = [];
        for (const id of incidents) all.push(...(await first.request('GET', `/api/v1/incidents/${id}/pages`, { token })).body.pages);
        const done = all.length > 0 && all.every((row) => row.pageStatus === 'exhausted' && row.status !== 'pending' && row.status !== 'retrying');
        if (done) return all;
        if (Date.now() > deadline) throw new Error(`pages not settled: ${JSON.stringify(all.filter((row) => row.pageStatus !== 'exhausted' || row.status !== 'sent'))}`);
        await sleep(250);
      }
    })();

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
    const mailKeys = smtp.messages.map((mail) => String(mail.headers.get('x-dont-panic-idempotency-key')));
    const hookKeys = webhook.received.map((hook) => hook.idempotencyKey);
    let repeats = 0;
    for (const [channel, keys] of [['email', mailKeys], ['webhook', hookKeys]] as const) {
      const mine = rows.filter((row) => row.channel === channel);
      expect(new Set(keys)).toEqual(new Set(mine.map((row) => row.idempotencyKey)));
      for (const row of mine) {
        const received = keys.filter((key) => key === row.idempotencyKey).length;
        if (received > 1) repeats++;
        expect(received, `${row.idempotencyKey} arrived ${received} times; its page says calls ${row.calls}, may have repeated ${row.mayHaveRepeated}`).toBeLessThanOrEqual(row.mayHaveRepeated ? row.calls : 1);
      }
    }
    // A resend after a kill carries the same Message-ID, so the mailbox keeps one copy.
    const messageIds = new Map<string, Set<string>>();
    for (const mail of smtp.messages) {
      const key = String(mail.headers.get('x-dont-panic-idempotency-key'));
      messageIds.set(key, (messageIds.get(key) ?? new Set()).add(String(mail.headers.get('message-id'))));
    }
    expect([...messageIds.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(webhook.received.every((hook) => hook.verified)).toBe(true);

    // In the room a page is committed with its job: exactly one line per person and level, kills or not.
    for (const [index, room] of ROOMS.entries()) {
      const messages = (await second.request('GET', `/api/v1/rooms/inc-${incidents[index]}/messages`, { token })).body.messages.map((message: { text: string }) => message.text);
      for (const [person, level] of [['alice', 1], ['bob', 1], ['lei', 1], ['erin', 2]] as const) {
        const lines = messages.filter((text: string) => text.startsWith(`@${person} you are paged (page ${incidents[index]}-1, level ${level})`));
        // Once per round.
        expect(lines, `${room} ${person} level ${level}`).toHaveLength(2);
      }
      expect(messages.filter((text: string) => text.startsWith(`Nobody acknowledged page ${incidents[index]}-1 and its escalation policy is exhausted`))).toHaveLength(1);
    }
    console.info(
      `paging under SIGKILL on ${store}: ${kills} kills, ${rows.length} deliveries expected; received ${mailKeys.length} mails and ${hookKeys.length} webhooks; ${repeats} keys arrived twice after a kill mid-call, each marked on its page`,
    );
  }, 180_000);
});
