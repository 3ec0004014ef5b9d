import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_LEASE_MS, clusterOptions, freezeLeaseHolder, PagingSinks, roomHistory, settledPages, sleep, startCluster, stopCluster, type PageRow, type RoomMessage } from '../support/paging-cluster.js';
import type { ServerProcess } from '../support/server-process.js';

const LOBBY = 'chaos-lobby';
const COMMANDS = 500;
const IN_FLIGHT = 4;
const STALK_SECONDS = 1;
const TIME_CALL_MINUTES = 0.025;
const REMINDER_REPEATS = 3;

type Kind = 'note' | 'todo' | 'status' | 'line' | 'role';
interface Sent {
  index: number;
  kind: Kind;
  marker?: string;
  text: string;
  instance: number;
  /** `acked`: answered 200 without a refusal; `refused`: answered 200 with one (stores nothing); `lost`: cut by a kill, or an error status. */
  outcome: 'acked' | 'refused' | 'lost';
}

/** The n-th scripted chat command: notes, tasks for later, status questions, plain lines and the IC moving the scribe role. */
function command(index: number, scribe: () => string): { kind: Kind; marker?: string; text: string; sender: string } {
  const marker = `mk${String(index).padStart(4, '0')}x`;
  const sender = ['dave', 'frank', 'carol'][index % 3];
  switch (index % 10) {
    case 0:
    case 1:
    case 2:
      return { kind: 'note', marker, text: `!note ${marker} latency on the primary is ${index} ms`, sender };
    case 3:
    case 4:
      return { kind: 'todo', marker, text: `!todo ${marker} alert on replication lag`, sender };
    case 5:
      return { kind: 'status', text: '!status', sender };
    case 9:
      return { kind: 'role', text: `!role scribe ${scribe()}`, sender: 'carol' };
    default:
      return { kind: 'line', marker, text: `${marker} looking at the graphs`, sender };
  }
}

const count = <T,>(items: readonly T[], match: (item: T) => boolean) => items.filter(match).length;

/**
 * Three instances share one PostgreSQL database. A scripted incident runs on
 * them — its IC paging the IC on call (which escalates, nobody acknowledges),
 * the status stalked, the deputy's time calls, the IC's hand-over reminders,
 * executive-summary reminders — while 500 chat commands are spread over the
 * instances and the test SIGKILLs one instance after another at random and
 * restarts it, or freezes (SIGSTOP) the instance that is running a timer
 * right now for longer than its lease, so the job is taken over and the
 * frozen run wakes up to a lease it no longer holds. Afterwards, read through the API and the export: every
 * answered command is in the log exactly once (unanswered ones at most once),
 * every stream's versions run 1, 2, 3… without a gap, each page reached each
 * receiver once per person, level and channel (twice at most where the page
 * says a call may have gone out twice), and each due stalk post, time call
 * and reminder is in the room once.
 */
