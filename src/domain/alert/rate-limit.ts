/** At most `events` accepted per routing key in any `perSeconds` (approximated by a sliding window over two fixed ones). */
export interface RateRule {
  readonly events: number;
  readonly perSeconds: number;
}

export interface RateWindow {
  /** Start of the current fixed window, in ms since the epoch. */
  readonly start: number;
  readonly count: number;
  readonly previousCount: number;
}

export interface Admission {
  readonly admitted: boolean;
  readonly window: RateWindow;
  /** When refused: seconds until a retry can succeed. */
  readonly retryAfterSeconds: number;
}

/**
 * Decides whether one more event fits under `rule` at `now` (ms since the epoch). The previous
 * window's count weighs in by how much of it still lies within the last
 * `perSeconds`, so a burst straddling two windows cannot pass twice the limit.
 */
export function admit(window: RateWindow | undefined, now: number, rule: RateRule): Admission {
  const length = rule.perSeconds * 1000;
  const start = Math.floor(now / length) * length;
  let current: RateWindow;
  if (!window || window.start < start - length) current = { start, count: 0, previousCount: 0 };
  else if (window.start < start) current = { start, count: 0, previousCount: window.count };
  else current = window;
  const overlap = 1 - (now - current.start) / length;
  const estimate = current.previousCount * overlap + current.count;
  if (estimate + 1 > rule.events) {
    return { admitted: false, window: current, retryAfterSeconds: Math.max(1, Math.ceil((current.start + length - now) / 1000)) };
  }
  return { admitted: true, window: { ...current, count: current.count + 1 }, retryAfterSeconds: 0 };
}
