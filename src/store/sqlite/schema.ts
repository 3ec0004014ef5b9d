/** Migrations run in order, each once, inside a transaction. Never edit one that shipped: add the next. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    stream TEXT NOT NULL,
    version INTEGER NOT NULL,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (stream, version)
  );
  CREATE TABLE streams (
    stream TEXT PRIMARY KEY,
    version INTEGER NOT NULL
  );
  CREATE TABLE jobs (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    due_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_token TEXT,
    lease_until TEXT,
    last_error TEXT
  );
  CREATE INDEX jobs_due ON jobs (due_at);
  CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    severity INTEGER NOT NULL,
    status TEXT NOT NULL,
    room TEXT NOT NULL,
    private INTEGER NOT NULL,
    commander TEXT,
    declared_at TEXT NOT NULL,
    resolved_at TEXT,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX incidents_one_open_per_room ON incidents (room) WHERE status = 'open';
  CREATE INDEX incidents_room ON incidents (room, id);
  CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  );
  CREATE TABLE api_tokens (
    hash TEXT PRIMARY KEY,
    person TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE web_passwords (
    person TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    person TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX web_sessions_person ON web_sessions (person);
  `,
  // Every incident has its own room now; the lobby it was declared from is a column of its own.
  `
  ALTER TABLE incidents ADD COLUMN lobby TEXT NOT NULL DEFAULT '';
  UPDATE incidents SET lobby = room, room = 'inc-' || id;
  DROP INDEX incidents_one_open_per_room;
  CREATE INDEX incidents_lobby ON incidents (lobby, status);
  `,
  `
  ALTER TABLE jobs ADD COLUMN parked_at TEXT;
  CREATE INDEX jobs_parked ON jobs (parked_at) WHERE parked_at IS NOT NULL;
  `,
  `
  ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
  ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
  CREATE INDEX api_tokens_person ON api_tokens (person);
  `,
];
