/**
 * Wall-clock time in an IANA time zone, computed with the runtime's time zone
 * data (Intl): no I/O, no clock. Every schedule rule (handoffs, restrictions)
 * is in local time, so a weekly 09:00 handoff stays at 09:00 across DST.
 */
export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 0 = Sunday … 6 = Saturday */
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, found);
  }
  return found;
}

export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

function partsAt(instant: number, zone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts;
}

export function toLocal(instant: number, zone: string): LocalTime {
  const parts = partsAt(instant, zone);
  const weekday = new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay();
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, weekday };
}

/** Offsets already worked out, by zone and instant: who is on call is asked at every page and `!status`, about the same handoffs. */
const offsets = new Map<string, number>();
const MAX_OFFSETS = 4096;

/** Offset of the zone from UTC at an instant, in milliseconds. */
function offsetAt(instant: number, zone: string): number {
  const key = `${zone} ${instant}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const parts = partsAt(instant, zone);
    const wholeSecond = instant - (((instant % 1000) + 1000) % 1000);
    offset = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - wholeSecond;
    if (offsets.size >= MAX_OFFSETS) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * The instant a wall-clock time happens in a zone. A time skipped by a DST
 * jump resolves to the instant just after the jump (02:30 on a spring-forward
 * night is 03:30); a time that happens twice resolves to the first.
 */
export function fromLocal(year: number, month: number, day: number, hour: number, minute: number, zone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const candidates = [offsetAt(wall - 86_400_000, zone), offsetAt(wall + 86_400_000, zone)];
  let best: number | undefined;
  for (const offset of candidates) {
    const instant = wall - offset;
    if (offsetAt(instant, zone) === offset && (best === undefined || instant < best)) best = instant;
  }
  if (best !== undefined) return best;
  // Skipped by a DST jump: the wall time does not exist; take the same distance after the jump.
  return wall - Math.min(...candidates);
}

/** Days between two calendar dates (both as y/m/d), ignoring time zones. */
export function daysBetween(from: { year: number; month: number; day: number }, to: { year: number; month: number; day: number }): number {
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000);
}

/** The calendar date `days` after a date. */
export function addDays(date: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

const WRITTEN_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An instant as people write one for a schedule (overrides in the
 * configuration and through the API alike): with an offset (or `Z`) as
 * written, without one in the schedule's zone `zone` ("2026-03-07T09:00" is
 * 09:00 there). Undefined when `text` is not such a date-time.
 */
export function instantIn(text: string, zone: string): string | undefined {
  const match = WRITTEN_INSTANT.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', offset] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  const calendar = new Date(Date.UTC(y, mo - 1, d));
  if (calendar.getUTCFullYear() !== y || calendar.getUTCMonth() !== mo - 1 || calendar.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  if (offset) {
    const instant = Date.parse(text.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(instant) ? undefined : new Date(instant).toISOString();
  }
  return new Date(fromLocal(y, mo, d, h, mi, zone) + s * 1000).toISOString();
}
