import { loadOrganisation, type CommonOptions } from './options.js';
import { readinessReport } from './readiness-report.js';

/**
 * Validates the configuration; problems are printed by path and the exit code is 1.
 * Then the on-call readiness: what would make a page fail soon (exit code 2).
 */
export async function check(options: CommonOptions): Promise<void> {
  const { organisation } = loadOrganisation(options);
  process.stdout.write(
    `${options.config} is valid: ${organisation.people.size} people, ${organisation.rooms.size} rooms, ` +
      `${organisation.services.size} services, ${organisation.schedules.size} schedules.\n`,
  );
  const report = readinessReport(organisation, new Date());
  process.stdout.write(report.text);
  if (!report.ready) process.exitCode = 2;
}