describe('chaos: three instances on PostgreSQL, SIGKILLed and frozen at random during an incident', () => {
  let sinks: PagingSinks;
  let servers: ServerProcess[] = [];
  let schema = '';

  beforeAll(async () => {
    sinks = await PagingSinks.start({ twilio: true });
    const options = clusterOptions('postgres', sinks, 3 / 60, (config) => {
      config.escalationPolicies['incident-command'].repeat = 1;
      config.rooms[LOBBY] = { locale: 'en' };
      config.timers = { statusStalkSeconds: STALK_SECONDS, deputyTimeCallMinutes: TIME_CALL_MINUTES, handoverSuggestMinutes: 0.1, handoverInsistMinutes: 0.3 };
      Object.assign(config.comms.timers, { executiveSummaryMinutes: 0.1, executiveEscalationMinutes: 0.05, reminderRepeats: REMINDER_REPEATS });
    });
    schema = options.env!.DONT_PANIC_DATABASE_SCHEMA;
    servers = await startCluster(3, options);
  }, 120_000);
  afterAll(async () => {
    await stopCluster(servers);
    await sinks?.stop();
  });

  it('keeps every acknowledged command once, versions contiguous, and each page, post and reminder once at its receiver', async () => {
    const [first] = servers;
    const tokens = Object.fromEntries(await Promise.all(['carol', 'dave', 'frank'].map(async (person) => [person, await first.token(person)] as const)));
    const declared = await servers[0].say(LOBBY, '!declare 3 checkout is down', tokens.carol);
    expect(declared.status).toBe(200);
    const { id, room } = declared.body.incident as { id: number; room: string };
    // The IC is paged after carol took command (a page asked for before it would close as she does), so it escalates to the end.
    for (const [index, text] of ['!status stalk', '!ic take', '!sev 2', '!ic page checkout is down'].entries()) {
      const answer = await servers[(index + 1) % servers.length].say(room, text, tokens.carol);
      expect(answer.status, text).toBe(200);
      expect(answer.body.replies.some((reply: { error?: boolean }) => reply.error), JSON.stringify(answer.body)).toBe(false);
    }

    // One instance at a time is killed and restarted, or frozen for longer than a lease, at random moments, until the commands are through.
    let chaos = true;
    let kills = 0;
    let pauses = 0;
    const frozenMidRun: string[] = [];
    const killer = (async () => {
      const started = Date.now();
      while (chaos || kills < 6 || Date.now() - started < 15_000) {
        await sleep(200 + Math.random() * 800);
        const victim = servers[Math.floor(Math.random() * servers.length)];
        if ((kills + pauses) % 3 !== 0) {
          // The instance running a timer right now is frozen past its lease: the job is taken over, and the frozen
          // run must not commit when it wakes. Caught mid-run or not, some instance is frozen.
          const freezeMs = CLUSTER_LEASE_MS + 500 + Math.random() * 1000;
          const caught = await freezeLeaseHolder(servers, schema, ['status-stalk', 'time-call', 'page-deliver'], freezeMs);
          if (caught) frozenMidRun.push(caught);
          else await victim.pause(freezeMs);
          pauses++;
          continue;
        }
        await victim.kill('SIGKILL');
        kills++;
        await sleep(Math.random() * 300);
        await victim.start();
      }
    })();

    // Round-robin over the instances, a few in flight. A refused connection certainly did not land, so the command
    // goes to the next instance; one cut mid-request (a kill) may have landed and is not retried.
    const sent: Sent[] = [];
    let next = 0;
    let scribes = 0;
    let retried = 0;
    const scribe = () => (scribes++ % 2 === 0 ? 'dave' : 'frank');
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < COMMANDS) {
          const index = next++;
          const { kind, marker, text, sender } = command(index, scribe);
          let outcome: Sent['outcome'] = 'lost';
          let instance = index % servers.length;
          for (let tries = 0; ; tries++, instance = (instance + 1) % servers.length) {
            try {
              const answer = await servers[instance].say(room, text, tokens[sender]);
              if (answer.status === 200) outcome = answer.body.replies.some((reply: { error?: boolean }) => reply.error) ? 'refused' : 'acked';
              else outcome = 'lost';
              break;
            } catch (error) {
              if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED' && tries < 2 * servers.length) {
                retried++;
                await sleep(100);
                continue;
              }
              // cut by a kill: unknown whether it landed
              outcome = 'lost';
              break;
            }
          }
          sent.push({ index, kind, ...(marker ? { marker } : {}), text, instance, outcome });
        }
      }),
    );
    chaos = false;
    await killer;

    // All instances up again: stop the stalk, let the pages run out and the reminders come due, then end the incident.
    const unstalk = await servers[0].say(room, '!status unstalk', tokens.carol);
    expect(unstalk.status).toBe(200);
    const rows = await settledPages(servers[1], tokens.carol, [id]);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const timeline = (await servers[2].request('GET', `/api/v1/incidents/${id}/timeline?limit=5000`, { token: tokens.carol })).body.events;
      const handovers = count(await roomHistory(servers[2], tokens.carol, room), (message) => message.kind === 'handover-reminder');
      if (handovers >= 2 && count(timeline, (event: { type: string }) => event.type === 'update.missed') >= REMINDER_REPEATS) break;
      if (Date.now() > deadline) throw new Error(`reminders not due: ${handovers} hand-over reminders`);
      await sleep(250);
    }
    const resolved = await servers[1].say(room, '!resolve', tokens.carol);
    expect(resolved.body.replies.some((reply: { error?: boolean }) => reply.error), JSON.stringify(resolved.body)).toBe(false);
    // Jobs of a resolved incident find nothing to do; wait until none is due, then keep the export for the versions.
    const exported = join(first.dataDir, 'chaos-export.jsonl');
    const records = await (async () => {
      const until = Date.now() + 30_000;
      for (;;) {
        const run = await first.cli('export', '--output', exported);
        expect(run.code, run.stderr).toBe(0);
        const all = readFileSync(exported, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
        const due = all.filter((record) => record.table === 'job' && !record.parkedAt && record.dueAt <= new Date().toISOString());
        if (due.length === 0) return all;
        if (Date.now() > until) throw new Error(`jobs still due: ${JSON.stringify(due)}`);
        await sleep(250);
      }
    })();
    expect(records.filter((record) => record.table === 'job' && record.parkedAt)).toEqual([]);

    const messages = await roomHistory(servers[0], tokens.carol, room);
    const timeline: { type: string; text?: string; role?: string; version: number }[] = (await servers[1].request('GET', `/api/v1/incidents/${id}/timeline?limit=5000`, { token: tokens.carol })).body.events;
    const said = (marker: string) => count(messages, (message) => !message.bot && message.text.includes(marker));
    const recorded = (kind: Kind, marker: string) =>
      count(timeline, (event) => event.type === { note: 'note.added', todo: 'todo.added', line: 'conversation.posted' }[kind as 'note'] && String(event.text ?? '').includes(marker));

    // Every answered command once, in the room and on the timeline; an unanswered one at most once; a refusal nowhere.
    const outcomes = { acked: 0, refused: 0, lost: 0 };
    for (const command of sent) {
      outcomes[command.outcome]++;
      if (!command.marker) continue;
      expect(command.outcome, command.text).not.toBe('refused');
      const expected = command.outcome === 'acked' ? [1, 1] : [0, 1];
      for (const [where, seen] of [['room', said(command.marker)], ['timeline', recorded(command.kind, command.marker)]] as const) {
        expect(seen, `${command.text} (${command.outcome}) in the ${where}`).toBeGreaterThanOrEqual(expected[0]);
        expect(seen, `${command.text} (${command.outcome}) in the ${where}`).toBeLessThanOrEqual(expected[1]);
      }
    }
    // Commands without a marker: as many in the log as were answered, plus at most the unanswered ones.
    for (const [kind, seen] of [
      ['status', count(messages, (message) => !message.bot && message.text === '!status')],
      ['role', count(timeline, (event) => event.type === 'role.assigned' && event.role === 'scribe')],
    ] as const) {
      const mine = sent.filter((command) => command.kind === kind);
      expect(seen, kind).toBeGreaterThanOrEqual(count(mine, (command) => command.outcome === 'acked'));
      expect(seen, kind).toBeLessThanOrEqual(count(mine, (command) => command.outcome !== 'refused'));
    }
    expect(outcomes.acked).toBeGreaterThan(COMMANDS * 0.8);

    // Versions: every stream's run 1, 2, 3… with no gap and no double, positions unique, read from the export.
    const events = records.filter((record) => record.table === 'event');
    const versions = new Map<string, number[]>();
    for (const event of events) versions.set(event.stream, [...(versions.get(event.stream) ?? []), event.version]);
    for (const [stream, list] of versions) expect([...list].sort((a, b) => a - b), stream).toEqual(list.map((_, index) => index + 1));
    expect(new Set(events.map((event) => event.position)).size).toBe(events.length);
    expect(versions.get(`incident-${id}`)).toHaveLength(timeline.length);

    // Pages: every person, level and channel once at the receiver (twice at most where the page says so), once per round in the room.
    expect(new Set(rows.map((row) => `${row.person}:L${row.level}:R${row.round}`))).toEqual(
      new Set(['alice:L1:R1', 'bob:L1:R1', 'lei:L1:R1', 'erin:L2:R1', 'alice:L1:R2', 'bob:L1:R2', 'lei:L1:R2', 'erin:L2:R2']),
    );
    expect(rows.filter((row) => row.status !== 'sent')).toEqual([]);
    // The page ran out of levels, so the resolve closed it: everyone it reached is told once that nothing more is needed.
    const closed = (await servers[0].request('GET', `/api/v1/incidents/${id}/pages`, { token: tokens.carol })).body.pages as PageRow[];
    expect(new Set(closed.map((row) => `${row.pageStatus}:${row.cancelReason}`))).toEqual(new Set(['cancelled:incident-resolved']));
    expect(new Set(closed.flatMap((row) => (row.closingNotice ? [`${row.person}:${row.closingNotice.status}`] : [])))).toEqual(
      new Set(['alice:sent', 'bob:sent', 'lei:sent', 'erin:sent']),
    );
    const repeats = sinks.expectEachDeliveredOnce(closed);
    // lei shadows the IC: told so, not asked to acknowledge.
    for (const [person, level, paged] of [['alice', 1, 'paged'], ['bob', 1, 'paged'], ['lei', 1, 'shadowing'], ['erin', 2, 'paged']] as const) {
      expect(count(messages, (message) => message.text.startsWith(`@${person} you are ${paged} (page ${id}-1, level ${level})`)), `${person} level ${level}`).toBe(2);
    }
    expect(count(messages, (message) => message.text.startsWith(`Nobody acknowledged page ${id}-1 and its escalation policy is exhausted`))).toBe(1);

    // Timers: each due stalk post and time call once (a tick is the time it was due), on cadence; each reminder once.
    const ticks = (kind: string) => messages.filter((message) => message.kind === kind).map((message: RoomMessage) => message.tick!);
    for (const [kind, seconds] of [['status-stalk', STALK_SECONDS], ['time-call', TIME_CALL_MINUTES * 60]] as const) {
      const due = ticks(kind);
      expect(due.length, kind).toBeGreaterThan(3);
      expect(new Set(due).size, `${kind} ticks posted twice`).toBe(due.length);
      const sorted = [...due].sort();
      for (let index = 1; index < sorted.length; index++) expect(Date.parse(sorted[index]) - Date.parse(sorted[index - 1]), kind).toBeGreaterThanOrEqual(seconds * 1000);
    }
    expect(messages.filter((message) => message.kind === 'handover-reminder').map((message) => message.text.includes('hand over now'))).toEqual([false, true]);
    const missed = count(timeline, (event) => event.type === 'update.missed');
    expect(missed).toBe(REMINDER_REPEATS);
    expect(count(messages, (message) => message.bot && /no executive summary for|the executive summary is still overdue/.test(message.text))).toBe(missed);

    console.info(
      `chaos on 3 PostgreSQL instances: ${kills} kills, ${pauses} freezes (${frozenMidRun.length} of an instance mid-job: ${[...new Set(frozenMidRun.map((key) => key.split(':')[0]))].join(', ')}); ${COMMANDS} commands: ${outcomes.acked} answered, ${outcomes.refused} refused, ${outcomes.lost} unanswered (${retried} sent again after a refused connection); ` +
        `${events.length} events in ${versions.size} streams; ${rows.length} deliveries, ${repeats} arrived twice after a kill mid-call (each marked); ` +
        `${ticks('status-stalk').length} stalk posts, ${ticks('time-call').length} time calls, ${missed} executive reminders`,
    );
  }, 240_000);
});
