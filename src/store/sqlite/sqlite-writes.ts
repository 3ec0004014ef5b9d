import Database from 'better-sqlite3';
import { LeaseLost, VersionConflict, type Commit, type RecordedEvent } from '../../ports.js';
import type { JobRow } from '../rows.js';
import { perLimit } from './per-limit.js';

/**
 * Opens the file with the settings every connection to it uses: WAL, and a
 * flush to disk at every commit. A `commits` connection leaves the flush to
 * its store (`WalFlusher`, off the event loop) and never waits for another
 * process's write lock inside a call: its store waits between attempts instead.
 */
export function openSqlite(file: string, role: 'reads' | 'commits' = 'reads'): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(role === 'commits' ? 'synchronous = NORMAL' : 'synchronous = FULL');
  db.pragma(role === 'commits' ? 'busy_timeout = 0' : 'busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * The body of a commit, to run inside one IMMEDIATE transaction on the
 * store's commit connection. Throws `VersionConflict` or `LeaseLost` (and the
 * transaction rolls back).
 */
export function prepareWrites(db: Database.Database): (commit: Commit) => RecordedEvent[] {
  const s = {
    streamVersion: db.prepare<[string], { version: number }>('SELECT version FROM streams WHERE stream = ?'),
    upsertStream: db.prepare('INSERT INTO streams (stream, version) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET version = excluded.version'),
    insertEvent: db.prepare<[string, number, string, string, string, string]>(
      'INSERT INTO events (stream, version, type, at, actor, data) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    finishJob: db.prepare('DELETE FROM jobs WHERE key = ? AND lease_token = ?'),
    parkJob: db.prepare('UPDATE jobs SET parked_at = ?, last_error = ?, lease_token = NULL, lease_until = NULL WHERE key = ? AND lease_token = ?'),
    holdsLease: db.prepare<[string, string], { key: string }>('SELECT key FROM jobs WHERE key = ? AND lease_token = ?'),
    cancelJob: db.prepare('DELETE FROM jobs WHERE key = ?'),
    scheduleJob: db.prepare(
      `INSERT INTO jobs (key, kind, due_at, payload) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at, payload = excluded.payload,
         attempts = 0, lease_token = NULL, lease_until = NULL, last_error = NULL, parked_at = NULL`,
    ),
    // The common change to an incident row (a new version, its time, the commander) leaves the columns its
    // indexes hold alone: an UPDATE that does not name them writes the row's page only, not the indexes' too.
    updateIncident: db.prepare(
      `UPDATE incidents SET title = @title, severity = @severity, private = @private, commander = @commander,
         resolved_at = @resolvedAt, updated_at = @updatedAt, version = @version
       WHERE id = @id AND room = @room AND lobby = @lobby AND status = @status`,
    ),
    upsertIncident: db.prepare(
      `INSERT INTO incidents (id, title, severity, status, room, lobby, private, commander, declared_at, resolved_at, updated_at, version)
       VALUES (@id, @title, @severity, @status, @room, @lobby, @private, @commander, @declaredAt, @resolvedAt, @updatedAt, @version)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, severity = excluded.severity, status = excluded.status,
         room = excluded.room, lobby = excluded.lobby, private = excluded.private, commander = excluded.commander,
         resolved_at = excluded.resolved_at, updated_at = excluded.updated_at, version = excluded.version`,
    ),
  };

  return (commit: Commit): RecordedEvent[] => {
    if (commit.finish && s.finishJob.run(commit.finish.key, commit.finish.leaseToken).changes === 0) {
      throw new LeaseLost(commit.finish.key);
    }
    if (commit.park) {
      const { key, leaseToken, error, at } = commit.park;
      if (s.parkJob.run(at, error.slice(0, 2000), key, leaseToken).changes === 0) throw new LeaseLost(key);
    }
    if (commit.lease && !s.holdsLease.get(commit.lease.key, commit.lease.leaseToken)) throw new LeaseLost(commit.lease.key);
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
      const row = { ...incident, private: incident.private ? 1 : 0, commander: incident.commander ?? null, resolvedAt: incident.resolvedAt ?? null };
      try {
        if (s.updateIncident.run(row).changes === 0) s.upsertIncident.run(row);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new VersionConflict(`room ${incident.room} already has an open incident`);
        }
        throw error;
      }
    }
    return recorded;
  };
}

/**
 * The writes besides commits: claiming jobs, moving leases, counters, a token's
 * last use. They run on the commit connection too; the store flushes them
 * like commits, but for the few that need not wait for the disk (`UNFLUSHED`
 * in `sqlite-store.ts`).
 */
export function prepareSmallWrites(db: Database.Database) {
  const claim = perLimit<[string, string, string, string], JobRow>(
    db,
    (limit) => `UPDATE jobs SET attempts = attempts + 1, lease_token = ? || ':' || (attempts + 1) || ':' || lower(hex(randomblob(12))), lease_until = ?
     WHERE key IN (SELECT key FROM jobs WHERE due_at <= ? AND (lease_until IS NULL OR lease_until < ?) AND parked_at IS NULL ORDER BY due_at LIMIT ${limit})
     RETURNING *`,
  );
  const retry = db.prepare('UPDATE jobs SET due_at = ?, last_error = ?, lease_token = NULL, lease_until = NULL WHERE key = ? AND lease_token = ?');
  const renew = db.prepare('UPDATE jobs SET lease_until = ? WHERE key = ? AND lease_token = ?');
  const counter = db.prepare<[string], { value: number }>(
    `INSERT INTO counters (name, value) VALUES (?, 1)
     ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
  );
  const touch = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE hash = ? AND (last_used_at IS NULL OR last_used_at < ?)');
  return {
    claimDueJobs: (owner: string, leaseUntil: string, now: string, limit: number): JobRow[] => claim(limit).all(owner, leaseUntil, now, now),
    retryJob: (dueAt: string, error: string, key: string, leaseToken: string): number => retry.run(dueAt, error, key, leaseToken).changes,
    renewLease: (until: string, key: string, leaseToken: string): number => renew.run(until, key, leaseToken).changes,
    nextCounter: (name: string): number => counter.get(name)!.value,
    touchToken: (at: string, hash: string, before: string): number => touch.run(at, hash, before).changes,
  };
}

export type SmallWrites = ReturnType<typeof prepareSmallWrites>;
export type SmallWrite = keyof SmallWrites;
