import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, toOrganisation } from '../config/load-config.js';
import { openStore } from '../store/open-store.js';

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

export function openConfiguredStore(options: CommonOptions) {
  const timeout = Number(process.env.DONT_PANIC_SQLITE_COMMIT_TIMEOUT_MS);
  return openStore({
    ...(timeout > 0 ? { lockTimeoutMs: timeout } : {}),
    dataDir: resolve(options.data),
    databaseUrl: process.env.DONT_PANIC_DATABASE_URL || undefined,
    databaseSchema: process.env.DONT_PANIC_DATABASE_SCHEMA || undefined,
  });
}
