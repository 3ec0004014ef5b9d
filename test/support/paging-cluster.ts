import pg from 'pg';
import { expect } from 'vitest';
import { idempotencyMarker } from '../../src/notify/sms/twilio-notifier.js';
import { pagingConfig, TWILIO_SID, TWILIO_TOKEN, WEBHOOK_SECRET } from './paging-config.js';
import { ServerProcess, storeEnv, TEST_DATABASE_URL, type ServerOptions, type StoreKind } from './server-process.js';
import { SmtpSink } from './smtp-sink.js';
import { TwilioSink } from './twilio-sink.js';
import { WebhookSink } from './webhook-sink.js';

/** Job lease and poll for test clusters: a killed or frozen instance's jobs are taken over within seconds. */
export const CLUSTER_LEASE_MS = 2000;
export const CLUSTER_POLL_MS = 50;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One row of `GET /api/v1/incidents/ID/pages`. */
export interface PageRow {
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
  cancelReason?: string | null;
  idempotencyKey: string;
  /** The notice that the page closed, on the row of a contact a cancelled page reached. */
  closingNotice?: { idempotencyKey: string; status: string; calls: number; mayHaveRepeated: boolean } | null;
}

/** The receivers a page can reach: a real SMTP server, a webhook receiver and, when asked for, a Twilio-compatible API. */
export class PagingSinks {
  private constructor(
    readonly smtp: SmtpSink,
    readonly webhook: WebhookSink,
    readonly twilio: TwilioSink | undefined,
  ) {}

  static async start(options: { twilio?: boolean } = {}): Promise<PagingSinks> {
    const [smtp, webhook, twilio] = await Promise.all([SmtpSink.start(), WebhookSink.start(WEBHOOK_SECRET), options.twilio ? TwilioSink.start(TWILIO_SID, TWILIO_TOKEN) : undefined]);
    return new PagingSinks(smtp, webhook, twilio);
  }

  async stop(): Promise<void> {
    await Promise.all([this.smtp.stop(), this.webhook.stop(), this.twilio?.stop()]);
  }

