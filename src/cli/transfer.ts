import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { ExportRecord } from '../ports.js';
import { translate } from '../i18n/i18n.js';
import { loadOrganisation, openConfiguredStore, type CommonOptions } from './options.js';

/** `dont-panic export [--output FILE]`: the whole store as JSON Lines, one record a line (stdout by default). */
export async function exportStore(options: CommonOptions & { output?: string }): Promise<void> {
  const store = await openConfiguredStore(options);
  const out = options.output ? createWriteStream(options.output) : process.stdout;
  try {
    for await (const record of store.exportRecords()) {
      if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
    }
  } finally {
    await store.close();
    if (options.output) await new Promise((done) => (out as ReturnType<typeof createWriteStream>).end(done));
  }
}

async function* readRecords(file: string): AsyncIterable<ExportRecord> {
  const lines = createInterface({ input: file === '-' ? process.stdin : createReadStream(file), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === '') continue;
    try {
      yield JSON.parse(line) as ExportRecord;
    } catch {
      throw new Error(`line ${number} is not JSON`);
    }
  }
}

/** `dont-panic import FILE` (or `-` for stdin): loads an export into an empty store, all or nothing. */
export async function importStore(file: string, options: CommonOptions): Promise<void> {
  const { organisation } = loadOrganisation(options);
  const t = (key: string, params?: Record<string, string | number>) => translate(organisation.defaultLocale, key, params);
  const store = await openConfiguredStore(options);
  try {
    const count = await store.importRecords(readRecords(file));
    process.stdout.write(`${t('store.imported', { count, kind: store.kind })}\n`);
  } catch (error) {
    process.stderr.write(`${t('store.import_failed', { reason: (error as Error).message })}\n`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}
