import { createReadStream, createWriteStream, fchmodSync, openSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ExportRecord, Store } from '../ports.js';
import { listed } from '../app/render/context.js';
import { translate } from '../i18n/i18n.js';
import { sqliteFile } from '../store/open-store.js';
import { exportSecrets, placeSecrets, restoreSecrets, secretOf, type SecretRecord, type SecretsBefore } from './data-secrets.js';
import { loadOrganisation, openConfiguredStore, type CommonOptions } from './options.js';

/**
 * `dont-panic export [--output FILE]`: the data directory's secrets, then the whole store, as JSON Lines, one
 * record a line (stdout by default). The file is as sensitive as the database and the secrets: created 0600.
 */
export async function exportStore(options: CommonOptions & { output?: string }): Promise<void> {
  const store = await openConfiguredStore(options);
  let out: NodeJS.WritableStream = process.stdout;
  if (options.output) {
    const fd = openSync(options.output, 'w', 0o600);
    // An existing file keeps its mode on open: this one will hold secrets.
    fchmodSync(fd, 0o600);
    out = createWriteStream(options.output, { fd });
  }
  try {
    const write = async (record: ExportRecord | SecretRecord) => {
      if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
    };
    for (const secret of exportSecrets(resolve(options.data))) await write(secret);
    for await (const record of store.exportRecords()) await write(record);
  } finally {
    await store.close();
    if (options.output) await new Promise((done) => (out as ReturnType<typeof createWriteStream>).end(done));
  }
}

async function* readRecords(file: string): AsyncIterable<ExportRecord | SecretRecord> {
  const lines = createInterface({ input: file === '-' ? process.stdin : createReadStream(file), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === '') continue;
    try {
      yield JSON.parse(line) as ExportRecord | SecretRecord;
    } catch {
      throw new Error(`line ${number} is not JSON`);
    }
  }
}

/**
 * Nothing can have used the data directory's secrets: the target store is empty (the import refuses it
 * otherwise), and no SQLite database with events sits beside a PostgreSQL target.
 */
async function isFresh(store: Store, dataDir: string): Promise<boolean> {
  if ((await store.lastPosition()) > 0) return false;
  if (store.kind === 'sqlite') return true;
  const { sqliteEventCount } = await import('../store/sqlite/transfer.js');
  return sqliteEventCount(sqliteFile(dataDir)) === 0;
}

/**
 * `dont-panic import FILE` (or `-` for stdin): loads an export into an empty store, all or nothing, and puts
 * its secrets into the data directory, so links sent before the move keep working.
 */
export async function importStore(file: string, options: CommonOptions): Promise<void> {
  const { organisation } = loadOrganisation(options);
  const t = (key: string, params?: Record<string, string | number>) => translate(organisation.defaultLocale, key, params);
  const dataDir = resolve(options.data);
  const store = await openConfiguredStore(options);
  const secrets: SecretRecord[] = [];
  let before: SecretsBefore | undefined;
  async function* storeRecords(): AsyncIterable<ExportRecord> {
    for await (const record of readRecords(file)) {
      const secret = secretOf(record);
      if (secret) secrets.push(secret);
      else yield record as ExportRecord;
    }
    // Every line read and the store not yet committed: the secrets go in now, or the whole import is refused.
    before = await placeSecrets(dataDir, secrets, () => isFresh(store, dataDir));
  }
  try {
    const count = await store.importRecords(storeRecords());
    process.stdout.write(`${t('store.imported', { count, kind: store.kind })}\n`);
    if (secrets.length > 0) process.stdout.write(`${t('store.secrets_imported', { names: listed({ translate, locale: organisation.defaultLocale }, secrets.map((secret) => secret.name)), dir: dataDir })}\n`);
  } catch (error) {
    if (before) restoreSecrets(dataDir, before);
    process.stderr.write(`${t('store.import_failed', { reason: (error as Error).message })}\n`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}
