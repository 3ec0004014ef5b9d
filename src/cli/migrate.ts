import { translate } from '../i18n/i18n.js';
import { POSTGRES_MIGRATIONS } from '../store/postgres/schema.js';
import { SQLITE_MIGRATIONS } from '../store/sqlite/schema.js';
import { loadOrganisation, openConfiguredStore, type CommonOptions } from './options.js';

/** `dont-panic migrate`: brings the store's schema up to date (`serve` does too, at start) and says where it stands. */
export async function migrate(options: CommonOptions): Promise<void> {
  const { organisation } = loadOrganisation(options);
  const store = await openConfiguredStore(options);
  try {
    const applied = await store.appliedMigrations();
    const latest = (store.kind === 'postgres' ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS).length;
    const version = applied.at(-1)?.version ?? 0;
    process.stdout.write(`${translate(organisation.defaultLocale, 'store.migrated', { kind: store.kind, version, latest })}\n`);
    if (version !== latest) process.exitCode = 1;
  } finally {
    await store.close();
  }
}
