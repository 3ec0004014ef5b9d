import { whoIsOnCall } from '../../domain/oncall/schedule.js';
import { isRefusal, type Refusal } from '../../domain/refusal.js';
import { personLabel, t, utcLabel, type RenderContext } from '../render/context.js';
import { commandersOnCall } from '../render/views.js';
import { unknownSchedule, type ScheduleOverrides } from './schedule-overrides.js';

/** `!oncall`: who is on call now on every schedule (overrides included), by the names `!oncall take` takes. */
export async function onCallNowView(ctx: RenderContext, overrides: ScheduleOverrides): Promise<string> {
  await overrides.refresh();
  const lines = [...ctx.organisation.schedules.values()].map((schedule) =>
    t(ctx, 'oncall.schedule_line', { schedule: schedule.name, person: personLabel(ctx, whoIsOnCall(schedule, ctx.now)) }),
  );
  return [t(ctx, 'oncall.now'), ...lines].join('\n');
}

/**
 * `!oncall take <schedule> <duration>`: the sender is on call for the schedule
 * from now on, for that long: an override, as `POST …/overrides` adds one, under
 * the same rights (its rotation, the team that owns it, admins) and limits.
 */
export async function takeShift(ctx: RenderContext, overrides: ScheduleOverrides, person: string, schedule: string, minutes: number): Promise<string | Refusal> {
  await overrides.refresh();
  const known = ctx.organisation.schedules.get(schedule);
  if (!known) return unknownSchedule(ctx.organisation, schedule);
  const before = whoIsOnCall(known, ctx.now);
  const start = ctx.now.toISOString();
  const end = new Date(ctx.now.getTime() + minutes * 60_000).toISOString();
  const added = await overrides.add(person, schedule, { start, end, person });
  if (isRefusal(added)) return added;
  const taken = t(ctx, before && before !== person ? 'oncall.taken_from' : 'oncall.taken', {
    person: personLabel(ctx, person),
    schedule,
    end: utcLabel(added.end),
    before: personLabel(ctx, before),
  });
  // A page of the IC goes to the primary and the backup at once: one person in both leaves it no backup.
  const commanders = commandersOnCall(ctx, ctx.now);
  const doubled = commanders.primary === person && commanders.backup === person;
  return doubled ? `${taken}\n${t(ctx, 'oncall.both_commanders', { person: personLabel(ctx, person), primary: ctx.organisation.incidentCommand.primary, backup: ctx.organisation.incidentCommand.backup })}` : taken;
}

/** `!oncall end <schedule>`: ends early the shift the sender covers there now; the answer says who is on call again. */
export async function endShift(ctx: RenderContext, overrides: ScheduleOverrides, person: string, schedule: string): Promise<string | Refusal> {
  const ended = await overrides.endShift(person, schedule);
  if (isRefusal(ended)) return ended;
  return t(ctx, 'oncall.ended', { person: personLabel(ctx, person), schedule, now: personLabel(ctx, whoIsOnCall(ctx.organisation.schedules.get(schedule)!, ctx.now)) });
}
