import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDataDir } from '../store/open-store.js';

/**
 * The secrets `serve` generates into the data directory when the configuration
 * gives none: `link-secret` signs status-page confirm and unsubscribe links,
 * `ack-link-secret` signs page acknowledgement links. Links already sent are
 * only as good as these files, so an export carries them and an import puts
 * them back.
 */
export const DATA_SECRETS = ['link-secret', 'ack-link-secret'] as const;
export type DataSecretName = (typeof DATA_SECRETS)[number];

/** One secret as a line of an export, next to the store's records. */
export interface SecretRecord {
  readonly table: 'secret';
  readonly name: DataSecretName;
  readonly value: string;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

function readSecret(dataDir: string, name: DataSecretName): string | undefined {
  try {
    return readFileSync(join(dataDir, name), 'utf8').trim() || undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Writes `value` to a temporary file readable by this user only (0600), in a data directory created 0700 if missing, and answers its path. */
function stage(dataDir: string, name: DataSecretName, value: string): string {
  prepareDataDir(dataDir);
  const staged = join(dataDir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(staged, value, { mode: 0o600, flag: 'wx' });
  return staged;
}

/**
 * The secret `name` of the data directory, generated (0600) the first time. Created whole or not at all:
 * another process starting at the same moment reads the same secret, never an empty file.
 */
export function dataSecret(dataDir: string, name: DataSecretName): string {
  const existing = readSecret(dataDir, name);
  if (existing) return existing;
  const staged = stage(dataDir, name, randomBytes(32).toString('base64url'));
  try {
    linkSync(staged, join(dataDir, name));
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(staged);
  }
  const secret = readSecret(dataDir, name);
  if (!secret) throw new Error(`${join(dataDir, name)} is empty`);
  return secret;
}

/** The data directory's secrets that exist, as export lines. */
export function exportSecrets(dataDir: string): SecretRecord[] {
  return DATA_SECRETS.flatMap((name) => {
    const value = readSecret(dataDir, name);
    return value ? [{ table: 'secret' as const, name, value }] : [];
  });
}

/** The secret of an export line, undefined for a line of the store; throws for a secret line that names no secret. */
export function secretOf(record: { readonly table: string }): SecretRecord | undefined {
  if (record.table !== 'secret') return undefined;
  const { name, value } = record as Partial<SecretRecord>;
  if (!DATA_SECRETS.includes(name as DataSecretName) || typeof value !== 'string' || value.trim() === '') {
    throw new Error(`a secret line names ${JSON.stringify(name)}; expected one of ${DATA_SECRETS.join(', ')} with a value`);
  }
  return { table: 'secret', name: name as DataSecretName, value: value.trim() };
}

/** What the data directory held before `placeSecrets`, to put back when the import fails after all. */
export type SecretsBefore = ReadonlyMap<DataSecretName, string | undefined>;

/**
 * Puts the exported secrets into the data directory (0600). A different secret already there signed the
 * links someone may hold: it is replaced only when `fresh` says nothing used it, else the import is refused.
 */
export async function placeSecrets(dataDir: string, secrets: readonly SecretRecord[], fresh: () => Promise<boolean>): Promise<SecretsBefore> {
  const before = new Map<DataSecretName, string | undefined>(secrets.map((secret) => [secret.name, readSecret(dataDir, secret.name)]));
  const different = secrets.filter((secret) => before.get(secret.name) !== undefined && before.get(secret.name) !== secret.value);
  if (different.length > 0 && !(await fresh())) {
    const names = different.map((secret) => join(dataDir, secret.name)).join(', ');
    throw new Error(`${names} already ${different.length === 1 ? 'holds a different secret' : 'hold different secrets'}, which links already sent depend on; import into a new data directory`);
  }
  for (const secret of secrets) {
    if (before.get(secret.name) !== secret.value) renameSync(stage(dataDir, secret.name, secret.value), join(dataDir, secret.name));
  }
  return before;
}

/** Undoes `placeSecrets`. */
export function restoreSecrets(dataDir: string, before: SecretsBefore): void {
  for (const [name, value] of before) {
    if (value === undefined) {
      try {
        unlinkSync(join(dataDir, name));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    } else if (readSecret(dataDir, name) !== value) {
      renameSync(stage(dataDir, name, value), join(dataDir, name));
    }
  }
}
