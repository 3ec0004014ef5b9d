import { resolve } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig, toOrganisation } from '../config/load-config.js';
import { openStore, prepareDataDir } from '../store/open-store.js';

export interface CommonOptions {
  config: string;
  data: string;
}

export const DEFAULT_CONFIG = 'config/example.yaml';
export const DEFAULT_DATA = 'data';

/** Every command takes `--config` and `--data` with the same defaults. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'configuration file', process.env.DONT_PANIC_CONFIG ?? DEFAULT_CONFIG)
    .option('-d, --data <dir>', 'directory of the embedded SQLite database', process.env.DONT_PANIC_DATA ?? DEFAULT_DATA);
}

export function loadOrganisation(options: CommonOptions) {
  const config = loadConfig(resolve(options.config));
  return { config, organisation: toOrganisation(config) };
}

/**
 * Creates the data directory (0700) when it is missing. One the operator made is not changed; if other users
 * may enter it, says so once on stderr (the status page's thread opens the store too, and stays quiet).
 */
function checkDataDir(dataDir: string): void {
  const { created, mode } = prepareDataDir(dataDir);
  if (created || (mode & 0o077) === 0 || !isMainThread) return;
  const octal = mode.toString(8).padStart(4, '0');
  process.stderr.write(
    `Warning: the data directory ${dataDir} is open to other users (mode ${octal}); it holds the database and the secrets that sign links. Make it yours only with: chmod 700 ${dataDir}\n`,
  );
}

export function openConfiguredStore(options: CommonOptions) {
  const timeout = Number(process.env.DONT_PANIC_SQLITE_COMMIT_TIMEOUT_MS);
  const dataDir = resolve(options.data);
  const databaseUrl = process.env.DONT_PANIC_DATABASE_URL || undefined;
  if (!databaseUrl) checkDataDir(dataDir);
  return openStore({
    ...(timeout > 0 ? { lockTimeoutMs: timeout } : {}),
    dataDir,
    databaseUrl,
    databaseSchema: process.env.DONT_PANIC_DATABASE_SCHEMA || undefined,
  });
}

/** A mistake in how a command was started (a port taken or invalid): said in one line, without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A TCP port as `--port` takes it: a whole number from 0 (any free port) to 65535. */
export function portNumber(typed: string): string {
  const port = Number(typed);
  if (!/^\d+$/.test(typed.trim()) || port > 65_535) throw new InvalidArgumentError(`“${typed}” is not a port: give a number from 0 to 65535, e.g. --port 8080.`);
  return String(port);
}
