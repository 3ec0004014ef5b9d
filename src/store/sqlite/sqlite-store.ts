import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  LeaseLost,
  VersionConflict,
  type Commit,
  type IncidentRow,
  type JobSpec,
  type LeasedJob,
  type RecordedEvent,
  type Store,
} from '../../ports.js';
import { toEvent, toIncident, toJob, type EventRow, type IncidentDbRow, type JobRow } from '../rows.js';
import { SQLITE_MIGRATIONS } from './schema.js';

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

/**
 * The embedded store: one SQLite file in WAL mode. Every commit is one
 * IMMEDIATE transaction with `synchronous = FULL`, so an answered command
 * survives `kill -9` and power loss alike.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly #db: Database.Database;
  readonly #statements;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db);
    this.#db = db;
    this.#statements = {
      streamVersion: db.prepare<[string], { version: number }>('SELECT version FROM streams WHERE stream = ?'),
      upsertStream: db.prepare(
        'INSERT INTO streams (stream, version) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET version = excluded.version',
      ),
      insertEvent: db.prepare<[string, number, string, string, string, string]>(
        'INSERT INTO events (stream, version, type, at, actor, data) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      readStream: db.prepare<[string, number], EventRow>(
        'SELECT * FROM events WHERE stream = ? AND version > ? ORDER BY version',
      ),
      readStreamBackwards: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream = ? AND version < ? ORDER BY version DESC LIMIT ?',
      ),
      readAll: db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      lastPosition: db.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM events'),
      finishJob: db.prepare('DELETE FROM jobs WHERE key = ? AND lease_token = ?'),
      cancelJob: db.prepare('DELETE FROM jobs WHERE key = ?'),
      scheduleJob: db.prepare(
        `INSERT INTO jobs (key, kind, due_at, payload) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at, payload = excluded.payload,
           attempts = 0, lease_token = NULL, lease_until = NULL, last_error = NULL`,
      ),
      claimJobs: db.prepare<[string, string, string, string, number], JobRow>(
        `UPDATE jobs SET attempts = attempts + 1, lease_token = ? || ':' || (attempts + 1) || ':' || lower(hex(randomblob(12))), lease_until = ?
         WHERE key IN (SELECT key FROM jobs WHERE due_at <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY due_at LIMIT ?)
         RETURNING *`,
      ),
      retryJob: db.prepare(
        'UPDATE jobs SET due_at = ?, last_error = ?, lease_token = NULL, lease_until = NULL WHERE key = ? AND lease_token = ?',
      ),
      nextDue: db.prepare<[], { due: string | null }>('SELECT MIN(due_at) AS due FROM jobs'),
      getJob: db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE key = ?'),
      upsertIncident: db.prepare(
        `INSERT INTO incidents (id, title, severity, status, room, private, commander, declared_at, resolved_at, updated_at, version)
         VALUES (@id, @title, @severity, @status, @room, @private, @commander, @declaredAt, @resolvedAt, @updatedAt, @version)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, severity = excluded.severity, status = excluded.status,
           room = excluded.room, private = excluded.private, commander = excluded.commander,
           resolved_at = excluded.resolved_at, updated_at = excluded.updated_at, version = excluded.version`,
      ),
      getIncident: db.prepare<[number], IncidentDbRow>('SELECT * FROM incidents WHERE id = ?'),
      latestInRoom: db.prepare<[string], IncidentDbRow>('SELECT * FROM incidents WHERE room = ? ORDER BY id DESC LIMIT 1'),
      nextCounter: db.prepare<[string], { value: number }>(
        `INSERT INTO counters (name, value) VALUES (?, 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
      ),
      saveToken: db.prepare('INSERT INTO api_tokens (hash, person, label, created_at) VALUES (?, ?, ?, ?)'),
      personForToken: db.prepare<[string], { person: string }>('SELECT person FROM api_tokens WHERE hash = ?'),
    };
  }

  readonly #commit = (commit: Commit): RecordedEvent[] => {
    const s = this.#statements;
    if (commit.finish && s.finishJob.run(commit.finish.key, commit.finish.leaseToken).changes === 0) {
      throw new LeaseLost(commit.finish.key);
    }
    const recorded: RecordedEvent[] = [];
    for (const append of commit.appends) {
      const current = s.streamVersion.get(append.stream)?.version ?? 0;
      if (append.expectedVersion !== 'any' && append.expectedVersion !== current) {
        throw new VersionConflict(`stream ${append.stream} is at version ${current}, expected ${append.expectedVersion}`);
      }
      append.events.forEach((event, index) => {
        const version = current + index + 1;
        // The position is the row id; the rest is what was given, so nothing is read back or parsed again.
        const { lastInsertRowid } = s.insertEvent.run(append.stream, version, event.type, event.at, event.actor, JSON.stringify(event.data));
        recorded.push({ position: Number(lastInsertRowid), stream: append.stream, version, type: event.type, at: event.at, actor: event.actor, data: event.data });
      });
      if (append.events.length > 0) s.upsertStream.run(append.stream, current + append.events.length);
    }
    for (const key of commit.cancel ?? []) s.cancelJob.run(key);
    for (const job of commit.schedule ?? []) s.scheduleJob.run(job.key, job.kind, job.dueAt, JSON.stringify(job.payload));
    for (const incident of commit.incidents ?? []) {
      try {
        s.upsertIncident.run({
          ...incident,
          private: incident.private ? 1 : 0,
          commander: incident.commander ?? null,
          resolvedAt: incident.resolvedAt ?? null,
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new VersionConflict(`room ${incident.room} already has an open incident`);
        }
        throw error;
      }
    }
    return recorded;
  };

  async commit(commit: Commit): Promise<RecordedEvent[]> {
    return this.#db.transaction(this.#commit).immediate(commit);
  }

  async readStream(stream: string, afterVersion = 0): Promise<RecordedEvent[]> {
    return this.#statements.readStream.all(stream, afterVersion).map(toEvent);
  }

  async readStreamBackwards(stream: string, beforeVersion: number | undefined, limit: number): Promise<RecordedEvent[]> {
    return this.#statements.readStreamBackwards.all(stream, beforeVersion ?? Number.MAX_SAFE_INTEGER, limit).map(toEvent);
  }

  async readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    return this.#statements.readAll.all(afterPosition, limit).map(toEvent);
  }

  async lastPosition(): Promise<number> {
    return this.#statements.lastPosition.get()?.position ?? 0;
  }

  async nextIncidentId(): Promise<number> {
    return this.#statements.nextCounter.get('incident')!.value;
  }

  async getIncident(id: number): Promise<IncidentRow | undefined> {
    const row = this.#statements.getIncident.get(id);
    return row && toIncident(row);
  }

  async latestIncidentInRoom(room: string): Promise<IncidentRow | undefined> {
    const row = this.#statements.latestInRoom.get(room);
    return row && toIncident(row);
  }

  async listIncidents(filter: { status?: 'open' | 'resolved'; limit?: number }): Promise<IncidentRow[]> {
    const where = filter.status ? 'WHERE status = ?' : '';
    const params: (string | number)[] = filter.status ? [filter.status] : [];
    const rows = this.#db
      .prepare<(string | number)[], IncidentDbRow>(`SELECT * FROM incidents ${where} ORDER BY id DESC LIMIT ?`)
      .all(...params, filter.limit ?? 100);
    return rows.map(toIncident);
  }

  async claimDueJobs(now: string, limit: number, leaseMs: number, owner: string): Promise<LeasedJob[]> {
    const leaseUntil = new Date(Date.parse(now) + leaseMs).toISOString();
    return this.#statements.claimJobs.all(owner, leaseUntil, now, now, limit).map(toJob);
  }

  async retryJob(job: LeasedJob, dueAt: string, error: string): Promise<void> {
    this.#statements.retryJob.run(dueAt, error.slice(0, 2000), job.key, job.leaseToken);
  }

  async nextDueAt(): Promise<string | undefined> {
    return this.#statements.nextDue.get()?.due ?? undefined;
  }

  async getJob(key: string): Promise<JobSpec | undefined> {
    const row = this.#statements.getJob.get(key);
    return row && toJob(row);
  }

  async saveToken(hash: string, person: string, at: string, label: string): Promise<void> {
    this.#statements.saveToken.run(hash, person, label, at);
  }

  async personForToken(hash: string): Promise<string | undefined> {
    return this.#statements.personForToken.get(hash)?.person;
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
