import { describe, expect, it } from 'vitest';
import type { AlertFacts, TriggerAlert } from './commands.js';
import type { AlertEvent } from './events.js';
import { givenAlerts } from '../testing/given-alert-group.js';

const T0 = '2030-01-01T00:00:00.000Z';
const T1 = '2030-01-01T00:00:05.000Z';
const actor = 'alert:api';
const target = { incidentId: 7, room: 'incident-chat' };

function facts(dedupKey: string, summary = 'db latency high', service = 'api'): AlertFacts {
  return { service, dedupKey, summary, source: 'db-1', severity: 'critical' };
}

function trigger(dedupKey: string, at = T0, extra: Partial<TriggerAlert> = {}): TriggerAlert {
  return { type: 'trigger', at, actor, alert: facts(dedupKey), target, ...extra };
}

const opened: AlertEvent = { type: 'alert.group.opened', at: T0, actor, incidentId: 7, room: 'incident-chat' };
const triggered = (dedupKey: string, at = T0, summary?: string): AlertEvent => ({ type: 'alert.triggered', at, actor, ...facts(dedupKey, summary) });

describe('alert group decider', () => {
  describe('when the incident has no group yet', () => {
    it('opens the group with the first alert', () => {
      givenAlerts().when(trigger('k1')).then(opened, triggered('k1'));
    });

    it('asks for the service on-call once when the alert is not major', () => {
      const state = givenAlerts()
        .when(trigger('k1', T0, { pageService: { team: 'platform', person: 'dave' } }))
        .then(opened, triggered('k1'), { type: 'service.page_requested', at: T0, actor, service: 'api', team: 'platform', person: 'dave' });
      expect(state.pagedServices).toEqual(['api']);
    });

    it('ignores acknowledge and resolve of alerts it never saw', () => {
      givenAlerts().when({ type: 'acknowledge', at: T0, actor, service: 'api', dedupKey: 'k1' }).then();
      givenAlerts().when({ type: 'resolve', at: T0, actor, service: 'api', dedupKey: 'k1' }).then();
    });
  });

  describe('when alerts are firing', () => {
    const firing = [opened, triggered('k1'), triggered('k2')];

    it('de-duplicates a trigger with the same service and dedup key into a repeat', () => {
      const state = givenAlerts(...firing)
        .when(trigger('k1', T1))
        .then({ type: 'alert.repeated', at: T1, actor, service: 'api', dedupKey: 'k1', summary: 'db latency high' });
      expect(state.alerts.get('api/k1')?.count).toBe(2);
      expect(state.open).toBe(2);
    });

    it('keeps alerts with the same summary but different dedup keys apart', () => {
      const state = givenAlerts(...firing).when(trigger('k3', T1)).then(triggered('k3', T1));
      expect(state.open).toBe(3);
      expect([...state.alerts.values()].every((alert) => alert.summary === 'db latency high')).toBe(true);
    });

    it('keeps the same dedup key of two services apart', () => {
      const command: TriggerAlert = { ...trigger('k1', T1), alert: facts('k1', 'db latency high', 'web') };
      givenAlerts(...firing).when(command).then({ type: 'alert.triggered', at: T1, actor, ...facts('k1', 'db latency high', 'web') });
    });

    it('pages a service only the first time it appears in the group', () => {
      const history = [...firing, { type: 'service.page_requested', at: T0, actor, service: 'api', team: 'platform' } as AlertEvent];
      givenAlerts(...history).when(trigger('k3', T1, { pageService: { team: 'platform' } })).then(triggered('k3', T1));
    });

    it('acknowledges an open alert once', () => {
      const ack = { type: 'acknowledge', at: T1, actor, service: 'api', dedupKey: 'k1' } as const;
      const state = givenAlerts(...firing).when(ack).then({ type: 'alert.acknowledged', at: T1, actor, service: 'api', dedupKey: 'k1' });
      expect(state.alerts.get('api/k1')?.status).toBe('acknowledged');
      givenAlerts(...firing, { type: 'alert.acknowledged', at: T1, actor, service: 'api', dedupKey: 'k1' }).when(ack).then();
    });

    it('resolves one alert and says when the last one resolved', () => {
      const resolve = (dedupKey: string) => ({ type: 'resolve', at: T1, actor, service: 'api', dedupKey }) as const;
      const afterOne = givenAlerts(...firing).when(resolve('k1')).then({ type: 'alert.resolved', at: T1, actor, service: 'api', dedupKey: 'k1' });
      expect(afterOne.open).toBe(1);
      givenAlerts(...firing, { type: 'alert.resolved', at: T1, actor, service: 'api', dedupKey: 'k1' })
        .when(resolve('k2'))
        .then({ type: 'alert.resolved', at: T1, actor, service: 'api', dedupKey: 'k2' }, { type: 'alert.group.all_resolved', at: T1, actor, count: 2 });
    });

    it('refuses a trigger meant for another incident', () => {
      givenAlerts(...firing).when({ ...trigger('k9'), target: { incidentId: 8, room: 'incident-chat' } }).thenRefuses('alert.other_incident');
    });
  });

  describe('when an alert was resolved', () => {
    const history = [opened, triggered('k1'), { type: 'alert.resolved', at: T1, actor, service: 'api', dedupKey: 'k1' } as AlertEvent];

    it('fires it again as a new trigger', () => {
      const state = givenAlerts(...history).when(trigger('k1', T1)).then(triggered('k1', T1));
      expect(state.alerts.get('api/k1')).toMatchObject({ status: 'triggered', count: 2, firstAt: T1 });
      expect(state.open).toBe(1);
    });

    it('drops a second resolve', () => {
      givenAlerts(...history).when({ type: 'resolve', at: T1, actor, service: 'api', dedupKey: 'k1' }).then();
    });
  });
});
