import { join } from 'node:path';
import type { Store } from '../ports.js';

/** The embedded database's file in a data directory. */
export const sqliteFile = (dataDir: string) => join(dataDir, 'dont-panic.sqlite');

/**
 * PostgreSQL when `databaseUrl` is set, else the embedded SQLite file in `dataDir`.
 * Adapters load lazily so the driver that is not used is never loaded.
 */
export async function openStore(options: {
  dataDir: string;
  databaseUrl?: string;
  databaseSchema?: string;
  /** SQLite: how long a write waits for another process's write lock. */
  lockTimeoutMs?: number;
}): Promise<Store> {
  if (options.databaseUrl) {
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    return PostgresStore.open(options.databaseUrl, { schema: options.databaseSchema });
  }
  const { SqliteStore } = await import('./sqlite/sqlite-store.js');
  return new SqliteStore(sqliteFile(options.dataDir), { lockTimeoutMs: options.lockTimeoutMs });
}
