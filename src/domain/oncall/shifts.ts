import { timeline, type Schedule } from './schedule.js';

/** One stretch of one person on call for a schedule, as a calendar shows it. */
export interface Shift {
  readonly schedule: string;
  readonly person: string;
  readonly start: string;
  readonly end: string;
  readonly layer?: string;
  /** Set when an override put the person on call; `for` is who the layer had on call then (if anyone). */
  readonly covering?: { readonly for?: string };
}

const DAY_MS = 86_400_000;
/** Shifts are found this far beyond the asked range, so one that straddles its edge keeps its real start and end. */
const MARGIN_MS = 35 * DAY_MS;

/**
 * Every shift of `schedule` that overlaps [from, to), whole (not cut at the
 * range's edges), from the same on-call maths that pages people: consecutive
 * time with the same person by the same rule is one shift.
 */
export function shiftsBetween(schedule: Schedule, from: Date, to: Date): Shift[] {
  const wide = timeline(schedule, new Date(from.getTime() - MARGIN_MS), new Date(to.getTime() + MARGIN_MS));
  const shifts: Shift[] = [];
  for (const segment of wide) {
    const onCall = segment.onCall;
    if (!onCall) continue;
    if (Date.parse(segment.end) <= from.getTime() || Date.parse(segment.start) >= to.getTime()) continue;
    shifts.push({
      schedule: schedule.name,
      person: onCall.person,
      start: segment.start,
      end: segment.end,
      ...(onCall.layer ? { layer: onCall.layer } : {}),
      ...(onCall.override ? { covering: onCall.scheduled && onCall.scheduled !== onCall.person ? { for: onCall.scheduled } : {} } : {}),
    });
  }
  return shifts;
}

/** A person's shifts across every schedule (and so every layer), in time order. */
export function personShifts(schedules: Iterable<Schedule>, person: string, from: Date, to: Date): Shift[] {
  return [...schedules]
    .flatMap((schedule) => shiftsBetween(schedule, from, to).filter((shift) => shift.person === person))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.schedule < b.schedule ? -1 : 1));
}
