import { createHash } from 'node:crypto';
import { personShifts, shiftsBetween, type Shift } from '../../domain/oncall/shifts.js';
import { personLabel, t, type RenderContext } from '../render/context.js';
import type { CalendarSubject } from './calendar-tokens.js';

const DAY_MS = 86_400_000;
export const FEED_DAYS_BACK = 2;
export const FEED_DAYS_AHEAD = 90;

export interface FeedEvent {
  /** The same shift keeps its UID from one fetch to the next, so calendar apps update it in place. */
  readonly uid: string;
  readonly start: string;
  readonly end: string;
  readonly summary: string;
  readonly description: string;
}

export interface Feed {
  readonly name: string;
  readonly events: readonly FeedEvent[];
}

function uid(shift: Shift, host: string): string {
  const key = [shift.schedule, shift.layer ?? '', shift.covering ? `covering:${shift.covering.for ?? ''}` : '', shift.person, shift.start].join('|');
  return `${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${host}`;
}

/** The shifts a link shows, from 2 days back to 90 days ahead, in the reader's language. */
export function buildFeed(ctx: RenderContext, subject: CalendarSubject, host: string): Feed | undefined {
  const { organisation } = ctx;
  const from = new Date(ctx.now.getTime() - FEED_DAYS_BACK * DAY_MS);
  const to = new Date(ctx.now.getTime() + FEED_DAYS_AHEAD * DAY_MS);
  let shifts: Shift[];
  let name: string;
  if ('person' in subject) {
    if (!organisation.people.has(subject.person)) return undefined;
    shifts = personShifts(organisation.schedules.values(), subject.person, from, to);
    name = t(ctx, 'calendar.person_feed', { person: personLabel(ctx, subject.person), organisation: organisation.name });
  } else {
    const schedule = organisation.schedules.get(subject.schedule);
    if (!schedule) return undefined;
    shifts = shiftsBetween(schedule, from, to);
    name = t(ctx, 'calendar.schedule_feed', { schedule: schedule.name, organisation: organisation.name });
  }
  const events = shifts.map((shift) => {
    const params = { schedule: shift.schedule, person: personLabel(ctx, shift.person), layer: shift.layer ?? '—', covered: personLabel(ctx, shift.covering?.for) };
    const base = t(ctx, 'person' in subject ? 'calendar.summary_person' : 'calendar.summary_team', params);
    const summary = shift.covering ? t(ctx, shift.covering.for ? 'calendar.covering' : 'calendar.override', { ...params, base }) : base;
    return { uid: uid(shift, host), start: shift.start, end: shift.end, summary, description: t(ctx, 'calendar.description', params) };
  });
  return { name, events };
}
