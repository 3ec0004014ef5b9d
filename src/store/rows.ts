import type { IncidentRow, LeasedJob, ParkedJob, RecordedEvent, TokenInfo } from '../ports.js';

/**
 * Rows as both SQL adapters read them. SQLite hands back JSON as text and
 * booleans as 0/1; PostgreSQL parses `json` columns and returns bigints as
 * strings. One mapping for both keeps their answers identical.
 */
type Json = string | Record<string, unknown>;

const parse = (value: Json): Record<string, unknown> => (typeof value === 'string' ? JSON.parse(value) : value);

export interface EventRow {
  position: number | string;
  stream: string;
  version: number;
  type: string;
  at: string;
  actor: string;
  data: Json;
}

export interface IncidentDbRow {
  id: number;
  title: string;
  severity: number;
  status: 'open' | 'resolved';
  room: string;
  lobby: string;
  private: boolean | number;
  commander: string | null;
  declared_at: string;
  resolved_at: string | null;
  updated_at: string;
  version: number;
}

export interface JobRow {
  key: string;
  kind: string;
  due_at: string;
  payload: Json;
  attempts: number;
  lease_token: string | null;
}

export function toEvent(row: EventRow): RecordedEvent {
  return {
    position: Number(row.position),
    stream: row.stream,
    version: row.version,
    type: row.type,
    at: row.at,
    actor: row.actor,
    data: parse(row.data),
  };
}

export function toIncident(row: IncidentDbRow): IncidentRow {
  return {
    id: row.id,
    title: row.title,
    severity: row.severity,
    status: row.status,
    room: row.room,
    lobby: row.lobby,
    private: row.private === true || row.private === 1,
    commander: row.commander ?? undefined,
    declaredAt: row.declared_at,
    resolvedAt: row.resolved_at ?? undefined,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function toJob(row: JobRow): LeasedJob {
  return {
    key: row.key,
    kind: row.kind,
    dueAt: row.due_at,
    payload: parse(row.payload),
    attempts: row.attempts,
    leaseToken: row.lease_token ?? '',
  };
}

export interface TokenRow {
  id: string;
  person: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

export const TOKEN_COLUMNS = 'substr(hash, 1, 12) AS id, person, label, created_at, last_used_at, expires_at';

export function toTokenInfo(row: TokenRow): TokenInfo {
  return {
    id: row.id,
    person: row.person,
    label: row.label,
    createdAt: row.created_at,
    ...(row.last_used_at ? { lastUsedAt: row.last_used_at } : {}),
    ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
  };
}

export interface ParkedJobRow extends JobRow {
  parked_at: string;
  last_error: string | null;
}

export function toParkedJob(row: ParkedJobRow): ParkedJob {
  return { key: row.key, kind: row.kind, dueAt: row.due_at, payload: parse(row.payload), attempts: row.attempts, parkedAt: row.parked_at, lastError: row.last_error ?? '' };
}
