import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InProcessFeed } from '../app/live-feed.js';
import { ScheduleOverrides } from '../app/paging/schedule-overrides.js';
import type { Organisation } from '../domain/organisation.js';
import { sqliteFile } from '../store/open-store.js';
import { loadOrganisation, openConfiguredStore, type CommonOptions } from './options.js';
import { readinessReport } from './readiness-report.js';

/**
 * Validates the configuration; problems are printed by path and the exit code is 1.
 * Then the on-call readiness: what would make a page fail soon (with `--strict`, exit code 2),
 * with the overrides added through the API or chat counted as the server counts them.
 */
export async function check(options: CommonOptions & { strict?: boolean }): Promise<void> {
  const { organisation } = loadOrganisation(options);
  process.stdout.write(
    `${options.config} is valid: ${organisation.people.size} people, ${organisation.rooms.size} rooms, ` +
      `${organisation.services.size} services, ${organisation.schedules.size} schedules.\n`,
  );
  await applyStoredOverrides(options, organisation);
  const report = readinessReport(organisation, new Date());
  process.stdout.write(report.text);
  if (!report.ready && options.strict) process.exitCode = 2;
}

/** The stored overrides, when there is a store to read: a check before the first start creates no database. */
async function applyStoredOverrides(options: CommonOptions, organisation: Organisation): Promise<void> {
  if (!process.env.DONT_PANIC_DATABASE_URL && !existsSync(sqliteFile(resolve(options.data)))) return;
  const store = await openConfiguredStore(options);
  try {
    await new ScheduleOverrides({ store, clock: { now: () => new Date() }, organisation, feed: new InProcessFeed() }).refresh();
  } finally {
    await store.close();
  }
}
