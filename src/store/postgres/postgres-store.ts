import pg from 'pg';
import {
  type Commit,
  type ExportRecord,
  type IncidentFilter,
  type IncidentRow,
  type JobQueue,
  type RecordedEvent,
  type Store,
  type TokenInfo,
  type WebSession,
} from '../../ports.js';
import { TOKEN_COLUMNS, toEvent, toIncident, toTokenInfo, type EventRow, type IncidentDbRow, type TokenRow } from '../rows.js';
import { CommitNotifications, notificationChannel } from './commit-notifications.js';
import { PostgresJobs } from './postgres-jobs.js';
import { StoreJobs } from '../store-jobs.js';
import { commitPostgres, conflictOf, transaction, type SqlPool } from './postgres-writes.js';
import { POSTGRES_MIGRATIONS } from './schema.js';
import { exportPostgres, importPostgres } from './transfer.js';

/** Key of the transaction-level advisory lock migrations take (database-wide, shared by every schema). */
const MIGRATION_LOCK = 4_470_001;

const EVENT_COLUMNS = 'position, stream, version, type, at, actor, data';

/** How long `readAll` waits at most for an older transaction to end before answering with what is readable. */
const HELD_WAIT_MS = 1000;

/**
 * The events after the one at $1 in commit order (see `readAll`), at most $2, and a last row `held` when committed
 * events wait behind a transaction still running. An unknown position continues from the next one stored; 0 is
 * the start. One statement, so one snapshot for the horizon and the rows.
 */
const READ_ALL = `
  WITH horizon AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
  after AS MATERIALIZED (
    SELECT CASE WHEN $1::bigint = 0 THEN '0'::xid8 ELSE COALESCE(
      (SELECT transaction_id FROM events WHERE position = $1::bigint),
      (SELECT transaction_id FROM events WHERE position > $1::bigint ORDER BY position LIMIT 1),
      '0'::xid8) END AS transaction_id
  )
  (SELECT transaction_id, ${EVENT_COLUMNS}, NULL::boolean AS held FROM events
   WHERE transaction_id < (SELECT xmin FROM horizon)
     AND (transaction_id, position) > ((SELECT transaction_id FROM after), $1::bigint)
   ORDER BY transaction_id, position LIMIT $2)
  UNION ALL
  (SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true
   WHERE (SELECT max(transaction_id) FROM events) >= (SELECT xmin FROM horizon))
  ORDER BY 1, 2`;

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

/**
 * The shared store: PostgreSQL through a `pg` pool, so several instances can
 * serve one deployment. Every commit is one READ COMMITTED transaction.
 */
export class PostgresStore extends StoreJobs implements Store {
  readonly kind = 'postgres';
  readonly #pool: SqlPool;
  readonly #channel: string;
  readonly #notifications: CommitNotifications;
  readonly #jobs: PostgresJobs;

  protected get jobs(): JobQueue {
    return this.#jobs;
  }

  private constructor(pool: SqlPool, url: string, schema: string | undefined) {
    super();
    this.#pool = pool;
    this.#channel = notificationChannel(schema);
    this.#notifications = new CommitNotifications(url, this.#channel);
    this.#jobs = new PostgresJobs(pool);
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
      return await commitPostgres(this.#pool, commit, this.#channel);
    } catch (error) {
      throw conflictOf(error) ?? error;
    }
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

  /**
   * Commit order, not position order. Positions are taken from a sequence when a row is inserted but become visible
   * when its transaction commits, so a reader that went by position could see 8 before 7 committed and never look
   * back. Instead an event is readable once every transaction older than its own has ended (its `transaction_id`
   * is below the snapshot's xmin), and events are read in `(transaction_id, position)` order, continuing after the
   * event at `afterPosition`: a reader sees each committed event once, whatever commits run side by side.
   * When what is readable ends before a committed event that waits only for an older transaction still running
   * (a job claim, another commit), the read waits a moment for it, so a commit is seen soon after it is announced.
   */
  async readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    for (let waited = 0, pause = 5; ; pause *= 2) {
      const { rows } = await this.#pool.query<EventRow & { held: boolean | null }>(READ_ALL, [afterPosition, limit]);
      const held = rows.at(-1)?.held === true;
      const events = (held ? rows.slice(0, -1) : rows).map(toEvent);
      // What is readable now goes out at once; only a read that would come back empty waits for what is held.
      if (!held || events.length > 0 || waited >= HELD_WAIT_MS) return events;
      const wait = Math.min(pause, HELD_WAIT_MS - waited);
      await new Promise((resolve) => setTimeout(resolve, wait));
      waited += wait;
    }
  }

  /** The position of the last event `readAll` can return now (0 when none), where a reader starting now begins. */
  async lastPosition(): Promise<number> {
    const { rows } = await this.#pool.query<{ position: string }>(
      `SELECT position FROM events WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id DESC, position DESC LIMIT 1`,
    );
    return Number(rows[0]?.position ?? 0);
  }

  async nextIncidentId(): Promise<number> {
    const { rows } = await this.#pool.query<{ id: string }>("SELECT nextval('incident_ids') AS id");
    return Number(rows[0].id);
  }

  async getIncident(id: number): Promise<IncidentRow | undefined> {
    const { rows } = await this.#pool.query<IncidentDbRow>('SELECT * FROM incidents WHERE id = $1', [id]);
    return rows[0] && toIncident(rows[0]);
  }

  async listIncidents(filter: IncidentFilter): Promise<IncidentRow[]> {
    const { rows } = await this.#pool.query<IncidentDbRow>(
      'SELECT * FROM incidents WHERE ($1::text IS NULL OR status = $1::text) AND ($2::text IS NULL OR lobby = $2::text) ORDER BY id DESC LIMIT $3',
      [filter.status ?? null, filter.lobby ?? null, filter.limit ?? 100],
    );
    return rows.map(toIncident);
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
