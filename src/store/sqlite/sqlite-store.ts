import type Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { dirname } from 'node:path';
import {
  type Commit,
  type ExportRecord,
  type IncidentFilter,
  type IncidentRow,
  type JobQueue,
  type RecordedEvent,
  type Store,
  StoreUnavailable,
  type TokenInfo,
  type WebSession,
} from '../../ports.js';
import { TOKEN_COLUMNS, toEvent, toIncident, toTokenInfo, type EventRow, type IncidentDbRow, type TokenRow } from '../rows.js';
import { SqliteJobs } from './sqlite-jobs.js';
import { StoreJobs } from '../store-jobs.js';
import { SQLITE_MIGRATIONS } from './schema.js';
import { exportSqlite, importSqlite } from './transfer.js';
import { openSqlite, prepareSmallWrites, prepareWrites, type SmallWrite, type SmallWrites } from './sqlite-writes.js';
import { GroupCommit } from './group-commit.js';
import { WalFlusher, type Sync } from './wal-flusher.js';
import { WalCheckpointer, type CheckpointOptions } from './wal-checkpointer.js';
import { perLimit } from './per-limit.js';

const TOUCH_EVERY_MS = 60_000;
/** Rows of a stream read at once; see `readStream`. */
const STREAM_PAGE = 2000;

/**
 * Small writes answered without waiting for the disk. A lease, or a token's
 * last use, that a power cut takes back is harmless: a job whose lease is gone
 * is claimed again, which is right, since its holder went down with it. (A
 * `kill -9` takes nothing back: the write is with the operating system.) The
 * next commit's flush makes them durable anyway. Waiting would cost a page its
 * claim's turn at the disk at every hop of the chain from `!ic page` to the
 * first delivery.
 */
const UNFLUSHED: ReadonlySet<SmallWrite> = new Set(['claimDueJobs', 'renewLease', 'touchToken']);

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version),
  );
  SQLITE_MIGRATIONS.forEach((sql, index) => {
    const version = index + 1;
    if (applied.has(version)) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
    }).immediate();
  });
}

export interface SqliteOptions {
  /** How long a write waits for another process's write lock (an import, say) before failing with `StoreUnavailable`. */
  lockTimeoutMs?: number;
  /** How the write-ahead log is made durable: `fdatasync` unless a test watches the syncs. */
  sync?: Sync;
  /** When checkpoints move off the event loop (`WalCheckpointer`). */
  checkpoints?: CheckpointOptions;
}

/**
 * Creates a new database file readable by this user only (0600): it holds every incident, subscriber address
 * and token hash. SQLite gives its -wal and -shm files the database file's mode. An existing file keeps its own.
 */
