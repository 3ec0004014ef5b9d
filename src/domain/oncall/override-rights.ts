import type { Organisation } from '../organisation.js';

/**
 * Who may put someone on call on a schedule (or take an override away): the
 * people of its rotation (layers and shadows), members of the team that owns
 * it, and the configuration's admins. Nobody else, so nobody can make
 * themselves the IC on call for the next security incident.
 */
export function mayOverride(organisation: Pick<Organisation, 'schedules' | 'teams' | 'admins'>, actor: string, scheduleName: string): boolean {
  if (organisation.admins?.includes(actor)) return true;
  const schedule = organisation.schedules.get(scheduleName);
  if (!schedule) return false;
  if (schedule.layers.some((layer) => layer.people.includes(actor)) || schedule.shadows.includes(actor)) return true;
  return [...organisation.teams.values()].some((team) => team.schedule === scheduleName && team.members.includes(actor));
}

/** Who to ask instead: the owning teams, for the refusal. */
export function scheduleOwners(organisation: Pick<Organisation, 'teams'>, scheduleName: string): string[] {
  return [...organisation.teams.values()].filter((team) => team.schedule === scheduleName).map((team) => team.name);
}
