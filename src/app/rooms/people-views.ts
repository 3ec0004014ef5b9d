import { resolveLevel, type PolicyTarget } from '../../domain/oncall/escalation.js';
import { isRefusal, type Refusal } from '../../domain/refusal.js';
import { recipientLabel } from '../paging/paged-reply.js';
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

/** Who these targets page now, as a page would: whoever is on call, and the trainees shadowing them. */
function pagedNow(ctx: RenderContext, targets: readonly PolicyTarget[]) {
  return resolveLevel(ctx.organisation, { targets, ackTimeoutSeconds: 0 }, ctx.now).recipients;
}

/** `!ic responders`: the ICs on call and who shadows them, then who is on call for every team (shadows marked). */
export function respondersView(ctx: RenderContext): string {
  const onCall = commandersOnCall(ctx, ctx.now);
  const lines = [t(ctx, 'ic.on_call', { primary: personLabel(ctx, onCall.primary), backup: personLabel(ctx, onCall.backup) })];
  if (onCall.shadows.length > 0) lines.push(t(ctx, 'paging.on_call.commander_shadows', { people: listed(ctx, onCall.shadows.map((person) => personLabel(ctx, person))) }));
  for (const team of ctx.organisation.teams.values()) {
    const people = team.schedule ? pagedNow(ctx, [{ kind: 'team', name: team.name }]) : [];
    lines.push(t(ctx, 'ic.team_on_call', { team: team.name, person: listed(ctx, people.map((recipient) => recipientLabel(ctx, recipient))) || personLabel(ctx, undefined) }));
  }
  return lines.join('\n');
}
