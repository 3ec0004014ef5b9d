import type { ExportRecord } from '../../ports.js';
import { EXPORT_QUERIES, insertOf, notEmpty, toRecords } from '../transfer-rows.js';

interface SqlClient {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

const numbered = (sql: string) => {
  let next = 0;
  return sql.replace(/\?/g, () => `$${++next}`);
};

/** Every row of the schema, as export records; `client` should be in a REPEATABLE READ transaction for one snapshot. */
export async function* exportPostgres(client: SqlClient): AsyncIterable<ExportRecord> {
  const read = async (sql: string) => (await client.query(sql)).rows as never[];
  const counter = (await client.query<{ last_value: string; is_called: boolean }>('SELECT last_value, is_called FROM incident_ids')).rows[0];
  yield* toRecords({
    events: await read(EXPORT_QUERIES.events),
    jobs: await read(EXPORT_QUERIES.jobs),
    incidents: await read(EXPORT_QUERIES.incidents),
    tokens: await read(EXPORT_QUERIES.tokens),
    passwords: await read(EXPORT_QUERIES.passwords),
    sessions: await read(EXPORT_QUERIES.sessions),
    incidentCounter: counter.is_called ? Number(counter.last_value) : 0,
  });
}

/** Loads export records into an empty schema; `client` is inside a transaction the caller commits. */
export async function importPostgres(client: SqlClient, records: AsyncIterable<ExportRecord>): Promise<number> {
  const { rows } = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM events');
  if (Number(rows[0].n) > 0) throw notEmpty(`${rows[0].n} events`);
  let count = 0;
  for await (const record of records) {
    count++;
    if (record.table === 'counter') {
      if (record.value > 0) await client.query("SELECT setval('incident_ids', $1)", [record.value]);
      continue;
    }
    const insert = insertOf(record)!;
    // Positions are kept as exported, so every view (and every live client's Last-Event-ID) reads the same.
    const sql = record.table === 'event' ? insert.sql.replace(') VALUES', ') OVERRIDING SYSTEM VALUE VALUES') : insert.sql;
    await client.query(numbered(sql), insert.values);
  }
  await client.query('INSERT INTO streams (stream, version) SELECT stream, MAX(version) FROM events GROUP BY stream');
  await client.query("SELECT setval(pg_get_serial_sequence('events', 'position'), GREATEST((SELECT MAX(position) FROM events), 1), (SELECT COUNT(*) > 0 FROM events))");
  return count;
}
