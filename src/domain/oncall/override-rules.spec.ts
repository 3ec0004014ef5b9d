import { describe, expect, it } from 'vitest';
import { overrideProblem } from './override-rules.js';
import type { Layer } from './schedule.js';
import { instantIn } from './zoned-time.js';

const layer = (people: string[]): Layer => ({ name: 'main', start: '2026-03-23', handoff: 540, rotation: { kind: 'days', days: 7 }, restrictions: [], people });
const web = { name: 'web-oncall', layers: [layer(['carol', 'erin']), layer(['erin', 'frank'])] };

describe('an override', () => {
  it('may cover everyone, or someone on the rotation of any layer', () => {
    expect(overrideProblem(web, { person: 'mei' })).toBeUndefined();
    expect(overrideProblem(web, { person: 'mei', replaces: 'frank' })).toBeUndefined();
  });

  it('is refused when the person replaces themself, or someone the rotation never has on call', () => {
    expect(overrideProblem(web, { person: 'erin', replaces: 'erin' })).toMatchObject({ code: 'override.replaces_self', params: { person: 'erin' } });
    expect(overrideProblem(web, { person: 'erin', replaces: 'dave' })).toMatchObject({
      code: 'override.not_on_rotation',
      params: { person: 'dave', schedule: 'web-oncall', people: ['carol', 'erin', 'frank'] },
    });
  });
});

describe('an instant written for a schedule', () => {
  it.each([
    ['2026-03-07T00:00:00', 'Asia/Shanghai', '2026-03-06T16:00:00.000Z', 'without an offset: the schedule’s zone'],
    ['2026-03-07T09:30', 'Asia/Shanghai', '2026-03-07T01:30:00.000Z', 'seconds may be left out'],
    ['2026-07-01T09:00:00', 'Europe/London', '2026-07-01T08:00:00.000Z', 'summer time in London'],
    ['2026-03-29T01:30:00', 'Europe/London', '2026-03-29T01:30:00.000Z', 'a time the clocks skip: just after the jump'],
    ['2026-04-01T09:00:00+01:00', 'Asia/Shanghai', '2026-04-01T08:00:00.000Z', 'an offset as written'],
    ['2026-04-01T09:00:00Z', 'Asia/Shanghai', '2026-04-01T09:00:00.000Z', 'UTC'],
  ])('%s in %s is %s (%s)', (text, zone, expected) => {
    expect(instantIn(text, zone)).toBe(expected);
  });

  it.each(['tomorrow', '2026-02-30T09:00', '2026-03-07T24:00', '2026-03-07', '2026-03-07 09:00'])('refuses %s', (text) => {
    expect(instantIn(text, 'Europe/London')).toBeUndefined();
  });
});
