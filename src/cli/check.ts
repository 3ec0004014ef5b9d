import { loadOrganisation, type CommonOptions } from './options.js';

/** Validates the configuration; problems are printed by path and the exit code is non-zero. */
export async function check(options: CommonOptions): Promise<void> {
  const { organisation } = loadOrganisation(options);
  process.stdout.write(
    `${options.config} is valid: ${organisation.people.size} people, ${organisation.rooms.size} rooms, ` +
      `${organisation.services.size} services, ${organisation.schedules.size} schedules.\n`,
  );
}
