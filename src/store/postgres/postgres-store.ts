import pg from 'pg';
import {
  LeaseLost,
  VersionConflict,
  type Commit,
  type ExportRecord,
  type IncidentRow,
  type JobSpec,
  type JobStats,
  type LeasedJob,
  type ParkedJob,
  type RecordedEvent,
  type Store,
  type TokenInfo,
  type WebSession,
} from '../../ports.js';
import { TOKEN_COLUMNS, toEvent, toIncident, toJob, toParkedJob, toTokenInfo, type EventRow, type IncidentDbRow, type JobRow, type ParkedJobRow, type TokenRow } from '../rows.js';
import { CommitNotifications, notificationChannel } from './commit-notifications.js';
import { POSTGRES_MIGRATIONS } from './schema.js';
import { exportPostgres, importPostgres } from './transfer.js';

interface SqlResult<R> {
  rows: R[];
  rowCount: number | null;
}

/** The slice of `pg` this adapter uses. */
interface SqlClient {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<SqlResult<R>>;
}

interface SqlPoolClient extends SqlClient {
  release(destroy?: Error): void;
}

interface SqlPool extends SqlClient {
  connect(): Promise<SqlPoolClient>;
  end(): Promise<void>;
}

/** Keys of the transaction-level advisory locks (they are database-wide, shared by every schema). */
const MIGRATION_LOCK = 4_470_001;
const APPEND_LOCK = 4_470_002;

/** Unique indexes whose violation means "someone else got there first": re-read and decide again. */
const CONFLICT_CONSTRAINTS: Record<string, string> = {
  events_stream_version: 'a concurrent commit appended to the same stream',
};

const EVENT_COLUMNS = 'position, stream, version, type, at, actor, data';

function conflictOf(error: unknown): VersionConflict | undefined {
  const { code, constraint } = error as { code?: string; constraint?: string };
  const reason = code === '23505' && constraint ? CONFLICT_CONSTRAINTS[constraint] : undefined;
  return reason === undefined ? undefined : new VersionConflict(reason);
}

async function transaction<T>(pool: SqlPool, work: (client: SqlClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

async function migrate(pool: SqlPool, schema: string | undefined): Promise<void> {
  await transaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    if (schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      const { rows } = await client.query<{ current: string | null }>('SELECT current_schema() AS current');
      if (rows[0].current !== schema) {
        throw new Error(`search_path does not start with schema ${schema}: does the database URL set its own "options"?`);
      }
    }
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    for (const [index, sql] of POSTGRES_MIGRATIONS.entries()) {
      const version = index + 1;
      if (applied.has(version)) continue;
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, new Date().toISOString()]);
    }
  });
}

/** Locks the rows of `streams` (creating missing ones at version 0) in a fixed order, and returns their versions. */
async function lockStreams(client: SqlClient, streams: readonly string[]): Promise<Map<string, number>> {
  const sorted = [...new Set(streams)].sort();
  if (sorted.length === 0) return new Map();
  await client.query('INSERT INTO streams (stream, version) SELECT unnest($1::text[]), 0 ON CONFLICT DO NOTHING', [sorted]);
  const { rows } = await client.query<{ stream: string; version: number }>(
    'SELECT stream, version FROM streams WHERE stream = ANY($1::text[]) ORDER BY stream FOR UPDATE',
    [sorted],
  );
  return new Map(rows.map((row) => [row.stream, row.version]));
}

