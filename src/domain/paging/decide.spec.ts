import { describe, expect, it } from 'vitest';
import { givenPage } from '../testing/given-page.js';
import type { LevelStarted, PageEvent, PagedPerson, PolicySnapshot } from './events.js';
import { foldPage } from './state.js';

const T0 = '2026-04-01T10:00:00.000Z';
const T1 = '2026-04-01T10:05:00.000Z';
const T2 = '2026-04-01T10:10:00.000Z';

const policy: PolicySnapshot = {
  name: 'incident-command',
  repeat: 1,
  levels: [
    { targets: [{ kind: 'schedule', name: 'ic-primary' }, { kind: 'schedule', name: 'ic-backup' }], ackTimeoutSeconds: 300 },
    { targets: [{ kind: 'person', name: 'erin' }], ackTimeoutSeconds: 300 },
  ],
};

const paged = (person: string, shadow = false): PagedPerson => ({
  person,
  shadow,
  via: { target: { kind: 'schedule', name: shadow ? 'ic-shadow' : 'ic-primary' }, schedule: 'ic-primary', layer: 'weekly' },
  contacts: [{ channel: 'email', to: `${person}@example.com` }],
});

const opened: PageEvent = {
  type: 'page.opened',
  at: T0,
  actor: 'system',
  pageId: '7-1',
  incidentId: 7,
  room: 'incident-chat',
  target: { kind: 'commander' },
  policy,
  message: 'db is down',
};
const level = (n: number, round: number, at: string, ...recipients: PagedPerson[]): LevelStarted => ({
  type: 'page.level-started',
  at,
  actor: 'system',
  level: n,
  round,
  recipients,
  unfilled: [],
});
const first = level(0, 0, T0, paged('alice'), paged('bob'), paged('lei', true));
const delivery = { key: '7-1:0:0:alice:email', person: 'alice', channel: 'email' as const, to: 'alice@example.com', level: 0, round: 0, attempt: 1 };