function createPrivately(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * The embedded store: one SQLite file in WAL mode. The commits of one turn of
 * the event loop share an IMMEDIATE transaction on a connection of its own
 * (`GroupCommit`), each answered only once the log is flushed to disk, so an answered command survives `kill -9` and power
 * loss alike. The flush runs off the event loop and is shared by the commits
 * that wait for it (`WalFlusher`): a flood of small commits costs one flush
 * per round, and the server keeps serving while the disk works. Once the log
 * grows long, copying it back into the database file moves to a thread of its
 * own too (`WalCheckpointer`).
 */
export class SqliteStore extends StoreJobs implements Store {
  readonly kind = 'sqlite';
  readonly positionsInCommitOrder = true;
  readonly #db: Database.Database;
  /**
   * Commits, the small writes, and the reads the engine makes at every command and event; the store's own
   * connection (`#db`) when the database is in memory. Reads belong here too: a connection keeps its cached
   * pages across its own commits, but drops them all at its next read after another connection commits.
   */
  readonly #commits: Database.Database;
  readonly #flusher: WalFlusher | undefined;
  readonly #checkpointer: WalCheckpointer | undefined;
  readonly #statements;
  readonly #jobs: SqliteJobs;
  /** When this process last recorded each token's use. */
  readonly #touched = new Map<string, number>();
  readonly #write: (commit: Commit) => RecordedEvent[];
  readonly #smallWrites: SmallWrites;
  readonly #group: GroupCommit;
  #down: string | undefined;

  protected get jobs(): JobQueue {
    return this.#jobs;
  }

  constructor(file: string, options: SqliteOptions = {}) {
    super();
    if (file !== ':memory:') createPrivately(file);
    const db = openSqlite(file);
    migrate(db);
    this.#db = db;
    const inMemory = file === ':memory:';
    this.#commits = inMemory ? db : openSqlite(file, 'commits');
    this.#checkpointer = inMemory ? undefined : new WalCheckpointer(file, this.#commits, options.checkpoints);
    this.#flusher = inMemory ? undefined : new WalFlusher(`${file}-wal`, options.sync, (walBytes) => this.#checkpointer!.written(walBytes));
    this.#write = prepareWrites(this.#commits);
    this.#group = new GroupCommit(this.#commits, {
      lockTimeoutMs: options.lockTimeoutMs ?? 15_000,
      flush: () => this.#flushed(),
      health: (down) => (this.#down = down),
    });
    this.#smallWrites = prepareSmallWrites(this.#commits);
    const reads = this.#commits;
    this.#jobs = new SqliteJobs(reads, (name, ...args) => this.#small(name, ...args));
    this.#statements = {
      readStreamPage: reads.prepare<[string, number], EventRow>(
        `SELECT * FROM events WHERE stream = ? AND version > ? ORDER BY version LIMIT ${STREAM_PAGE}`,
      ),
      readStreamBackwards: perLimit<[string, number], EventRow>(reads, (limit) => `SELECT * FROM events WHERE stream = ? AND version < ? ORDER BY version DESC LIMIT ${limit}`),
      readAll: perLimit<[number], EventRow>(reads, (limit) => `SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ${limit}`),
      // A NULL status matches every row; a lobby's rows are found through the (lobby, status) index.
      listIncidents: perLimit<{ status: string | null }, IncidentDbRow>(
        reads,
        (limit) => `SELECT * FROM incidents WHERE (@status IS NULL OR status = @status) ORDER BY id DESC LIMIT ${limit}`,
      ),
      listLobbyIncidents: perLimit<{ status: string | null; lobby: string }, IncidentDbRow>(
        reads,
        (limit) => `SELECT * FROM incidents WHERE lobby = @lobby AND (@status IS NULL OR status = @status) ORDER BY id DESC LIMIT ${limit}`,
      ),
      lastPosition: reads.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM events'),
      getIncident: reads.prepare<[number], IncidentDbRow>('SELECT * FROM incidents WHERE id = ?'),
      saveToken: db.prepare('INSERT INTO api_tokens (hash, person, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
      // Every request of a signed-in browser asks for its session.
      findSession: reads.prepare<[string], { id_hash: string; person: string; csrf_token: string; created_at: string; expires_at: string }>(
        'SELECT * FROM web_sessions WHERE id_hash = ?',
      ),
      personForToken: reads.prepare<[string, string], { person: string }>('SELECT person FROM api_tokens WHERE hash = ? AND (expires_at IS NULL OR expires_at > ?)'),
    };
  }

  commit(commit: Commit): Promise<RecordedEvent[]> {
    return this.#group.write(() => this.#write(commit));
  }

  /** A small write (a claim, a lease, a counter) on the commit connection, flushed like a commit unless it is one of `UNFLUSHED`. */
  #small<K extends SmallWrite>(name: K, ...args: Parameters<SmallWrites[K]>): Promise<ReturnType<SmallWrites[K]>> {
    const write = () => (this.#smallWrites[name] as unknown as (...values: Parameters<SmallWrites[K]>) => ReturnType<SmallWrites[K]>)(...args);
    return this.#group.write(write, !UNFLUSHED.has(name));
  }

  async #flushed(): Promise<void> {
    try {
      await this.#flusher?.flush();
    } catch (error) {
      // Whether the write reached the disk is unknown: say so, rather than answer it as stored.
      this.#down = `the database file could not be flushed to disk: ${(error as Error).message}`;
      throw new StoreUnavailable(this.#down);
    }
  }

  health(): { ok: boolean; reason?: string } {
    return this.#down ? { ok: false, reason: this.#down } : { ok: true };
  }

  exportRecords(): AsyncIterable<ExportRecord> {
    return exportSqlite(this.#db);
  }

  async importRecords(records: AsyncIterable<ExportRecord>): Promise<number> {
    return importSqlite(this.#db, records);
  }

  async appliedMigrations(): Promise<{ version: number; appliedAt: string }[]> {
    return this.#db
      .prepare<[], { version: number; applied_at: string }>('SELECT version, applied_at FROM schema_migrations ORDER BY version')
      .all()
      .map((row) => ({ version: row.version, appliedAt: row.applied_at }));
  }

  /**
   * A long stream (a flood's alert group read after a restart) is read a page
   * at a time, other work running between pages, rather than in one
   * synchronous read that stops the server for seconds. A stream only grows:
   * a page committed meanwhile carries on from the last version read.
   */
  async readStream(stream: string, afterVersion = 0): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let after = afterVersion; ; ) {
      const page = this.#statements.readStreamPage.all(stream, after);
      for (const row of page) events.push(toEvent(row));
      if (page.length < STREAM_PAGE) return events;
      after = page[page.length - 1].version;
      await nextTurn();
    }
  }

  async readStreamBackwards(stream: string, beforeVersion: number | undefined, limit: number): Promise<RecordedEvent[]> {
    return this.#statements.readStreamBackwards(limit).all(stream, beforeVersion ?? Number.MAX_SAFE_INTEGER).map(toEvent);
  }

  async readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    return this.#statements.readAll(limit).all(afterPosition).map(toEvent);
  }

  async lastPosition(): Promise<number> {
    return this.#statements.lastPosition.get()?.position ?? 0;
  }

  async nextIncidentId(): Promise<number> {
    return this.#small('nextCounter', 'incident');
  }

  async getIncident(id: number): Promise<IncidentRow | undefined> {
    const row = this.#statements.getIncident.get(id);
    return row && toIncident(row);
  }

  async listIncidents(filter: IncidentFilter): Promise<IncidentRow[]> {
    const limit = filter.limit ?? 100;
    const status = filter.status ?? null;
    const rows =
      filter.lobby === undefined
        ? this.#statements.listIncidents(limit).all({ status })
        : this.#statements.listLobbyIncidents(limit).all({ status, lobby: filter.lobby });
    return rows.map(toIncident);
  }

  async saveToken(hash: string, person: string, at: string, label: string, expiresAt?: string): Promise<void> {
    this.#statements.saveToken.run(hash, person, label, at, expiresAt ?? null);
  }

  async personForToken(hash: string, at: string): Promise<string | undefined> {
    const person = this.#statements.personForToken.get(hash, at)?.person;
    // "Last used" to the minute: it is advice for `dont-panic tokens`, and a database that cannot write right now
    // must not turn a valid token away (the request then hears why, in its own language).
    const touched = this.#touched.get(hash);
    if (person && (touched === undefined || Date.parse(at) - touched >= TOUCH_EVERY_MS)) {
      this.#touched.set(hash, Date.parse(at));
      await this.#small('touchToken', at, hash, new Date(Date.parse(at) - TOUCH_EVERY_MS).toISOString()).catch(() => this.#touched.delete(hash));
    }
    return person;
  }

  async listTokens(person?: string): Promise<TokenInfo[]> {
    const rows = this.#db
      .prepare<unknown[], TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens${person ? ' WHERE person = ?' : ''} ORDER BY created_at, hash`)
      .all(...(person ? [person] : []));
    return rows.map(toTokenInfo);
  }

  async revokeToken(id: string): Promise<TokenInfo | undefined> {
    const row = this.#db.prepare<[string], TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE substr(hash, 1, 12) = ?`).get(id);
    if (!row) return undefined;
    this.#db.prepare('DELETE FROM api_tokens WHERE substr(hash, 1, 12) = ?').run(id);
    return toTokenInfo(row);
  }

  async savePasswordHash(person: string, hash: string, at: string): Promise<void> {
    this.#db
      .prepare('INSERT INTO web_passwords (person, hash, updated_at) VALUES (?, ?, ?) ON CONFLICT (person) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at')
      .run(person, hash, at);
  }

  async passwordHash(person: string): Promise<string | undefined> {
    return this.#db.prepare<[string], { hash: string }>('SELECT hash FROM web_passwords WHERE person = ?').get(person)?.hash;
  }

  async saveSession(session: WebSession): Promise<void> {
    this.#db
      .prepare('INSERT INTO web_sessions (id_hash, person, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(session.idHash, session.person, session.csrfToken, session.createdAt, session.expiresAt);
  }

  async findSession(idHash: string): Promise<WebSession | undefined> {
    const row = this.#statements.findSession.get(idHash);
    return row && { idHash: row.id_hash, person: row.person, csrfToken: row.csrf_token, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  async deleteSession(idHash: string): Promise<void> {
    this.#db.prepare('DELETE FROM web_sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteSessionsOf(person: string): Promise<void> {
    this.#db.prepare('DELETE FROM web_sessions WHERE person = ?').run(person);
  }

  async close(): Promise<void> {
    this.#group.close();
    await this.#flusher?.close();
    await this.#checkpointer?.close();
    if (this.#commits !== this.#db) this.#commits.close();
    this.#db.close();
  }
}
