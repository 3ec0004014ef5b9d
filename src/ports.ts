/**
 * The interfaces the engine (`src/app/`) needs from the outside world.
 * Adapters implement them; nothing here imports an adapter or an SDK.
 */

/** An event about to be stored. `data` is JSON; `at` is an ISO-8601 UTC instant. */
export interface NewEvent {
  readonly type: string;
  readonly at: string;
  readonly actor: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A stored event: `version` counts from 1 within its stream; `position` is unique in the store and increases within a stream (order across streams: see `readAll`). */
export interface RecordedEvent extends NewEvent {
  readonly stream: string;
  readonly version: number;
  readonly position: number;
}

/** The stream's current version (0 for a stream that does not exist), or `any` to skip the check. */
export type ExpectedVersion = number | 'any';

export interface StreamAppend {
  readonly stream: string;
  readonly expectedVersion: ExpectedVersion;
  readonly events: readonly NewEvent[];
}

/** A durable timer. `key` is unique: scheduling an existing key moves it (never doubles it). */
export interface JobSpec {
  readonly key: string;
  readonly kind: string;
  readonly dueAt: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** A job leased to one worker. Only the holder of `leaseToken` may finish or retry it. */
export interface LeasedJob extends JobSpec {
  readonly attempts: number;
  readonly leaseToken: string;
}

/** A job that ran out of attempts (or has no handler): kept, never run again until rescheduled, for a person to look at. */
export interface ParkedJob extends JobSpec {
  readonly attempts: number;
  readonly parkedAt: string;
  readonly lastError: string;
}

/** The queue at a glance, for metrics. */
export interface JobStats {
  /** Jobs due now that nobody runs yet, and the due time of the oldest of them (job lag). */
  readonly due: number;
  readonly oldestDueAt?: string;
  readonly parked: number;
}

/** Which incident rows to list, newest first: by status, by the lobby they were declared from, at most `limit` (100). */
export interface IncidentFilter {
  readonly status?: 'open' | 'resolved';
  readonly lobby?: string;
  readonly limit?: number;
}

/** The row of the incident list, kept in step with the incident's events in the same commit. */
export interface IncidentRow {
  readonly id: number;
  readonly title: string;
  readonly severity: number;
  readonly status: 'open' | 'resolved';
  /** The incident's own room, `inc-<id>`. */
  readonly room: string;
  /** The lobby it was declared from. */
  readonly lobby: string;
  readonly private: boolean;
  readonly commander?: string;
  readonly declaredAt: string;
  readonly resolvedAt?: string;
  readonly updatedAt: string;
  readonly version: number;
}

/**
 * One atomic unit of work: either everything in it is stored, or nothing is.
 * `finish` deletes a leased job, so a job's effects and its completion commit together.
 */
export interface Commit {
  readonly appends: readonly StreamAppend[];
  readonly schedule?: readonly JobSpec[];
  readonly cancel?: readonly string[];
  readonly finish?: { readonly key: string; readonly leaseToken: string };
  /** Parks a leased job instead of finishing it (it ran out of attempts); fenced like `finish`. */
  readonly park?: { readonly key: string; readonly leaseToken: string; readonly error: string; readonly at: string };
  /** Fencing without finishing: the commit is stored only while the job is still leased under this token. */
  readonly lease?: { readonly key: string; readonly leaseToken: string };
  readonly incidents?: readonly IncidentRow[];
}

/** Thrown by `commit` when a stream moved on since it was read, or a room already has an open incident. Re-read and decide again. */
export class VersionConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VersionConflict';
  }
}

/** Thrown by `commit` when the job in `finish`, `park` or `lease` is no longer leased to the caller: another worker owns it now. Drop the work. */
export class LeaseLost extends Error {
  constructor(key: string) {
    super(`lease on job ${key} was lost`);
    this.name = 'LeaseLost';
  }
}

