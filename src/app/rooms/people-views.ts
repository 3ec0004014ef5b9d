import { whoIsOnCall } from '../../domain/oncall/schedule.js';
import { isRefusal, type Refusal } from '../../domain/refusal.js';
import { listed, personLabel, t, type RenderContext } from '../render/context.js';
import { commandersOnCall } from '../render/views.js';

/** `!ic who <person>`: time zone, phone and teams of one person. */
export function whoView(ctx: RenderContext, handle: string | Refusal): string | Refusal {
  if (isRefusal(handle)) return handle;
  const { people, teams } = ctx.organisation;
  const person = people.get(handle)!;
  const theirs = [...teams.values()].filter((team) => team.members.includes(handle)).map((team) => team.name);
  return t(ctx, 'ic.who', {
    person: personLabel(ctx, handle),
    timezone: person.timezone,
    phone: person.phone ?? t(ctx, 'common.no_phone'),
    teams: listed(ctx, theirs) || t(ctx, 'common.nobody'),
  });
}

/** `!ic responders`: the ICs on call, then who is on call for every team. */
export function respondersView(ctx: RenderContext): string {
  const onCall = commandersOnCall(ctx, ctx.now);
  const lines = [t(ctx, 'ic.on_call', { primary: personLabel(ctx, onCall.primary), backup: personLabel(ctx, onCall.backup) })];
  for (const team of ctx.organisation.teams.values()) {
    const schedule = team.schedule ? ctx.organisation.schedules.get(team.schedule) : undefined;
    const person = schedule ? whoIsOnCall(schedule, ctx.now) : undefined;
    lines.push(t(ctx, 'ic.team_on_call', { team: team.name, person: personLabel(ctx, person) }));
  }
  return lines.join('\n');
}
