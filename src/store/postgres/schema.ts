/**
 * Migrations run in order, each once, in one transaction under an advisory lock. Never edit one that shipped: add the next.
 * Instants stay ISO-8601 text, as in SQLite, so they read back exactly alike; the ones compared are `COLLATE "C"`
 * so they order byte-wise, as SQLite does, whatever the database's collation.
 * JSON is `json`, not `jsonb`, so data reads back with its keys in the order it was written.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream text NOT NULL,
    version integer NOT NULL,
    type text NOT NULL,
    at text NOT NULL,
    actor text NOT NULL,
    data json NOT NULL,
    CONSTRAINT events_stream_version UNIQUE (stream, version)
  );
  CREATE TABLE streams (
    stream text PRIMARY KEY,
    version integer NOT NULL
  );
  CREATE TABLE jobs (
    key text PRIMARY KEY,
    kind text NOT NULL,
    due_at text COLLATE "C" NOT NULL,
    payload json NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    lease_token text,
    lease_until text COLLATE "C",
    last_error text
  );
  CREATE INDEX jobs_due ON jobs (due_at);
  CREATE TABLE incidents (
    id integer PRIMARY KEY,
    title text NOT NULL,
    severity integer NOT NULL,
    status text NOT NULL,
    room text NOT NULL,
    private boolean NOT NULL,
    commander text,
    declared_at text NOT NULL,
    resolved_at text,
    updated_at text NOT NULL,
    version integer NOT NULL
  );
  CREATE UNIQUE INDEX incidents_one_open_per_room ON incidents (room) WHERE status = 'open';
  CREATE INDEX incidents_room ON incidents (room, id);
  CREATE SEQUENCE incident_ids;
  CREATE TABLE api_tokens (
    hash text PRIMARY KEY,
    person text NOT NULL,
    label text NOT NULL,
    created_at text NOT NULL
  );
  `,
  `
  CREATE TABLE web_passwords (
    person text PRIMARY KEY,
    hash text NOT NULL,
    updated_at text NOT NULL
  );
  CREATE TABLE web_sessions (
    id_hash text PRIMARY KEY,
    person text NOT NULL,
    csrf_token text NOT NULL,
    created_at text NOT NULL,
    expires_at text NOT NULL
  );
  CREATE INDEX web_sessions_person ON web_sessions (person);
  `,
  // Every incident has its own room now; the lobby it was declared from is a column of its own.
  `
  ALTER TABLE incidents ADD COLUMN lobby text NOT NULL DEFAULT '';
  UPDATE incidents SET lobby = room, room = 'inc-' || id;
  DROP INDEX incidents_one_open_per_room;
  CREATE INDEX incidents_lobby ON incidents (lobby, status);
  `,
  `
  ALTER TABLE jobs ADD COLUMN parked_at text;
  CREATE INDEX jobs_parked ON jobs (parked_at) WHERE parked_at IS NOT NULL;
  `,
  `
  ALTER TABLE api_tokens ADD COLUMN expires_at text;
  ALTER TABLE api_tokens ADD COLUMN last_used_at text;
  CREATE INDEX api_tokens_person ON api_tokens (person);
  `,
  // Readers of the whole log follow commits, not positions: an event is read once every transaction older than its
  // own has ended (see `readAll`), so appending commits need no lock of their own. The clock that decides whether a
  // job is due or a lease has run out is the database's, the same for every instance.
  `
  ALTER TABLE events ADD COLUMN transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id();
  CREATE INDEX events_transaction ON events (transaction_id, position);
  CREATE FUNCTION database_clock(offset_ms bigint) RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT to_char((now() + offset_ms * interval '1 millisecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;
  `,
];
