import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { ExportRecord } from '../../ports.js';
import { EXPORT_QUERIES, insertOf, notEmpty, toRecords } from '../transfer-rows.js';

/** Every row of the file, as export records (read in one snapshot). */
export async function* exportSqlite(db: Database.Database): AsyncIterable<ExportRecord> {
  const read = db.transaction(() => ({
    events: db.prepare(EXPORT_QUERIES.events).all() as never[],
    jobs: db.prepare(EXPORT_QUERIES.jobs).all() as never[],
    incidents: db.prepare(EXPORT_QUERIES.incidents).all() as never[],
    tokens: db.prepare(EXPORT_QUERIES.tokens).all() as never[],
    passwords: db.prepare(EXPORT_QUERIES.passwords).all() as never[],
    sessions: db.prepare(EXPORT_QUERIES.sessions).all() as never[],
    incidentCounter: (db.prepare("SELECT value FROM counters WHERE name = 'incident'").get() as { value: number } | undefined)?.value ?? 0,
  }));
  yield* toRecords(read.deferred());
}

/** Loads export records into an empty file in one transaction. */
export async function importSqlite(db: Database.Database, records: AsyncIterable<ExportRecord>): Promise<number> {
  const refuseIfNotEmpty = () => {
    const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    if (events > 0) throw notEmpty(`${events} events`);
  };
  // Before reading a line, as PostgreSQL does, and again in the transaction that writes them.
  refuseIfNotEmpty();
  const all: ExportRecord[] = [];
  for await (const record of records) all.push(record);
  let count = 0;
  db.transaction(() => {
    refuseIfNotEmpty();
    for (const record of all) {
      count++;
      if (record.table === 'counter') {
        db.prepare("INSERT INTO counters (name, value) VALUES ('incident', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value").run(record.value);
        continue;
      }
      const insert = insertOf(record)!;
      db.prepare(insert.sql).run(...insert.values.map((value) => (typeof value === 'boolean' ? Number(value) : value)));
    }
    db.exec('INSERT INTO streams (stream, version) SELECT stream, MAX(version) FROM events GROUP BY stream');
  }).immediate();
  return count;
}

/**
 * How many events a SQLite file holds: 0 when there is no such file or it has no schema yet. Opened read-only,
 * so nothing is created or migrated (an import into PostgreSQL asks this of the data directory's old database).
 */
export function sqliteEventCount(file: string): number {
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
    return table ? (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n : 0;
  } finally {
    db.close();
  }
}
