import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../ports.js';
import type { Organisation } from '../../domain/organisation.js';
import { nextHandoff } from '../../domain/oncall/next-handoff.js';
import { whoIsOnCall } from '../../domain/oncall/schedule.js';
import { errorSchema } from '../errors.js';

function onCallJson(organisation: Organisation, scheduleName: string | undefined, at: Date) {
  const schedule = scheduleName ? organisation.schedules.get(scheduleName) : undefined;
  if (!schedule) return { schedule: scheduleName ?? null, now: null, next: null };
  const next = nextHandoff(schedule, at);
  return { schedule: schedule.name, now: whoIsOnCall(schedule, at) ?? null, next: next ? { at: next.at, person: next.person ?? null } : null };
}

/** What the web UI shows around incidents: the organisation, its contact summary and rooms, and who is on call. */
export function organisationRoutes(app: FastifyInstance, organisation: Organisation, clock: Clock): void {
  app.get('/api/v1/organisation', { schema: { summary: 'The organisation: contact summary, rooms and people', tags: ['organisation'], response: { '4xx': errorSchema } } }, async (request) => ({
    name: organisation.name,
    locale: organisation.defaultLocale,
    contact: organisation.contact,
    // Security rooms are listed only to their members, as everywhere else.
    rooms: [...organisation.rooms.values()]
      .filter((room) => !room.security || room.members.includes(request.person!))
      .map((room) => ({ name: room.name, locale: room.locale, security: room.security })),
    people: [...organisation.people.values()].map((person) => ({ handle: person.handle, name: person.name })),
  }));

  app.get('/api/v1/oncall', { schema: { summary: 'Who is on call now and next: the incident commanders and every team', tags: ['organisation'], response: { '4xx': errorSchema } } }, async () => {
    const at = clock.now();
    const { incidentCommand, teams } = organisation;
    return {
      at: at.toISOString(),
      commanders: {
        primary: onCallJson(organisation, incidentCommand.primary, at),
        backup: onCallJson(organisation, incidentCommand.backup, at),
        shadows: incidentCommand.shadows.map((name) => onCallJson(organisation, name, at)),
      },
      teams: [...teams.values()].map((team) => ({ team: team.name, ...onCallJson(organisation, team.schedule, at) })),
    };
  });
}
