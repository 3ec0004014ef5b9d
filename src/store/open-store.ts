import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../ports.js';

/**
 * The data directory holds the database and the secrets that sign links, so the server and the CLI create
 * it (and any missing parent) for this user only, 0700, whatever the umask. One that already exists is the
 * operator's and is left as it is: answers its mode, so the caller can warn when other users may enter it.
 */
export function prepareDataDir(dataDir: string): { created: boolean; mode: number } {
  const first = mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (first === undefined) return { created: false, mode: statSync(dataDir).mode & 0o777 };
  // The umask may have taken bits away (0o700 & ~0o277 leaves it unusable); these are ours to set.
  chmodSync(dataDir, 0o700);
  return { created: true, mode: 0o700 };
}

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
  prepareDataDir(options.dataDir);
  const { SqliteStore } = await import('./sqlite/sqlite-store.js');
  return new SqliteStore(sqliteFile(options.dataDir), { lockTimeoutMs: options.lockTimeoutMs });
}
