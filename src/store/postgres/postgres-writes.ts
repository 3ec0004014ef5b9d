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

/**
 * One commit, in one call to `dont_panic_commit` (see `schema.ts`): a single statement is its own transaction,
 * so the locks, checks, inserts and the announcement cost one round trip. No lock of the whole log: commits to
 * different streams run side by side, and `readAll` keeps its readers gap-free by following transactions
 * (`transaction_id`), not positions. Throws `VersionConflict` or `LeaseLost`.
 */
export async function commitPostgres(pool: SqlClient, commit: Commit, channel: string): Promise<RecordedEvent[]> {
  const wire = {
    appends: commit.appends.map((append) => ({
      stream: append.stream,
      expectedVersion: append.expectedVersion,
      // The data as the text it is stored as, so the database keeps it exactly as given.
      events: append.events.map((event) => ({ type: event.type, at: event.at, actor: event.actor, data: JSON.stringify(event.data) })),
    })),
    ...(commit.finish ? { finish: commit.finish } : {}),
    ...(commit.park ? { park: commit.park } : {}),
    ...(commit.lease ? { lease: commit.lease } : {}),
    cancel: commit.cancel ?? [],
    schedule: lastOfEach(commit.schedule ?? [], (job) => job.key).map((job) => ({ key: job.key, kind: job.kind, dueAt: job.dueAt, payload: JSON.stringify(job.payload) })),
    incidents: lastOfEach(commit.incidents ?? [], (incident) => incident.id).map((incident) => ({
      ...incident,
      commander: incident.commander ?? null,
      resolvedAt: incident.resolvedAt ?? null,
    })),
  };
  let placed: { placed_position: string; placed_stream: string; placed_version: number }[];
  try {
    ({ rows: placed } = await pool.query('SELECT * FROM dont_panic_commit($1::jsonb, $2)', [JSON.stringify(wire), channel]));
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === 'DP001') throw new LeaseLost(message);
    if (code === 'DP002') throw new VersionConflict(message);
    throw conflictOf(error) ?? error;
  }
  const positions = new Map(placed.map((row) => [`${row.placed_version}:${row.placed_stream}`, Number(row.placed_position)]));
  // Each stream's events took the versions after the one it was at, in the order of the commit's appends.
  const nextVersion = new Map<string, number>();
  for (const row of placed) nextVersion.set(row.placed_stream, Math.min(nextVersion.get(row.placed_stream) ?? row.placed_version, row.placed_version));
  const recorded = commit.appends.flatMap((append) =>
    append.events.map((event): RecordedEvent => {
      const version = nextVersion.get(append.stream)!;
      nextVersion.set(append.stream, version + 1);
      return { position: positions.get(`${version}:${append.stream}`)!, stream: append.stream, version, type: event.type, at: event.at, actor: event.actor, data: event.data };
    }),
  );
  return recorded.sort((a, b) => a.position - b.position);
}