/** Thrown by `commit` when the store cannot take commits right now (its writer died or did not answer in time). Answer 503; retrying later may work. */
export class StoreUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`the store is unavailable: ${reason}`);
    this.name = 'StoreUnavailable';
  }
}

export interface EventStore {
  /**
   * Stores the commit in one transaction and returns the recorded events in order.
   * Throws `VersionConflict` or `LeaseLost` (nothing stored); any other error is a failure of the store.
   */
  commit(commit: Commit): Promise<RecordedEvent[]>;
  /** Events of one stream with version greater than `afterVersion`, oldest first. */
  readStream(stream: string, afterVersion?: number): Promise<RecordedEvent[]>;
  /** Events of one stream, newest first, older than `beforeVersion`: for paging long timelines. */
  readStreamBackwards(stream: string, beforeVersion: number | undefined, limit: number): Promise<RecordedEvent[]>;
  /**
   * Events of all streams in commit order, after the event at position `afterPosition` (0: from the start), at
   * most `limit`: catch-up for live feeds and projections. Pass the position of the last event read as the next
   * cursor: a reader doing so sees every committed event exactly once, whatever commits run side by side.
   * Positions are unique, and increase within one stream, but across streams they need not increase in the order
   * read (PostgreSQL: positions are taken at insert, commits end in any order). Never compare positions of two
   * streams, nor skip an event because its position is lower than the cursor's; dedupe by position if needed.
   * An event becomes readable here once every commit that began before its own has ended.
   */
  readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]>;
  /** The position of the last event `readAll` returns now (0 when none): a cursor for "from now on". */
  lastPosition(): Promise<number>;
}

export interface IncidentIndex {
  /** A new incident number, never handed out twice (gaps are allowed). */
  nextIncidentId(): Promise<number>;
  getIncident(id: number): Promise<IncidentRow | undefined>;
  listIncidents(filter: IncidentFilter): Promise<IncidentRow[]>;
}

export interface JobQueue {
  /**
   * Leases up to `limit` jobs due at `now` that nobody holds (or whose lease expired).
   * Safe to call from many instances: a job is leased to one caller at a time.
   * `now` is the caller's clock; a store shared by several instances (PostgreSQL) decides "due" and "expired",
   * and sets lease ends, by its own clock instead, so one instance's wrong clock changes nothing
   * (the same for `renewLease` and `jobStats`).
   */
  claimDueJobs(now: string, limit: number, leaseMs: number, owner: string): Promise<LeasedJob[]>;
  /** Gives a failed job back, due again at `dueAt`. Ignored if the lease was lost. */
  retryJob(job: LeasedJob, dueAt: string, error: string): Promise<void>;
  /**
   * Extends a running job's lease to `leaseMs` from now (a heartbeat). False when
   * the lease was lost: another worker may run the job, so this one must stop.
   */
  renewLease(job: LeasedJob, now: string, leaseMs: number): Promise<boolean>;
  /** Parked jobs, oldest first. */
  parkedJobs(limit: number): Promise<ParkedJob[]>;
  jobStats(now: string): Promise<JobStats>;
  /** The next due time of any job, to sleep until then. */
  nextDueAt(): Promise<string | undefined>;
  getJob(key: string): Promise<JobSpec | undefined>;
}

/** An API token as `dont-panic tokens` lists it; `id` is the first 12 characters of its hash. */
export interface TokenInfo {
  readonly id: string;
  readonly person: string;
  readonly label: string;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
  readonly expiresAt?: string;
}

export interface TokenStore {
  /** Saves the hash of an API token for a person. The token itself is never stored. */
  saveToken(hash: string, person: string, at: string, label: string, expiresAt?: string): Promise<void>;
  /**
   * The person a token hash belongs to, if it was issued, not revoked and not
   * expired at `at`; records `at` as its last use (at most once a minute).
   */
  personForToken(hash: string, at: string): Promise<string | undefined>;
  /** Tokens of one person, or of everyone, oldest first. */
  listTokens(person?: string): Promise<TokenInfo[]>;
  /** Revokes (deletes) a token by id; the revoked token, or undefined when no token has that id. */
  revokeToken(id: string): Promise<TokenInfo | undefined>;
}

