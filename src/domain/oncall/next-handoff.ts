import { whoIsOnCall, type Schedule } from './schedule.js';

const HOUR = 3_600_000;

export interface Handoff {
  readonly at: string;
  /** Undefined when nobody is on call after the handoff. */
  readonly person?: string;
}

/** The first layer boundary strictly after `time` (ms), or Infinity. */
function nextBoundary(schedule: Schedule, time: number): number {
  let next = Infinity;
  for (const layer of schedule.layers) {
    const start = Date.parse(layer.start);
    const length = layer.shiftHours * HOUR;
    const boundary = time < start ? start : start + (Math.floor((time - start) / length) + 1) * length;
    next = Math.min(next, boundary);
  }
  return next;
}

/** When the person on call for `schedule` next changes after `at`, and who takes over; undefined if not within `horizonHours`. */
export function nextHandoff(schedule: Schedule, at: Date, horizonHours = 24 * 90): Handoff | undefined {
  const current = whoIsOnCall(schedule, at);
  const limit = at.getTime() + horizonHours * HOUR;
  let time = at.getTime();
  for (;;) {
    time = nextBoundary(schedule, time);
    if (time > limit) return undefined;
    const person = whoIsOnCall(schedule, new Date(time));
    if (person !== current) return { at: new Date(time).toISOString(), person };
  }
}
