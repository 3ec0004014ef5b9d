import { describe, expect, it } from 'vitest';
import { decidePage } from '../../domain/paging/decide.js';
import type { Delivery, PageEvent, PagedPerson } from '../../domain/paging/events.js';
import { foldPage } from '../../domain/paging/state.js';
import { isRefusal } from '../../domain/refusal.js';
import { closingNoticeKey, deliveryBackoffSeconds, deliveryKey, MAX_DELIVERY_ATTEMPTS, PAGE_CLOSE, PAGE_DELIVER, pageOpenJobs, pageTimersFor } from './page-timers.js';

const T0 = '2026-04-01T10:00:00.000Z';
const T1 = '2026-04-01T10:01:00.000Z';
const paged = (person: string, shadow: boolean, ...channels: ('email' | 'sms' | 'webhook')[]): PagedPerson => ({
  person,
  shadow,
  via: { target: { kind: 'schedule', name: 'ic-primary' }, schedule: 'ic-primary', layer: 'weekly' },
  contacts: [{ channel: 'chat', to: 'inc-9' }, ...channels.map((channel) => ({ channel, to: `${person}-${channel}` }))],
});
const delivery = (person: string, channel: Delivery['channel']): Delivery => ({ key: deliveryKey('9-1', 0, 0, person, channel, `${person}-${channel}`), person, channel, to: `${person}-${channel}`, level: 0, round: 0, attempt: 1 });
const sent = (person: string, channel: Delivery['channel']): PageEvent => ({ type: 'page.delivered', at: T0, actor: 'system', ...delivery(person, channel) });
/** alice (email, SMS), bob (email, webhook) and mei (email) answer page 9-1, lei shadows it; dave is not on it. */
const history: PageEvent[] = [
  { type: 'page.opened', at: T0, actor: 'carol', pageId: '9-1', incidentId: 9, room: 'inc-9', target: { kind: 'commander' }, policy: { name: 'incident-command', repeat: 0, levels: [] }, message: 'db is down' },
  { type: 'page.level-started', at: T0, actor: 'system', level: 0, round: 0, recipients: [paged('alice', false, 'email', 'sms'), paged('bob', false, 'email', 'webhook'), paged('mei', false, 'email'), paged('lei', true, 'email')], unfilled: [] },
  sent('alice', 'chat'),
  sent('alice', 'email'),
  sent('alice', 'sms'),
  sent('bob', 'email'),
  // bob's webhook failed for good: the page never reached him that way.
  { type: 'page.delivery-failed', at: T0, actor: 'system', ...delivery('bob', 'webhook'), error: 'webhook answered 410', permanent: true, willRetry: false },
  // mei's email is still being sent as the page closes: she may get it, so she hears it is closed.
  { type: 'page.delivery-attempted', at: T0, actor: 'system', ...delivery('mei', 'email'), until: T1 },
  sent('lei', 'email'),
  { type: 'page.shadow-acknowledged', at: T0, actor: 'lei', person: 'lei', via: 'chat' },
];

describe('page timers', () => {
  it('try a delivery five times, 5, 10, 20 and 40 s apart, as docs/oncall.md says', () => {
    expect(MAX_DELIVERY_ATTEMPTS).toBe(5);
    expect([1, 2, 3, 4].map(deliveryBackoffSeconds)).toEqual([5, 10, 20, 40]);
  });

  it('close the pages to the IC on call when someone takes command, and every page when the incident is resolved', () => {
    const at = '2026-04-01T10:00:00.000Z';
    const jobs = pageOpenJobs(9, [
      { type: 'commander.assigned', at, actor: 'lei', person: 'lei' },
      { type: 'incident.resolved', at, actor: 'lei' },
    ]);
    expect(jobs).toEqual([
      { key: `page-close:9:commander:${at}:0`, kind: PAGE_CLOSE, dueAt: at, payload: { incidentId: 9, commander: { person: 'lei', since: at } } },
      { key: 'page-close:9', kind: PAGE_CLOSE, dueAt: at, payload: { incidentId: 9 } },
    ]);
  });

  it('tell everyone a cancelled page reached, and who did not acknowledge it, that it is closed: once, by each way it reached them', () => {
    const page = foldPage(history);
    const cancelled = decidePage(page, { type: 'cancel', at: T1, actor: 'system', reason: 'commander-assigned', commander: 'bob', since: T1 });
    if (isRefusal(cancelled)) throw new Error(cancelled.code);
    const closed = foldPage(cancelled, page);
    const { schedule } = pageTimersFor(closed, cancelled);
    // bob took command himself and lei saw her copy: neither is told; nobody hears it in the room or by a way that failed.
    expect(schedule.map((job) => job.key).sort()).toEqual(
      [closingNoticeKey('9-1', 'alice', 'email', 'alice-email'), closingNoticeKey('9-1', 'alice', 'sms', 'alice-sms'), closingNoticeKey('9-1', 'mei', 'email', 'mei-email')].sort(),
    );
    expect(schedule.every((job) => job.kind === PAGE_DELIVER && job.dueAt === T1)).toBe(true);
    expect(schedule.find((job) => job.key.includes(':alice:sms:'))?.payload).toEqual({
      pageId: '9-1',
      delivery: { key: closingNoticeKey('9-1', 'alice', 'sms', 'alice-sms'), person: 'alice', channel: 'sms', to: 'alice-sms', level: 0, round: 0, attempt: 1, notice: 'closed' },
    });
    // The job that cancelled it runs again: the page refuses, so no notice is scheduled twice.
    expect(isRefusal(decidePage(closed, { type: 'cancel', at: T1, actor: 'system', reason: 'commander-assigned', commander: 'bob', since: T1 }))).toBe(true);
    // Resolved, everyone it reached hears it, the same way.
    const resolved = decidePage(page, { type: 'cancel', at: T1, actor: 'system', reason: 'incident-resolved' });
    if (isRefusal(resolved)) throw new Error(resolved.code);
    expect(pageTimersFor(foldPage(resolved, page), resolved).schedule.map((job) => job.payload.delivery)).toHaveLength(4);
    // An acknowledged page closes without a word to anyone.
    const acked = decidePage(page, { type: 'acknowledge', at: T1, actor: 'alice', via: 'chat' });
    if (isRefusal(acked)) throw new Error(acked.code);
    expect(pageTimersFor(foldPage(acked, page), acked).schedule).toEqual([]);
  });
});
