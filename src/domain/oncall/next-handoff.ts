import { timeline, type Schedule } from './schedule.js';

const HOUR = 3_600_000;

export interface Handoff {
  readonly at: string;
  /** Undefined when nobody is on call after the handoff. */
  readonly person?: string;
}

/** When the person on call for `schedule` next changes after `at`, and who takes over; undefined if not within `horizonHours`. */
export function nextHandoff(schedule: Schedule, at: Date, horizonHours = 24 * 90): Handoff | undefined {
  const segments = timeline(schedule, at, new Date(at.getTime() + horizonHours * HOUR));
  const current = segments[0]?.onCall?.person;
  const next = segments.find((segment) => segment.onCall?.person !== current);
  return next && { at: next.start, person: next.onCall?.person };
}
