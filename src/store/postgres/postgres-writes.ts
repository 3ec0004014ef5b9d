import { LeaseLost, VersionConflict, type Commit, type RecordedEvent } from '../../ports.js';

interface SqlResult<R> {
  rows: R[];
  rowCount: number | null;
}

/** The slice of `pg` this adapter uses. */
export interface SqlClient {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<SqlResult<R>>;
}

interface SqlPoolClient extends SqlClient {
  release(destroy?: Error): void;
}

export interface SqlPool extends SqlClient {
  connect(): Promise<SqlPoolClient>;
  end(): Promise<void>;
}

/** Unique indexes whose violation means "someone else got there first": re-read and decide again. */
const CONFLICT_CONSTRAINTS: Record<string, string> = {
  events_stream_version: 'a concurrent commit appended to the same stream',
};

export function conflictOf(error: unknown): VersionConflict | undefined {
  const { code, constraint } = error as { code?: string; constraint?: string };
  // Two commits that wait for each other's rows (a job one finishes, the other schedules again): the database
  // stops one of them, which reads and decides again like any other writer that lost a race.
  if (code === '40P01') return new VersionConflict('a concurrent commit held the same rows');
  const reason = code === '23505' && constraint ? CONFLICT_CONSTRAINTS[constraint] : undefined;
  return reason === undefined ? undefined : new VersionConflict(reason);
}

/**
 * The last of each key (upserting one key twice in one statement is an error), sorted by key, so that two
 * commits lock the rows they share in the same order.
 */
function lastOfEach<T, K extends string | number>(items: readonly T[], key: (item: T) => K): T[] {
  return [...new Map(items.map((item) => [key(item), item])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
}

export async function transaction<T>(pool: SqlPool, work: (client: SqlClient) => Promise<T>): Promise<T> {
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
 * The body of a commit, inside the transaction `client` is in. Throws `VersionConflict` or `LeaseLost`
 * (and the caller rolls back).
 */
export async function commitPostgres(client: SqlClient, commit: Commit, channel: string): Promise<RecordedEvent[]> {
  // No lock of the whole log: commits to different streams run side by side, and `readAll` keeps its readers
  // gap-free by following transactions (`transaction_id`), not positions. Rows are locked in one order, streams
  // (sorted) before jobs, so two commits touching the same stream cannot deadlock over a job of it.
  const versions = await lockStreams(client, commit.appends.map((append) => append.stream));
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
    await client.query('SELECT pg_notify($1, $2)', [channel, String(recorded.at(-1)!.position)]);
  }

  if (commit.cancel?.length) {
    await client.query('DELETE FROM jobs WHERE key = ANY($1::text[])', [[...commit.cancel]]);
  }
  const schedule = lastOfEach(commit.schedule ?? [], (job) => job.key);
  if (schedule.length > 0) {
    await client.query(
      `INSERT INTO jobs (key, kind, due_at, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::json[])
       ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at, payload = excluded.payload,
         attempts = 0, lease_token = NULL, lease_until = NULL, last_error = NULL, parked_at = NULL`,
      [schedule.map((job) => job.key), schedule.map((job) => job.kind), schedule.map((job) => job.dueAt), schedule.map((job) => JSON.stringify(job.payload))],
    );
  }
  const incidents = lastOfEach(commit.incidents ?? [], (incident) => incident.id);
  if (incidents.length > 0) {
    await client.query(
      `INSERT INTO incidents (id, title, severity, status, room, private, commander, declared_at, resolved_at, updated_at, version, lobby)
       SELECT * FROM unnest($1::integer[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::integer[], $12::text[])
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, severity = excluded.severity, status = excluded.status,
         room = excluded.room, lobby = excluded.lobby, private = excluded.private, commander = excluded.commander,
         resolved_at = excluded.resolved_at, updated_at = excluded.updated_at, version = excluded.version`,
      [
        incidents.map((incident) => incident.id),
        incidents.map((incident) => incident.title),
        incidents.map((incident) => incident.severity),
        incidents.map((incident) => incident.status),
        incidents.map((incident) => incident.room),
        incidents.map((incident) => incident.private),
        incidents.map((incident) => incident.commander ?? null),
        incidents.map((incident) => incident.declaredAt),
        incidents.map((incident) => incident.resolvedAt ?? null),
        incidents.map((incident) => incident.updatedAt),
        incidents.map((incident) => incident.version),
        incidents.map((incident) => incident.lobby),
      ],
    );
  }
  return recorded;
}