/** A signed-in browser session. Only the hash of its cookie value is stored. */
export interface WebSession {
  readonly idHash: string;
  readonly person: string;
  /** Sent back by the browser in a header on every state-changing request. */
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface SessionStore {
  /** Sets (or replaces) a person's password hash, a self-describing KDF string. */
  savePasswordHash(person: string, hash: string, at: string): Promise<void>;
  passwordHash(person: string): Promise<string | undefined>;
  saveSession(session: WebSession): Promise<void>;
  /** The session with this id hash, whether or not it expired: the caller compares `expiresAt` with its clock. */
  findSession(idHash: string): Promise<WebSession | undefined>;
  deleteSession(idHash: string): Promise<void>;
  /** Signs a person out everywhere (after a password change). */
  deleteSessionsOf(person: string): Promise<void>;
}

/** One row of a whole-store export (`dont-panic export`), in a form both stores read and write alike. */
export type ExportRecord =
  | ({ readonly table: 'event' } & RecordedEvent)
  | ({ readonly table: 'job' } & JobSpec & { readonly attempts: number; readonly parkedAt?: string; readonly lastError?: string })
  | ({ readonly table: 'incident' } & IncidentRow)
  | { readonly table: 'token'; readonly hash: string; readonly person: string; readonly label: string; readonly createdAt: string; readonly expiresAt?: string; readonly lastUsedAt?: string }
  | { readonly table: 'password'; readonly person: string; readonly hash: string; readonly updatedAt: string }
  | ({ readonly table: 'session' } & WebSession)
  | { readonly table: 'counter'; readonly name: 'incident'; readonly value: number };

export interface StoreTransfer {
  /** Every row of the store, events in position order. Leases are not exported: a job is taken again after import. */
  exportRecords(): AsyncIterable<ExportRecord>;
  /** Loads an export into this store, which must be empty; positions and versions are kept. All or nothing. */
  importRecords(records: AsyncIterable<ExportRecord>): Promise<number>;
}

export interface Store extends StoreTransfer, EventStore, IncidentIndex, JobQueue, TokenStore, SessionStore {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Calls `listener` with the last position of commits made by any instance sharing the store, soon after they
   * commit (PostgreSQL LISTEN/NOTIFY). Absent when only this process writes. A hint: read the events from the store.
   */
  watchCommits?(listener: (position: number) => void): () => void;
  /**
   * True when `readAll` returns events in position order and a position is readable once its commit has
   * returned (one writer at a time: SQLite). A reader at position p may then take p + 1 from this process's
   * feed as the next event `readAll` would give. On PostgreSQL, `readAll` follows commit order instead.
   */
  readonly positionsInCommitOrder?: boolean;
  /** The schema migrations applied, oldest first (opening a store applies the missing ones). */
  appliedMigrations(): Promise<{ version: number; appliedAt: string }[]>;
  /** Whether commits can be stored right now, and if not why (served by `/healthz`). */
  health?(): { ok: boolean; reason?: string };
  close(): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** In-process fan-out of committed events to live views (SSE, chat adapters); listeners may run after `publish` returns, in commit order. */
export interface LiveFeed {
  publish(events: readonly RecordedEvent[]): void;
  subscribe(listener: (event: RecordedEvent) => void): () => void;
}

export interface Logger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
  debug(details: object, message?: string): void;
}

/** A message for one person or endpoint through one channel. Rendered before sending: the notifier only delivers. */
export interface OutboundMessage {
  readonly channel: 'email' | 'sms' | 'voice' | 'webhook' | 'slack';
  /** Email address, phone number in international form, URL, or Slack user id (or the email Slack knows). */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /**
   * The same key is never delivered twice by a notifier that supports it
   * (sent as a header or field the receiver can use to de-duplicate).
   */
  readonly idempotencyKey: string;
  /**
   * Email to subscribers only: the HTTPS link that unsubscribes them at once. Sent as `List-Unsubscribe` with
   * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so mail clients offer one-click unsubscribe.
   */
  readonly unsubscribeUrl?: string;
  /** Structured facts for machine receivers (webhooks), e.g. incident id, page id, ack URL. */
  readonly data?: Readonly<Record<string, unknown>>;
  /**
   * What a machine receiver is told this is (a webhook's `type`): a page (the default), or the notice that a page
   * it had is closed, which must never be taken for a new page.
   */
  readonly kind?: 'page' | 'page.closed';
}

/**
 * Delivers messages of one channel. `send` resolves when the provider accepted
 * the message; a thrown error means "not delivered, try again later" unless it
 * is a `PermanentDeliveryError` (bad address): then retrying cannot help.
 */
export interface Notifier {
  readonly channel: OutboundMessage['channel'];
  /** The longest one call can take (the notifier's own timeouts): a retry never calls while an earlier call may still run. */
  readonly maxCallMs: number;
  /**
   * `signal` aborts the call (the job's time limit ran out, or its lease was lost). `resume`: an earlier call
   * for this key began at `since` and ended without an outcome (a crash mid-call); a notifier that can ask its
   * provider whether that call went out (by `providerId` when one was recorded) answers `alreadySent` instead of sending again.
   */
  send(message: OutboundMessage, options?: SendOptions): Promise<SendResult>;
}

export interface SendOptions {
  readonly signal?: AbortSignal;
  readonly resume?: { readonly since: string; readonly providerId?: string };
}

/** `alreadySent`: the provider had the earlier call's message, so nothing was sent this time. */
export interface SendResult {
  readonly providerId?: string;
  readonly alreadySent?: boolean;
}

export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** One answer to a chat line. `error`: a refusal or a malformed command, for the sender's eyes only (stored nowhere). */
export interface ChatReply {
  readonly text: string;
  readonly error?: boolean;
  /** Shown only to whoever typed the line, and kept in no room's history (it names a private incident others there may not see). */
  readonly onlyForSender?: boolean;
}

/**
 * What a chat adapter receives from the engine: the one chat entry point, the
 * same as `POST /api/v1/rooms/ROOM/messages`. `room` is a room of Don't Panic
 * (a lobby or an incident room), `author` a person's handle. Throws the
 * engine's errors for an unknown room or person; never half-applies a line.
 */
export interface ChatEntry {
  postMessage(room: string, author: string, text: string): Promise<{ replies: readonly ChatReply[]; incident?: IncidentRow }>;
  /** A read-only command from a platform user mapped to nobody: answered from what anyone may see, stored nowhere. */
  answerStranger(room: string, text: string): Promise<{ replies: readonly ChatReply[] }>;
}

/**
 * Carries a chat platform's channels to Don't Panic's rooms and back (Slack
 * today; Feishu/Lark, DingTalk, WeCom and Teams implement the same port).
 * Inbound: each platform message becomes one `ChatEntry.postMessage` call as
 * the mapped person, delivered at most once however often the platform
 * retries. Outbound: the adapter follows committed events (`LiveFeed`, then
 * the store from its saved position) and sends through durable jobs, so a
 * restart or an unreachable platform loses nothing. No platform types appear here.
 */
export interface ChatAdapter {
  /** `slack`, `feishu`, …: used in logs and job kinds. */
  readonly platform: string;
  /** Connects and starts following events. A thrown error is a configuration problem (bad credentials): not retried. */
  start(): Promise<void>;
  /** Disconnects. Posts not yet delivered stay queued in the store for the next start. */
  stop(): Promise<void>;
}