  /**
   * Counted at the receivers, without de-duplication: every delivery (closing notices included) arrived, a key once, or more only when its
   * page says a call ended without an outcome (a kill mid-call) — and never more often than calls were started.
   * Returns how many keys arrived more than once.
   */
  expectEachDeliveredOnce(pageRows: readonly PageRow[]): number {
    // A closing notice is a delivery too, by the same channel to the same address, under its own key.
    const rows = [...pageRows, ...pageRows.flatMap((row) => (row.closingNotice ? [{ ...row, ...row.closingNotice }] : []))];
    const mailKeys = this.smtp.messages.map((mail) => String(mail.headers.get('x-dont-panic-idempotency-key')));
    const hookKeys = this.webhook.received.map((hook) => hook.idempotencyKey);
    const smsBodies = (this.twilio?.requests ?? []).filter((request) => request.kind === 'sms').map((request) => request.body ?? '');
    let repeats = 0;
    const expectReceived = (row: PageRow, received: number) => {
      if (received > 1) repeats++;
      expect(received, `${row.idempotencyKey} arrived ${received} times; its page says calls ${row.calls}, may have repeated ${row.mayHaveRepeated}`).toBeGreaterThanOrEqual(1);
      expect(received, `${row.idempotencyKey} arrived ${received} times; its page says calls ${row.calls}, may have repeated ${row.mayHaveRepeated}`).toBeLessThanOrEqual(row.mayHaveRepeated ? row.calls : 1);
    };
    for (const [channel, keys] of [['email', mailKeys], ['webhook', hookKeys]] as const) {
      const mine = rows.filter((row) => row.channel === channel);
      expect(new Set(keys)).toEqual(new Set(mine.map((row) => row.idempotencyKey)));
      for (const row of mine) expectReceived(row, keys.filter((key) => key === row.idempotencyKey).length);
    }
    if (this.twilio) {
      // An SMS carries its key's marker; a call carries nothing but its words, so calls are counted per number.
      const texts = rows.filter((row) => row.channel === 'sms');
      expect(smsBodies).toHaveLength(smsBodies.filter((body) => texts.some((row) => body.endsWith(idempotencyMarker(row.idempotencyKey)))).length);
      for (const row of texts) expectReceived(row, smsBodies.filter((body) => body.endsWith(idempotencyMarker(row.idempotencyKey))).length);
      const calls = this.twilio.requests.filter((request) => request.kind === 'voice');
      for (const to of new Set(rows.filter((row) => row.channel === 'voice').map((row) => row.to))) {
        const mine = rows.filter((row) => row.channel === 'voice' && row.to === to);
        const received = calls.filter((call) => call.to === to.replace(/[^+0-9]/g, '')).length;
        expect(received, `calls to ${to}`).toBeGreaterThanOrEqual(mine.length);
        expect(received, `calls to ${to}`).toBeLessThanOrEqual(mine.reduce((sum, row) => sum + (row.mayHaveRepeated ? row.calls : 1), 0));
        repeats += received - mine.length;
      }
    }
    // A resend after a kill carries the same Message-ID, so the mailbox keeps one copy.
    const messageIds = new Map<string, Set<string>>();
    for (const mail of this.smtp.messages) {
      const key = String(mail.headers.get('x-dont-panic-idempotency-key'));
      messageIds.set(key, (messageIds.get(key) ?? new Set()).add(String(mail.headers.get('message-id'))));
    }
    expect([...messageIds.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(this.webhook.received.every((hook) => hook.verified)).toBe(true);
    return repeats;
  }
}

/**
 * Options for servers that share one database and page the sinks, with short
 * job polls and leases so that a killed instance's jobs are taken over within
 * seconds. `edit` changes the config further.
 */
export function clusterOptions(store: StoreKind, sinks: PagingSinks, ackTimeoutMinutes: number, edit: (config: Record<string, any>) => void = () => undefined): ServerOptions {
  const base = pagingConfig(sinks, ackTimeoutMinutes);
  return {
    config: (config) => {
      base(config);
      edit(config);
    },
    env: { DONT_PANIC_JOB_POLL_MS: String(CLUSTER_POLL_MS), DONT_PANIC_JOB_LEASE_MS: String(CLUSTER_LEASE_MS), ...storeEnv(store) },
  };
}

/** `count` instances over one database (and one data directory, so one config and one SQLite file). */
export async function startCluster(count: number, options: ServerOptions): Promise<ServerProcess[]> {
  const first = await ServerProcess.start(options);
  const others = await Promise.all(Array.from({ length: count - 1 }, () => ServerProcess.start({ ...options, dataDir: first.dataDir })));
  return [first, ...others];
}

/** Stops every instance; the last one drops the shared PostgreSQL schema. */
export async function stopCluster(servers: readonly (ServerProcess | undefined)[]): Promise<void> {
  const [first, ...others] = servers;
  await Promise.all(others.map((server) => server?.kill('SIGTERM')));
  await first?.stop();
}

/** The pages of these incidents once every delivery has an outcome and every page has run out of levels. */
export async function settledPages(server: ServerProcess, token: string, incidents: readonly number[], timeoutMs = 90_000): Promise<PageRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all: PageRow[] = [];
    for (const id of incidents) all.push(...(await server.request('GET', `/api/v1/incidents/${id}/pages`, { token })).body.pages);
    const done = all.length > 0 && all.every((row) => row.pageStatus === 'exhausted' && row.status !== 'pending' && row.status !== 'retrying');
    if (done) return all;
    if (Date.now() > deadline) throw new Error(`pages not settled: ${JSON.stringify(all.filter((row) => row.pageStatus !== 'exhausted' || row.status !== 'sent'))}`);
    await sleep(250);
  }
}

export interface RoomMessage {
  position: number;
  at: string;
  author: string;
  bot: boolean;
  text: string;
  kind: string;
  tick?: string;
}

/** A room's whole history through the API, page after page. */
export async function roomHistory(server: ServerProcess, token: string, room: string): Promise<RoomMessage[]> {
  const all: RoomMessage[] = [];
  for (;;) {
    const after = all.at(-1)?.position ?? 0;
    const page = await server.request('GET', `/api/v1/rooms/${room}/messages?after=${after}&limit=1000`, { token });
    if (page.status !== 200) throw new Error(`history of ${room}: ${page.status} ${JSON.stringify(page.body)}`);
    all.push(...page.body.messages);
    if (page.body.messages.length < 1000) return all;
  }
}

/**
 * Finds, in the shared PostgreSQL database, a job some instance is running right now (a lease is held) and
 * freezes that instance for longer than the lease: the others take the job over, and the frozen run must not
 * commit when it wakes. Lease tokens begin with the runner's owner id, which each instance logs at start.
 * Returns the job frozen mid-run, or undefined when none was caught within `withinMs`.
 */
export async function freezeLeaseHolder(
  servers: readonly ServerProcess[],
  schema: string,
  kinds: readonly string[],
  freezeMs: number,
  withinMs = 3000,
): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ key: string; lease_token: string }>(
        `SELECT key, lease_token FROM ${schema}.jobs WHERE lease_token IS NOT NULL AND lease_until > ${schema}.database_clock(0) AND kind = ANY($1)`,
        [kinds],
      );
      for (const row of rows) {
        const owner = row.lease_token.split(':')[0];
        const holder = servers.find((server) => server.logs.some((line) => line.includes(owner)));
        if (!holder) continue;
        await holder.pause(freezeMs);
        return row.key;
      }
    }
    return undefined;
  } finally {
    await client.end();
  }
}
