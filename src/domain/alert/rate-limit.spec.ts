import { describe, expect, it } from 'vitest';
import { admit, type RateWindow } from './rate-limit.js';

const rule = { events: 3, perSeconds: 60 };
const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const at = (seconds: number) => T0 + seconds * 1000;

function run(times: number[]): boolean[] {
  let window: RateWindow | undefined;
  return times.map((seconds) => {
    const result = admit(window, at(seconds), rule);
    window = result.window;
    return result.admitted;
  });
}

describe('rate limit per routing key', () => {
  it('admits up to the limit within a window and refuses the rest', () => {
    expect(run([0, 1, 2, 3, 4])).toEqual([true, true, true, false, false]);
  });

  it('says how long to wait', () => {
    let window: RateWindow | undefined;
    for (const seconds of [0, 1, 2]) window = admit(window, at(seconds), rule).window;
    expect(admit(window, at(10), rule)).toMatchObject({ admitted: false, retryAfterSeconds: 50 });
  });

  it('does not let a burst straddling two windows pass twice the limit', () => {
    expect(run([58, 59, 59.5, 60.5, 61])).toEqual([true, true, true, false, false]);
  });

  it('admits again once the last window has passed', () => {
    expect(run([0, 1, 2, 125, 126])).toEqual([true, true, true, true, true]);
  });
});
