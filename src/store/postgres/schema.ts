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
  // A commit is one call: locks, checks, inserts and the announcement run in the database, in one statement
  // (so one transaction and one round trip) instead of a round trip for each. Lease and version failures come
  // back as SQLSTATE DP001 and DP002. Rows are locked streams first (sorted), then jobs, as before.
  `
  CREATE FUNCTION dont_panic_commit(c jsonb, channel text)
  RETURNS TABLE (placed_position bigint, placed_stream text, placed_version integer)
  LANGUAGE plpgsql AS $fn$
  DECLARE
    names text[];
    append jsonb;
    current_version integer;
    appended integer;
    any_appended boolean := false;
  BEGIN
    SELECT array_agg(DISTINCT a->>'stream' ORDER BY a->>'stream') INTO names FROM jsonb_array_elements(c->'appends') a;
    IF names IS NOT NULL THEN
      INSERT INTO streams (stream, version) SELECT unnest(names), 0 ON CONFLICT DO NOTHING;
      PERFORM 1 FROM streams WHERE stream = ANY(names) ORDER BY stream FOR UPDATE;
    END IF;
    IF c ? 'finish' THEN
      DELETE FROM jobs WHERE key = c->'finish'->>'key' AND lease_token = c->'finish'->>'leaseToken';
      IF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = 'DP001', MESSAGE = c->'finish'->>'key'; END IF;
    END IF;
    IF c ? 'park' THEN
      UPDATE jobs SET parked_at = c->'park'->>'at', last_error = left(c->'park'->>'error', 2000), lease_token = NULL, lease_until = NULL
        WHERE key = c->'park'->>'key' AND lease_token = c->'park'->>'leaseToken';
      IF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = 'DP001', MESSAGE = c->'park'->>'key'; END IF;
    END IF;
    IF c ? 'lease' THEN
      -- FOR SHARE: a claim by another worker waits for this commit, or this commit sees that the lease moved.
      PERFORM 1 FROM jobs WHERE key = c->'lease'->>'key' AND lease_token = c->'lease'->>'leaseToken' FOR SHARE;
      IF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = 'DP001', MESSAGE = c->'lease'->>'key'; END IF;
    END IF;
    FOR append IN SELECT value FROM jsonb_array_elements(c->'appends') LOOP
      SELECT version INTO current_version FROM streams WHERE stream = append->>'stream';
      IF jsonb_typeof(append->'expectedVersion') = 'number' AND (append->>'expectedVersion')::integer <> current_version THEN
        RAISE EXCEPTION USING ERRCODE = 'DP002',
          MESSAGE = format('stream %s is at version %s, expected %s', append->>'stream', current_version, append->>'expectedVersion');
      END IF;
      appended := jsonb_array_length(append->'events');
      IF appended > 0 THEN
        RETURN QUERY INSERT INTO events (stream, version, type, at, actor, data)
          SELECT append->>'stream', current_version + e.n::integer, e.value->>'type', e.value->>'at', e.value->>'actor', (e.value->>'data')::json
          FROM jsonb_array_elements(append->'events') WITH ORDINALITY AS e(value, n)
          ORDER BY e.n
          RETURNING events.position, events.stream, events.version;
        UPDATE streams SET version = current_version + appended WHERE stream = append->>'stream';
        any_appended := true;
      END IF;
    END LOOP;
    IF any_appended THEN
      -- Delivered to listeners when (and only if) this transaction commits.
      PERFORM pg_notify(channel, (SELECT max(position) FROM events WHERE transaction_id = pg_current_xact_id())::text);
    END IF;
    IF jsonb_array_length(coalesce(c->'cancel', '[]')) > 0 THEN
      DELETE FROM jobs WHERE key IN (SELECT jsonb_array_elements_text(c->'cancel'));
    END IF;
    INSERT INTO jobs (key, kind, due_at, payload)
      SELECT j.key, j.kind, j."dueAt", j.payload::json FROM jsonb_to_recordset(coalesce(c->'schedule', '[]')) AS j(key text, kind text, "dueAt" text, payload text)
      ORDER BY j.key
      ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at, payload = excluded.payload,
        attempts = 0, lease_token = NULL, lease_until = NULL, last_error = NULL, parked_at = NULL;
    INSERT INTO incidents (id, title, severity, status, room, private, commander, declared_at, resolved_at, updated_at, version, lobby)
      SELECT i.id, i.title, i.severity, i.status, i.room, i.private, i.commander, i."declaredAt", i."resolvedAt", i."updatedAt", i.version, i.lobby
      FROM jsonb_to_recordset(coalesce(c->'incidents', '[]')) AS i(id integer, title text, severity integer, status text, room text, private boolean,
        commander text, "declaredAt" text, "resolvedAt" text, "updatedAt" text, version integer, lobby text)
      ORDER BY i.id
      ON CONFLICT (id) DO UPDATE SET title = excluded.title, severity = excluded.severity, status = excluded.status,
        room = excluded.room, lobby = excluded.lobby, private = excluded.private, commander = excluded.commander,
        resolved_at = excluded.resolved_at, updated_at = excluded.updated_at, version = excluded.version;
  END
  $fn$;
  `,
];