describe('a page', () => {
  describe('when not opened', () => {
    it('opens and starts the first level with the people on call', () => {
      givenPage()
        .when({ type: 'open', at: T0, actor: 'system', pageId: '7-1', incidentId: 7, room: 'incident-chat', target: { kind: 'commander' }, policy, message: 'db is down', first: { recipients: first.recipients, unfilled: [] } })
        .then(opened, first);
    });

    it('refuses anything else', () => {
      givenPage().when({ type: 'acknowledge', at: T0, actor: 'alice', via: 'chat' }).thenRefuses('page.unknown');
    });
  });

  describe('when paging', () => {
    it('is acknowledged by a responder of any level so far', () => {
      const state = givenPage(opened, first).when({ type: 'acknowledge', at: T1, actor: 'bob', via: 'link' }).then({ type: 'page.acknowledged', at: T1, actor: 'bob', person: 'bob', via: 'link' });
      expect(state).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'bob', closedAt: T1 });
    });

    it('is not acknowledged by someone it did not page; a shadow acknowledges only their own copy', () => {
      givenPage(opened, first).when({ type: 'acknowledge', at: T1, actor: 'erin', via: 'chat' }).thenRefuses('page.not_yours');
      const seen = givenPage(opened, first).when({ type: 'acknowledge', at: T1, actor: 'lei', via: 'chat' })
        .then({ type: 'page.shadow-acknowledged', at: T1, actor: 'lei', person: 'lei', via: 'chat' });
      expect(seen).toMatchObject({ status: 'paging', seenBy: ['lei'] });
      givenPage(opened, first, { type: 'page.shadow-acknowledged', at: T1, actor: 'lei', person: 'lei', via: 'chat' })
        .when({ type: 'acknowledge', at: T2, actor: 'lei', via: 'chat' }).thenRefuses('page.shadow_already');
    });

    it('escalates to the next level, then starts over for the repeat, then is exhausted', () => {
      const erin = paged('erin');
      const second = level(1, 0, T1, erin);
      givenPage(opened, first).when({ type: 'escalate', at: T1, actor: 'system', next: { level: 1, round: 0, recipients: [erin], unfilled: [] } }).then(second);
      const again = level(0, 1, T2, paged('alice'), paged('bob'));
      givenPage(opened, first, second).when({ type: 'escalate', at: T2, actor: 'system', next: { level: 0, round: 1, recipients: again.recipients, unfilled: [] } }).then(again);
      const last = level(1, 1, T2, erin);
      givenPage(opened, first, second, again, last).when({ type: 'escalate', at: T2, actor: 'system' }).then({ type: 'page.exhausted', at: T2, actor: 'system' });
    });

    it('refuses an escalation that is not the next step (a second worker, or a stale timer)', () => {
      const erin = paged('erin');
      givenPage(opened, first, level(1, 0, T1, erin))
        .when({ type: 'escalate', at: T1, actor: 'system', next: { level: 1, round: 0, recipients: [erin], unfilled: [] } })
        .thenRefuses('page.stale_escalation');
      givenPage(opened, first).when({ type: 'escalate', at: T1, actor: 'system' }).thenRefuses('page.not_exhausted');
    });

    it('records a delivery once, and failures with whether it retries', () => {
      givenPage(opened, first)
        .when({ type: 'record-delivery', at: T0, actor: 'system', delivery, outcome: 'failed', error: 'timeout', permanent: false, willRetry: true })
        .then({ type: 'page.delivery-failed', at: T0, actor: 'system', ...delivery, error: 'timeout', permanent: false, willRetry: true });
      const sent: PageEvent = { type: 'page.delivered', at: T0, actor: 'system', ...delivery, providerId: 'm1' };
      givenPage(opened, first).when({ type: 'record-delivery', at: T0, actor: 'system', delivery, outcome: 'sent', providerId: 'm1' }).then(sent);
      givenPage(opened, first, sent).when({ type: 'record-delivery', at: T0, actor: 'system', delivery, outcome: 'sent' }).thenRefuses('page.already_delivered');
    });

    it('records an attempt before the call, keeps it open until an outcome, and marks a repeat after an open one', () => {
      const attempted: PageEvent = { type: 'page.delivery-attempted', at: T0, actor: 'system', ...delivery, until: T1 };
      givenPage(opened, first).when({ type: 'record-attempt', at: T0, actor: 'system', delivery, until: T1 }).then(attempted);
      const open = foldPage([opened, first, attempted]);
      expect(open.inFlight[delivery.key]).toEqual(attempted);
      expect(open.calls[delivery.key]).toBe(1);
      givenPage(opened, first, attempted, attempted)
        .when({ type: 'record-delivery', at: T1, actor: 'system', delivery, mayHaveRepeated: true, outcome: 'sent' })
        .then({ type: 'page.delivered', at: T1, actor: 'system', ...delivery, mayHaveRepeated: true });
      const sent: PageEvent = { type: 'page.delivered', at: T1, actor: 'system', ...delivery };
      const done = foldPage([opened, first, attempted, sent]);
      expect(done.inFlight).toEqual({});
      givenPage(opened, first, attempted, sent).when({ type: 'record-attempt', at: T2, actor: 'system', delivery, until: T2 }).thenRefuses('page.already_delivered');
    });

    it('is cancelled when the incident ends', () => {
      givenPage(opened, first).when({ type: 'cancel', at: T1, actor: 'system', reason: 'incident-resolved' }).then({ type: 'page.cancelled', at: T1, actor: 'system', reason: 'incident-resolved' });
    });

    it('stops paging the IC on call once someone takes command after it was asked for', () => {
      const state = givenPage({ ...opened, requestedAt: T0 }, first)
        .when({ type: 'cancel', at: T1, actor: 'system', reason: 'commander-assigned', commander: 'dave', since: T1 })
        .then({ type: 'page.cancelled', at: T1, actor: 'system', reason: 'commander-assigned', commander: 'dave' });
      expect(state).toMatchObject({ status: 'cancelled', closedAt: T1, cancelled: { reason: 'commander-assigned', commander: 'dave' } });
      // A page without its request time counts from its opening.
      givenPage(opened, first).when({ type: 'cancel', at: T1, actor: 'system', reason: 'commander-assigned', commander: 'dave', since: T0 }).then({ type: 'page.cancelled', at: T1, actor: 'system', reason: 'commander-assigned', commander: 'dave' });
    });

    it('keeps paging when the IC was already in command before it was asked for, and for pages to responders', () => {
      givenPage({ ...opened, requestedAt: T1 }, first)
        .when({ type: 'cancel', at: T2, actor: 'system', reason: 'commander-assigned', commander: 'dave', since: T0 })
        .thenRefuses('page.asked_after_commander');
      givenPage({ ...opened, target: { kind: 'team', name: 'platform' } }, first)
        .when({ type: 'cancel', at: T1, actor: 'system', reason: 'commander-assigned', commander: 'dave', since: T1 })
        .thenRefuses('page.not_for_commander');
    });
  });

  describe('when its policy is exhausted', () => {
    const exhausted: PageEvent = { type: 'page.exhausted', at: T1, actor: 'system' };

    it('is still acknowledged by someone it reached, late, and not by anyone else', () => {
      const state = givenPage(opened, first, exhausted)
        .when({ type: 'acknowledge', at: T2, actor: 'bob', via: 'chat' })
        .then({ type: 'page.acknowledged', at: T2, actor: 'bob', person: 'bob', via: 'chat' });
      expect(state).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'bob', closedAt: T2 });
      givenPage(opened, first, exhausted).when({ type: 'acknowledge', at: T2, actor: 'erin', via: 'chat' }).thenRefuses('page.not_yours');
    });

    it('escalates no more, and closes when the incident ends or someone takes command', () => {
      givenPage(opened, first, exhausted).when({ type: 'escalate', at: T2, actor: 'system' }).thenRefuses('page.closed');
      const resolved = givenPage(opened, first, exhausted)
        .when({ type: 'cancel', at: T2, actor: 'system', reason: 'incident-resolved' })
        .then({ type: 'page.cancelled', at: T2, actor: 'system', reason: 'incident-resolved' });
      expect(resolved).toMatchObject({ status: 'cancelled', closedAt: T2 });
      givenPage({ ...opened, requestedAt: T0 }, first, exhausted)
        .when({ type: 'cancel', at: T2, actor: 'system', reason: 'commander-assigned', commander: 'dave', since: T2 })
        .then({ type: 'page.cancelled', at: T2, actor: 'system', reason: 'commander-assigned', commander: 'dave' });
    });
  });

  describe('when acknowledged', () => {
    const acked: PageEvent = { type: 'page.acknowledged', at: T1, actor: 'alice', person: 'alice', via: 'chat' };

    it('stops escalating and refuses a second acknowledgement', () => {
      givenPage(opened, first, acked).when({ type: 'escalate', at: T2, actor: 'system', next: { level: 1, round: 0, recipients: [], unfilled: [] } }).thenRefuses('page.closed');
      givenPage(opened, first, acked).when({ type: 'acknowledge', at: T2, actor: 'bob', via: 'chat' }).thenRefuses('page.already_acknowledged', { person: 'alice' });
    });
  });
});
