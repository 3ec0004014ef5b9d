import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process.js';

interface Shift {
  uid: string;
  start: number;
  end: number;
  summary: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Parses a feed with ical.js, as a calendar app would. */
function parseFeed(text: string): { name: string; shifts: Shift[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const shifts = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return { uid: event.uid, start: event.startDate.toJSDate().getTime(), end: event.endDate.toJSDate().getTime(), summary: event.summary };
  });
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname')), shifts };
}

const pathOf = (stdout: string) => /https?:\/\/[^\s]+(\/calendar\/[A-Za-z0-9_-]+\.ics)/.exec(stdout)![1];

describe('on-call calendar feeds, against the real server and CLI', () => {
  let server: ServerProcess;
  let dave: string;
  let alicePath: string;
  let frankPath: string;
  let teamPath: string;

  async function feed(path: string) {
    const response = await fetch(server.url + path);
    expect(response.status, path).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await response.text();
    // RFC 5545: a property names each parameter once (calendar apps reject "VALUE=DURATION;VALUE=DURATION").
    for (const line of text.split('\r\n').filter((content) => /^[A-Z-]+;/.test(content))) {
      const names = line.slice(0, line.indexOf(':')).split(';').slice(1).map((parameter) => parameter.split('=')[0]);
      expect(new Set(names).size, line).toBe(names.length);
    }
    expect(text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H');
    return parseFeed(text);
  }

  /** Who is on call on each schedule at an instant, from the API that paging and `!ic` share. */
  async function onCallAt(instant: number): Promise<Map<string, string>> {
    const answer = await server.request('GET', `/api/v1/oncall/schedules?at=${new Date(instant).toISOString()}`, { token: dave });
    return new Map(answer.body.schedules.filter((schedule: { onCall: unknown }) => schedule.onCall).map((schedule: { name: string; onCall: { person: string } }) => [schedule.name, schedule.onCall.person]));
  }

  beforeAll(async () => {
    server = await ServerProcess.start({
      config: (config) => {
        // Morocco sets its clocks back an hour for Ramadan, from 7 February 2027: a DST change within the feed's 90 days.
        config.schedules['platform-oncall'].timezone = 'Africa/Casablanca';
      },
    });
    dave = await server.token('dave');
    alicePath = pathOf((await server.cli('calendar', 'alice')).stdout);
    frankPath = pathOf((await server.cli('calendar', 'frank')).stdout);
    teamPath = pathOf((await server.cli('calendar', '--schedule', 'platform-oncall')).stdout);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('prints a subscription link and refuses what it cannot serve', async () => {
    const printed = await server.cli('calendar', 'alice');
    expect(printed.stdout).toMatch(/^Subscribe to this calendar in your calendar app .*\nhttp:\/\/localhost:8080\/calendar\/[A-Za-z0-9_-]{43}\.ics\nRevoke it with: dont-panic calendar alice --revoke/);
    expect((await server.cli('calendar', 'nobody')).stderr).toContain('Unknown person “nobody”');
    expect((await server.cli('calendar', '--schedule', 'nope')).stderr).toContain('Unknown schedule “nope”');
    expect((await server.cli('calendar')).code).toBe(2);
    expect((await fetch(`${server.url}/calendar/${'x'.repeat(43)}.ics`)).status).toBe(404);
  });

  it('serves a person’s shifts across every schedule, with an override marked as covering, matching who is on call', async () => {
    const before = await feed(alicePath);
    expect(before.name).toBe('On call: Alice Anderson (@alice) · Example Corp');
    const now = Date.now();
    expect(Math.min(...before.shifts.map((shift) => shift.end))).toBeGreaterThan(now - 3 * DAY);
    expect(Math.max(...before.shifts.map((shift) => shift.start))).toBeLessThan(now + 91 * DAY);
    expect(new Set(before.shifts.map((shift) => shift.summary.split(',')[0]))).toEqual(new Set(['On call: ic-primary', 'On call: ic-backup', 'On call: platform-oncall']));

    // Frank covers four hours of alice's next platform shift.
    const next = before.shifts.find((shift) => shift.summary === 'On call: platform-oncall' && shift.start > now + DAY)!;
    const start = new Date(next.start + 2 * HOUR).toISOString();
    const end = new Date(next.start + 6 * HOUR).toISOString();
    const added = await server.request('POST', '/api/v1/oncall/schedules/platform-oncall/overrides', { token: dave, body: { start, end, person: 'frank', replaces: 'alice' } });
    expect(added.status).toBe(201);

    const alice = await feed(alicePath);
    const frank = await feed(frankPath);
    const covering = frank.shifts.find((shift) => shift.start === Date.parse(start))!;
    expect(covering).toMatchObject({ end: Date.parse(end), summary: 'On call: platform-oncall, covering for Alice Anderson (@alice)' });
    expect(alice.shifts.filter((shift) => shift.start === next.start || shift.start === Date.parse(end)).map((shift) => shift.summary)).toEqual([
      'On call: platform-oncall',
      'On call: platform-oncall',
    ]);

    const feeds = new Map([['alice', alice], ['frank', frank], ['dave', await feed(pathOf((await server.cli('calendar', 'dave')).stdout))]]);
    const samples = [Date.parse(start) + HOUR, now - DAY];
    for (let instant = now + HOUR; instant < now + 89 * DAY; instant += 5 * HOUR + 7 * 60_000) samples.push(instant);
    for (let instant = Date.parse('2027-02-06T00:00:00Z'); instant < Date.parse('2027-02-09T00:00:00Z'); instant += HOUR) samples.push(instant);
    for (const instant of samples) {
      const truth = await onCallAt(instant);
      for (const [person, personal] of feeds) {
        const expected = [...truth].filter(([, who]) => who === person).map(([schedule]) => schedule).sort();
        const shown = personal.shifts
          .filter((shift) => shift.start <= instant && instant < shift.end)
          .map((shift) => /^On call: ([\w-]+)/.exec(shift.summary)![1])
          .sort();
        expect(shown, `${person} at ${new Date(instant).toISOString()}`).toEqual(expected);
      }
    }
  });

  it('serves a team’s feed of one schedule, with stable UIDs and local handoffs across the DST change', async () => {
    const first = await feed(teamPath);
    const second = await feed(teamPath);
    expect(first.name).toBe('On call: platform-oncall · Example Corp');
    expect(second.shifts.map((shift) => shift.uid)).toEqual(first.shifts.map((shift) => shift.uid));
    expect(new Set(first.shifts.map((shift) => shift.uid)).size).toBe(first.shifts.length);
    for (const instant of [Date.now() + 3 * HOUR, Date.parse('2027-02-06T12:00:00Z'), Date.parse('2027-02-07T12:00:00Z')]) {
      const person = (await onCallAt(instant)).get('platform-oncall');
      const shift = first.shifts.find((candidate) => candidate.start <= instant && instant < candidate.end)!;
      expect(shift.summary).toMatch(new RegExp(`\\(@${person}\\) on call \\(platform-oncall\\)`));
    }
    // 09:00 in Casablanca is 08:00 UTC before the change and 09:00 UTC after it: the shift over the change lasts 25 hours.
    const across = first.shifts.find((shift) => shift.start === Date.parse('2027-02-06T08:00:00Z'))!;
    expect(across.end).toBe(Date.parse('2027-02-07T09:00:00Z'));
  });

  it('speaks a Chinese reader’s language, and stops serving a revoked link', async () => {
    const mei = await feed(pathOf((await server.cli('calendar', 'mei')).stdout));
    expect(mei.name).toBe('值班：王美 (@mei) · Example Corp');
    expect(mei.shifts[0].summary).toMatch(/^值班：ic-/);

    const revoked = await server.cli('calendar', 'alice', '--revoke');
    expect(revoked.stdout).toContain('Every calendar link of alice issued so far is revoked');
    expect((await fetch(server.url + alicePath)).status).toBe(404);
    expect((await fetch(server.url + frankPath)).status).toBe(200);
    await feed(pathOf((await server.cli('calendar', 'alice')).stdout));
    // The link is the credential: it never reaches the server's log.
    const logs = server.logs.join('');
    expect(logs).toContain('/api/v1/oncall/schedules');
    for (const path of [alicePath, frankPath, teamPath]) expect(logs).not.toContain(path.slice('/calendar/'.length, -'.ics'.length));
  });
});
