import ICAL from 'ical.js';
import type { Feed } from '../../app/calendar/calendar-feed.js';

const utc = (iso: string) => ICAL.Time.fromJSDate(new Date(iso), true);

/** An iCalendar (RFC 5545) document of the feed: one VEVENT per shift, times in UTC so every calendar app agrees. */
export function renderIcs(feed: Feed, now: Date): string {
  const calendar = new ICAL.Component(['vcalendar', [], []]);
  calendar.updatePropertyWithValue('prodid', '-//Don’t Panic//On-call calendar//EN');
  calendar.updatePropertyWithValue('version', '2.0');
  calendar.updatePropertyWithValue('calscale', 'GREGORIAN');
  calendar.updatePropertyWithValue('method', 'PUBLISH');
  calendar.updatePropertyWithValue('x-wr-calname', feed.name);
  // Calendar apps poll at their own pace; this asks for at least hourly (ical.js writes its VALUE=DURATION itself).
  calendar.updatePropertyWithValue('refresh-interval', ICAL.Duration.fromString('PT1H'));
  calendar.updatePropertyWithValue('x-published-ttl', 'PT1H');
  const stamp = utc(now.toISOString());
  for (const shift of feed.events) {
    const vevent = new ICAL.Component('vevent');
    vevent.updatePropertyWithValue('uid', shift.uid);
    vevent.updatePropertyWithValue('dtstamp', stamp);
    vevent.updatePropertyWithValue('dtstart', utc(shift.start));
    vevent.updatePropertyWithValue('dtend', utc(shift.end));
    vevent.updatePropertyWithValue('summary', shift.summary);
    vevent.updatePropertyWithValue('description', shift.description);
    vevent.updatePropertyWithValue('transp', 'TRANSPARENT');
    calendar.addSubcomponent(vevent);
  }
  return calendar.toString();
}