/**
 * The shared store: PostgreSQL through a `pg` pool, so several instances can
 * serve one deployment. Every commit is one READ COMMITTED transaction.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly #pool: SqlPool;
  readonly #channel: string;
  readonly #notifications: CommitNotifications;

  private constructor(pool: SqlPool, url: string, schema: string | undefined) {
    this.#pool = pool;
    this.#channel = notificationChannel(schema);
    this.#notifications = new CommitNotifications(url, this.#channel);
  }

  watchCommits(listener: (position: number) => void): () => void {
    return this.#notifications.subscribe(listener);
  }

  /** Connects and migrates. `schema` (a lowercase identifier) puts every table there, created if missing. */
  static async open(url: string, options: { schema?: string } = {}): Promise<PostgresStore> {
    const { schema } = options;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new Error(`invalid schema name ${JSON.stringify(schema)}: use lowercase letters, digits and _`);
    }
    const pool = new pg.Pool({ connectionString: url, options: schema ? `-c search_path=${schema}` : undefined });
    // An idle connection that dies (server restart, network) is dropped by the pool and replaced on the next
    // query, which reports any lasting failure; without a listener the event would crash the process.
    pool.on('error', () => {});
    try {
      await migrate(pool, schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool, url, schema);
  }

  async commit(commit: Commit): Promise<RecordedEvent[]> {
    try {
      return await transaction(this.#pool, (client) => this.#commit(client, commit));
    } catch (error) {
      throw conflictOf(error) ?? error;
    }
  }

  async #commit(client: SqlClient, commit: Commit): Promise<RecordedEvent[]> {
    if (commit.appends.length > 0) {
      // Positions come from an identity sequence when a row is inserted, but become visible when its transaction
      // commits: two concurrent commits could take 7 and 8 and commit 8 first, and a `readAll` reader that saw 8
      // would never look back for 7. Holding this lock from before the first insert until commit makes commits
      // that append take positions and become visible in the same order, so readers only ever see a prefix.
      // It is taken first, before any row lock, so that appending commits cannot deadlock with one another.
      await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
    }
    if (commit.finish) {
      const { rowCount } = await client.query('DELETE FROM jobs WHERE key = $1 AND lease_token = $2', [
        commit.finish.key,
        commit.finish.leaseToken,
      ]);
      if (rowCount === 0) throw new LeaseLost(commit.finish.key);
    }
    if (commit.park) {
      const { key, leaseToken, error, at } = commit.park;
      const { rowCount } = await client.query(
        'UPDATE jobs SET parked_at = $1, last_error = $2, lease_token = NULL, lease_until = NULL WHERE key = $3 AND lease_token = $4',
        [at, error.slice(0, 2000), key, leaseToken],
      );
      if (rowCount === 0) throw new LeaseLost(key);
    }
    if (commit.lease) {
      // FOR SHARE: a claim by another worker waits for this commit, or this commit sees that the lease moved.
      const { rowCount } = await client.query('SELECT 1 FROM jobs WHERE key = $1 AND lease_token = $2 FOR SHARE', [commit.lease.key, commit.lease.leaseToken]);
      if (rowCount === 0) throw new LeaseLost(commit.lease.key);
    }

    const versions = await lockStreams(client, commit.appends.map((append) => append.stream));
    const moved = new Set<string>();
    const pending: Omit<RecordedEvent, 'position'>[] = [];
    for (const append of commit.appends) {
      const current = versions.get(append.stream) ?? 0;
      if (append.expectedVersion !== 'any' && append.expectedVersion !== current) {
        throw new VersionConflict(`stream ${append.stream} is at version ${current}, expected ${append.expectedVersion}`);
      }
      append.events.forEach((event, index) => pending.push({ stream: append.stream, version: current + index + 1, type: event.type, at: event.at, actor: event.actor, data: event.data }));
      if (append.events.length > 0) {
        versions.set(append.stream, current + append.events.length);
        moved.add(append.stream);
      }
    }
    const recorded: RecordedEvent[] = [];
    if (pending.length > 0) {
      // One round trip for the whole commit, however many events (an alert batch may hold thousands).
      const { rows } = await client.query<{ position: string; stream: string; version: number }>(
        `INSERT INTO events (stream, version, type, at, actor, data)
         SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::json[])
         RETURNING position, stream, version`,
        [
          pending.map((event) => event.stream),
          pending.map((event) => event.version),
          pending.map((event) => event.type),
          pending.map((event) => event.at),
          pending.map((event) => event.actor),
          pending.map((event) => JSON.stringify(event.data)),
        ],
      );
      const positions = new Map(rows.map((row) => [`${row.version}:${row.stream}`, Number(row.position)]));
      for (const event of pending) recorded.push({ ...event, position: positions.get(`${event.version}:${event.stream}`)! });
      recorded.sort((a, b) => a.position - b.position);
      await client.query(
        'UPDATE streams SET version = moved.version FROM unnest($1::text[], $2::integer[]) AS moved (stream, version) WHERE streams.stream = moved.stream',
        [[...moved], [...moved].map((stream) => versions.get(stream))],
      );
      // Delivered to listeners when (and only if) this transaction commits.
      await client.query('SELECT pg_notify($1, $2)', [this.#channel, String(recorded.at(-1)!.position)]);
    }

    if (commit.cancel?.length) {
      await client.query('DELETE FROM jobs WHERE key = ANY($1::text[])', [[...commit.cancel]]);
    }
    for (const job of commit.schedule ?? []) {
      await client.query(
        `INSERT INTO jobs (key, kind, due_at, payload) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at, payload = excluded.payload,
           attempts = 0, lease_token = NULL, lease_until = NULL, last_error = NULL, parked_at = NULL`,
        [job.key, job.kind, job.dueAt, JSON.stringify(job.payload)],
      );
    }
    for (const incident of commit.incidents ?? []) {
      await client.query(
        `INSERT INTO incidents (id, title, severity, status, room, private, commander, declared_at, resolved_at, updated_at, version, lobby)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, severity = excluded.severity, status = excluded.status,
           room = excluded.room, lobby = excluded.lobby, private = excluded.private, commander = excluded.commander,
           resolved_at = excluded.resolved_at, updated_at = excluded.updated_at, version = excluded.version`,
        [
          incident.id,
          incident.title,
          incident.severity,
          incident.status,
          incident.room,
          incident.private,
          incident.commander ?? null,
          incident.declaredAt,
          incident.resolvedAt ?? null,
          incident.updatedAt,
          incident.version,
          incident.lobby,
        ],
      );
    }
    return recorded;
  }

  async *exportRecords(): AsyncIterable<ExportRecord> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      yield* exportPostgres(client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  async importRecords(records: AsyncIterable<ExportRecord>): Promise<number> {
    return transaction(this.#pool, (client) => importPostgres(client, records));
  }

  async appliedMigrations(): Promise<{ version: number; appliedAt: string }[]> {
    const { rows } = await this.#pool.query<{ version: number; applied_at: string }>('SELECT version, applied_at FROM schema_migrations ORDER BY version');
    return rows.map((row) => ({ version: row.version, appliedAt: row.applied_at }));
  }

  async readStream(stream: string, afterVersion = 0): Promise<RecordedEvent[]> {
    const { rows } = await this.#pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = $1 AND version > $2 ORDER BY version`,
      [stream, afterVersion],
    );
    return rows.map(toEvent);
  }

  async readStreamBackwards(stream: string, beforeVersion: number | undefined, limit: number): Promise<RecordedEvent[]> {
    const { rows } = await this.#pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = $1 AND ($2::integer IS NULL OR version < $2::integer)
       ORDER BY version DESC LIMIT $3`,
      [stream, beforeVersion ?? null, limit],
    );
    return rows.map(toEvent);
  }

  async readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    const { rows } = await this.#pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
      [afterPosition, limit],
    );
    return rows.map(toEvent);
  }

  async lastPosition(): Promise<number> {
    const { rows } = await this.#pool.query<{ position: string | null }>('SELECT MAX(position) AS position FROM events');
    return Number(rows[0].position ?? 0);
  }

  async nextIncidentId(): Promise<number> {
    const { rows } = await this.#pool.query<{ id: string }>("SELECT nextval('incident_ids') AS id");
    return Number(rows[0].id);
  }

  async getIncident(id: number): Promise<IncidentRow | undefined> {
    const { rows } = await this.#pool.query<IncidentDbRow>('SELECT * FROM incidents WHERE id = $1', [id]);
    return rows[0] && toIncident(rows[0]);
  }

  async listIncidents(filter: { status?: 'open' | 'resolved'; limit?: number }): Promise<IncidentRow[]> {
    const { rows } = await this.#pool.query<IncidentDbRow>(
      'SELECT * FROM incidents WHERE ($1::text IS NULL OR status = $1::text) ORDER BY id DESC LIMIT $2',
      [filter.status ?? null, filter.limit ?? 100],
    );
    return rows.map(toIncident);
  }

  /** Rows another claimer holds are skipped, not waited for; a row freed meanwhile is re-checked against the WHERE. */
  async claimDueJobs(now: string, limit: number, leaseMs: number, owner: string): Promise<LeasedJob[]> {
    const leaseUntil = new Date(Date.parse(now) + leaseMs).toISOString();
    const { rows } = await this.#pool.query<JobRow>(
      `WITH due AS MATERIALIZED (
         SELECT key FROM jobs
         WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until < $1) AND parked_at IS NULL
         ORDER BY due_at LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE jobs SET attempts = jobs.attempts + 1,
         lease_token = $3 || ':' || (jobs.attempts + 1) || ':' || gen_random_uuid(),
         lease_until = $4
       FROM due WHERE jobs.key = due.key
       RETURNING jobs.*`,
      [now, limit, owner, leaseUntil],
    );
    return rows.map(toJob).sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
  }

  async retryJob(job: LeasedJob, dueAt: string, error: string): Promise<void> {
    await this.#pool.query(
      'UPDATE jobs SET due_at = $1, last_error = $2, lease_token = NULL, lease_until = NULL WHERE key = $3 AND lease_token = $4',
      [dueAt, error.slice(0, 2000), job.key, job.leaseToken],
    );
  }

  async renewLease(job: LeasedJob, now: string, leaseMs: number): Promise<boolean> {
    const until = new Date(Date.parse(now) + leaseMs).toISOString();
    const { rowCount } = await this.#pool.query('UPDATE jobs SET lease_until = $1 WHERE key = $2 AND lease_token = $3', [until, job.key, job.leaseToken]);
    return (rowCount ?? 0) > 0;
  }

  async parkedJobs(limit: number): Promise<ParkedJob[]> {
    const { rows } = await this.#pool.query<ParkedJobRow>('SELECT * FROM jobs WHERE parked_at IS NOT NULL ORDER BY parked_at, key LIMIT $1', [limit]);
    return rows.map(toParkedJob);
  }

  async jobStats(now: string): Promise<JobStats> {
    const { rows } = await this.#pool.query<{ due: string; oldest: string | null; parked: string }>(
      `SELECT COUNT(*) FILTER (WHERE parked_at IS NULL AND due_at <= $1 AND (lease_until IS NULL OR lease_until < $1)) AS due,
         MIN(due_at) FILTER (WHERE parked_at IS NULL AND due_at <= $1 AND (lease_until IS NULL OR lease_until < $1)) AS oldest,
         COUNT(*) FILTER (WHERE parked_at IS NOT NULL) AS parked
       FROM jobs`,
      [now],
    );
    const row = rows[0];
    return { due: Number(row.due), parked: Number(row.parked), ...(row.oldest ? { oldestDueAt: row.oldest } : {}) };
  }

  async nextDueAt(): Promise<string | undefined> {
    const { rows } = await this.#pool.query<{ due: string | null }>('SELECT MIN(due_at) AS due FROM jobs WHERE parked_at IS NULL');
    return rows[0].due ?? undefined;
  }

  async getJob(key: string): Promise<JobSpec | undefined> {
    const { rows } = await this.#pool.query<JobRow>('SELECT * FROM jobs WHERE key = $1', [key]);
    return rows[0] && toJob(rows[0]);
  }

  async saveToken(hash: string, person: string, at: string, label: string, expiresAt?: string): Promise<void> {
    await this.#pool.query('INSERT INTO api_tokens (hash, person, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      hash,
      person,
      label,
      at,
      expiresAt ?? null,
    ]);
  }

  async personForToken(hash: string, at: string): Promise<string | undefined> {
    const { rows } = await this.#pool.query<{ person: string }>('SELECT person FROM api_tokens WHERE hash = $1 AND (expires_at IS NULL OR expires_at > $2)', [hash, at]);
    const person = rows[0]?.person;
    if (person) {
      await this.#pool.query('UPDATE api_tokens SET last_used_at = $1 WHERE hash = $2 AND (last_used_at IS NULL OR last_used_at < $3)', [
        at,
        hash,
        new Date(Date.parse(at) - 60_000).toISOString(),
      ]);
    }
    return person;
  }

  async listTokens(person?: string): Promise<TokenInfo[]> {
    const { rows } = await this.#pool.query<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens${person ? ' WHERE person = $1' : ''} ORDER BY created_at, hash`,
      person ? [person] : [],
    );
    return rows.map(toTokenInfo);
  }

  async revokeToken(id: string): Promise<TokenInfo | undefined> {
    const { rows } = await this.#pool.query<TokenRow>(`DELETE FROM api_tokens WHERE substr(hash, 1, 12) = $1 RETURNING ${TOKEN_COLUMNS}`, [id]);
    return rows[0] && toTokenInfo(rows[0]);
  }

  async savePasswordHash(person: string, hash: string, at: string): Promise<void> {
    await this.#pool.query(
      'INSERT INTO web_passwords (person, hash, updated_at) VALUES ($1, $2, $3) ON CONFLICT (person) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at',
      [person, hash, at],
    );
  }

  async passwordHash(person: string): Promise<string | undefined> {
    const { rows } = await this.#pool.query<{ hash: string }>('SELECT hash FROM web_passwords WHERE person = $1', [person]);
    return rows[0]?.hash;
  }

  async saveSession(session: WebSession): Promise<void> {
    await this.#pool.query(
      'INSERT INTO web_sessions (id_hash, person, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [session.idHash, session.person, session.csrfToken, session.createdAt, session.expiresAt],
    );
  }

  async findSession(idHash: string): Promise<WebSession | undefined> {
    const { rows } = await this.#pool.query<{ id_hash: string; person: string; csrf_token: string; created_at: string; expires_at: string }>(
      'SELECT * FROM web_sessions WHERE id_hash = $1',
      [idHash],
    );
    const row = rows[0];
    return row && { idHash: row.id_hash, person: row.person, csrfToken: row.csrf_token, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.#pool.query('DELETE FROM web_sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteSessionsOf(person: string): Promise<void> {
    await this.#pool.query('DELETE FROM web_sessions WHERE person = $1', [person]);
  }

  async close(): Promise<void> {
    await this.#notifications.close();
    await this.#pool.end();
  }
}
