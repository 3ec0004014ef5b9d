import type { ExportRecord } from '../ports.js';
import { toEvent, toIncident, type EventRow, type IncidentDbRow } from './rows.js';

/**
 * Rows of a whole-store export as both SQL adapters read them, and the
 * parameters to write them back. One mapping for both keeps an export from
 * SQLite and one from PostgreSQL line for line the same.
 */
type Json = string | Record<string, unknown>;
const parse = (value: Json): Record<string, unknown> => (typeof value === 'string' ? JSON.parse(value) : value);

export const EXPORT_QUERIES = {
  events: 'SELECT * FROM events ORDER BY position',
  jobs: 'SELECT * FROM jobs ORDER BY key',
  incidents: 'SELECT * FROM incidents ORDER BY id',
  tokens: 'SELECT * FROM api_tokens ORDER BY hash',
  passwords: 'SELECT * FROM web_passwords ORDER BY person',
  sessions: 'SELECT * FROM web_sessions ORDER BY id_hash',
} as const;

export interface JobExportRow {
  key: string;
  kind: string;
  due_at: string;
  payload: Json;
  attempts: number;
  parked_at: string | null;
  last_error: string | null;
}

export function* toRecords(rows: {
  events: EventRow[];
  jobs: JobExportRow[];
  incidents: IncidentDbRow[];
  tokens: { hash: string; person: string; label: string; created_at: string; expires_at: string | null; last_used_at: string | null }[];
  passwords: { person: string; hash: string; updated_at: string }[];
  sessions: { id_hash: string; person: string; csrf_token: string; created_at: string; expires_at: string }[];
  incidentCounter: number;
}): Generator<ExportRecord> {
  for (const row of rows.events) yield { table: 'event', ...toEvent(row) };
  for (const row of rows.incidents) yield { table: 'incident', ...toIncident(row) };
  for (const row of rows.jobs) {
    yield {
      table: 'job',
      key: row.key,
      kind: row.kind,
      dueAt: row.due_at,
      payload: parse(row.payload),
      attempts: row.attempts,
      ...(row.parked_at ? { parkedAt: row.parked_at } : {}),
      ...(row.last_error ? { lastError: row.last_error } : {}),
    };
  }
  for (const row of rows.tokens) {
    // The expiry travels with the token: an import must not make an expiring token last for ever.
    yield {
      table: 'token',
      hash: row.hash,
      person: row.person,
      label: row.label,
      createdAt: row.created_at,
      ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
      ...(row.last_used_at ? { lastUsedAt: row.last_used_at } : {}),
    };
  }
  for (const row of rows.passwords) yield { table: 'password', person: row.person, hash: row.hash, updatedAt: row.updated_at };
  for (const row of rows.sessions) {
    yield { table: 'session', idHash: row.id_hash, person: row.person, csrfToken: row.csrf_token, createdAt: row.created_at, expiresAt: row.expires_at };
  }
  yield { table: 'counter', name: 'incident', value: rows.incidentCounter };
}

/** The SQL (with `?` placeholders; PostgreSQL renumbers them) and values that write one record back. */
export function insertOf(record: ExportRecord): { sql: string; values: unknown[] } | undefined {
  switch (record.table) {
    case 'event':
      return {
        sql: 'INSERT INTO events (position, stream, version, type, at, actor, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
        values: [record.position, record.stream, record.version, record.type, record.at, record.actor, JSON.stringify(record.data)],
      };
    case 'incident':
      return {
        sql: 'INSERT INTO incidents (id, title, severity, status, room, lobby, private, commander, declared_at, resolved_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        values: [record.id, record.title, record.severity, record.status, record.room, record.lobby, record.private, record.commander ?? null, record.declaredAt, record.resolvedAt ?? null, record.updatedAt, record.version],
      };
    case 'job':
      return {
        sql: 'INSERT INTO jobs (key, kind, due_at, payload, attempts, parked_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?)',
        values: [record.key, record.kind, record.dueAt, JSON.stringify(record.payload), record.attempts, record.parkedAt ?? null, record.lastError ?? null],
      };
    case 'token':
      return {
        sql: 'INSERT INTO api_tokens (hash, person, label, created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)',
        values: [record.hash, record.person, record.label, record.createdAt, record.expiresAt ?? null, record.lastUsedAt ?? null],
      };
    case 'password':
      return { sql: 'INSERT INTO web_passwords (person, hash, updated_at) VALUES (?, ?, ?)', values: [record.person, record.hash, record.updatedAt] };
    case 'session':
      return {
        sql: 'INSERT INTO web_sessions (id_hash, person, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
        values: [record.idHash, record.person, record.csrfToken, record.createdAt, record.expiresAt],
      };
    case 'counter':
      return undefined;
    default: {
      const unknown: never = record;
      throw new Error(`unknown export record ${JSON.stringify(unknown)}`);
    }
  }
}

/** Refuses to load into a store that already holds something: an import is a whole store, never a merge. */
export function notEmpty(what: string): Error {
  return new Error(`the target store is not empty (it has ${what}); import into a new database`);
}
