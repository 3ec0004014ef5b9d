import { fromLocal, toLocal } from '../oncall/zoned-time.js';

const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;
const CLOCK = /^(\d{1,2}):(\d{2})$/;
const AFTER = /^\+(\d{1,4})(m|min|h)$/i;

export const NOW_WORDS = ['now', '现在', '立即'] as const;

/** How long ago a start's `HH:MM` may have passed and still mean today's. */
export const CLOCK_GRACE_MS = 15 * 60_000;

/**
 * The times `!maintenance` accepts, each turned into an ISO instant:
 * - an ISO instant with its offset: `2026-12-02T01:00Z`, `2026-12-02T09:00+08:00`;
 * - a local date and time, `2026-12-02T01:00`, in `zone`;
 * - `HH:MM` in `zone`: as the start, the next such time (today's while it
 *   passed less than `CLOCK_GRACE_MS` ago, so a late `22:00` still starts now
 *   rather than tomorrow); as the end, the next such time after the start;
 * - `now` (`现在`) for the start, `+90m` / `+2h` after the start for the end.
 * Undefined when the text is none of these.
 */
export function parseWhen(text: string, zone: string, now: Date, after?: string): string | undefined {
  const word = text.trim();
  if ((NOW_WORDS as readonly string[]).includes(word.toLowerCase())) return now.toISOString();
  if (ZONED_ISO.test(word)) {
    const instant = Date.parse(word.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(instant) ? undefined : new Date(instant).toISOString();
  }
  const local = LOCAL_ISO.exec(word);
  if (local) {
    const [year, month, day, hour, minute] = local.slice(1).map(Number);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
    return new Date(fromLocal(year, month, day, hour, minute, zone)).toISOString();
  }
  const clock = CLOCK.exec(word);
  if (clock) {
    const [hour, minute] = clock.slice(1).map(Number);
    if (hour > 23 || minute > 59) return undefined;
    const today = toLocal(now.getTime(), zone);
    let instant = fromLocal(today.year, today.month, today.day, hour, minute, zone);
    if (!after && instant < now.getTime() - CLOCK_GRACE_MS) {
      const tomorrow = toLocal(now.getTime() + 86_400_000, zone);
      instant = fromLocal(tomorrow.year, tomorrow.month, tomorrow.day, hour, minute, zone);
    }
    if (after) {
      const start = Date.parse(after);
      const startDay = toLocal(start, zone);
      instant = fromLocal(startDay.year, startDay.month, startDay.day, hour, minute, zone);
      if (instant <= start) {
        const next = toLocal(start + 86_400_000, zone);
        instant = fromLocal(next.year, next.month, next.day, hour, minute, zone);
      }
    }
    return new Date(instant).toISOString();
  }
  const relative = AFTER.exec(word);
  if (relative && after) {
    const minutes = Number(relative[1]) * (relative[2].toLowerCase() === 'h' ? 60 : 1);
    return new Date(Date.parse(after) + minutes * 60_000).toISOString();
  }
  return undefined;
}
