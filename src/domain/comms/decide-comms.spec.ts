import { describe, expect, it } from 'vitest';
import type { IncidentCommand } from '../incident/commands.js';
import type { IncidentEvent } from '../incident/events.js';
import { fold } from '../incident/state.js';
import { given } from '../testing/given.js';
import { lastExecutiveUpdateAt } from './comms-state.js';

const at = '2026-11-24T10:00:00.000Z';
const later = '2026-11-24T10:05:00.000Z';
const declared: IncidentEvent = { type: 'incident.declared', at, actor: 'carol', id: 7, title: 'db is down', severity: 2, room: 'incident-chat', private: false };
const carolCommands: IncidentEvent = { type: 'commander.assigned', at, actor: 'carol', person: 'carol' };
const daveInternal: IncidentEvent = { type: 'role.assigned', at, actor: 'carol', role: 'internal', person: 'dave' };
const drafted: IncidentEvent = { type: 'public.drafted', at, actor: 'erin', n: 1, text: 'We are investigating.', components: ['api'], eta: [] };
const started: IncidentEvent = { type: 'public.started', at, actor: 'erin' };
const resolved: IncidentEvent = { type: 'incident.resolved', at: later, actor: 'carol' };

function by<T extends IncidentCommand['type']>(actor: string, command: Omit<Extract<IncidentCommand, { type: T }>, 'at' | 'actor'> & { type: T }) {
  return { ...command, at: later, actor } as Extract<IncidentCommand, { type: T }>;
}

describe('stakeholder communication', () => {
  describe('subscribers', () => {
    it('subscribes a group once and a person once', () => {
      given(declared).when(by('dave', { type: 'subscribe', group: 'sev1-stakeholders' })).then({ type: 'subscriber.added', at: later, actor: 'dave', group: 'sev1-stakeholders' });
      given(declared, { type: 'subscriber.added', at, actor: 'dave', group: 'sev1-stakeholders' })
        .when(by('dave', { type: 'subscribe', group: 'sev1-stakeholders' }))
        .thenRefuses('subscribe.already_group');
      given(declared, { type: 'subscriber.added', at, actor: 'dave', person: 'mei' })
        .when(by('dave', { type: 'subscribe', person: 'mei' }))
        .thenRefuses('subscribe.already_person', { person: 'mei' });
    });

    it('lets a person opt out, even of a group they belong to, and back in', () => {
      const out = given(declared).when(by('frank', { type: 'unsubscribe', person: 'frank' })).then({ type: 'subscriber.removed', at: later, actor: 'frank', person: 'frank' });
      expect(out.comms.optedOut).toEqual(['frank']);
      given(declared, { type: 'subscriber.removed', at, actor: 'frank', person: 'frank' }).when(by('frank', { type: 'unsubscribe', person: 'frank' })).thenRefuses('subscribe.not_subscribed');
      const back = fold([declared, { type: 'subscriber.removed', at, actor: 'frank', person: 'frank' }, { type: 'subscriber.added', at, actor: 'frank', person: 'frank' }]);
      expect(back.comms).toMatchObject({ people: ['frank'], optedOut: [] });
    });

    it('remembers the most severe level reached, which is what brings groups in', () => {
      const state = fold([declared, { type: 'severity.changed', at, actor: 'carol', from: 2, to: 1 }, { type: 'severity.changed', at, actor: 'carol', from: 1, to: 3 }]);
      expect(state.comms.peakSeverity).toBe(1);
    });
  });

  describe('executive summaries', () => {
    it('numbers summaries and restarts the cadence with each', () => {
      const state = given(declared).when(by('dave', { type: 'post-update', text: 'rolling back' })).then({ type: 'update.posted', at: later, actor: 'dave', n: 1, text: 'rolling back' });
      expect(lastExecutiveUpdateAt(state.comms)).toBe(later);
      expect(lastExecutiveUpdateAt(fold([declared]).comms)).toBe(at);
    });

    it('records a miss, reminding the internal liaison first and then the IC', () => {
      given(declared, carolCommands, daveInternal)
        .when(by('system', { type: 'record-missed-update', audience: 'executive', level: 'liaison' }))
        .then({ type: 'update.missed', at: later, actor: 'system', audience: 'executive', level: 'liaison', remind: 'dave', since: at });
      given(declared, carolCommands, daveInternal)
        .when(by('system', { type: 'record-missed-update', audience: 'executive', level: 'commander' }))
        .then({ type: 'update.missed', at: later, actor: 'system', audience: 'executive', level: 'commander', remind: 'carol', since: at });
    });

    it('reminds the IC when there is no liaison, and nobody once resolved', () => {
      given(declared, carolCommands)
        .when(by('system', { type: 'record-missed-update', audience: 'executive', level: 'liaison' }))
        .then({ type: 'update.missed', at: later, actor: 'system', audience: 'executive', level: 'liaison', remind: 'carol', since: at });
      given(declared, carolCommands, resolved).when(by('system', { type: 'record-missed-update', audience: 'executive', level: 'liaison' })).thenRefuses('incident.resolved');
    });

    it('still takes a closing summary after the incident is resolved', () => {
      given(declared, resolved).when(by('dave', { type: 'post-update', text: 'all clear' })).then({ type: 'update.posted', at: later, actor: 'dave', n: 1, text: 'all clear' });
    });
  });

  describe('public updates', () => {
    it('makes a draft, which is the decision to go public, and flags a promised time', () => {
      given(declared)
        .when(by('erin', { type: 'draft-public', text: 'Fixed in 10 minutes.', components: [] }))
        .then({ type: 'public.started', at: later, actor: 'erin' }, { type: 'public.drafted', at: later, actor: 'erin', n: 1, text: 'Fixed in 10 minutes.', components: [], eta: ['in 10 minutes'] });
      given(declared, started, drafted)
        .when(by('erin', { type: 'draft-public', text: '我们正在调查。', components: ['api'] }))
        .then({ type: 'public.drafted', at: later, actor: 'erin', n: 2, text: '我们正在调查。', components: ['api'], eta: [] });
    });

    it('takes a closing draft after the incident is resolved without starting the cadence of public updates', () => {
      given(declared, resolved)
        .when(by('erin', { type: 'draft-public', text: 'All fixed.', components: [] }))
        .then({ type: 'public.drafted', at: later, actor: 'erin', n: 1, text: 'All fixed.', components: [], eta: [] });
    });

    it('turns public prompts on when the incident reaches SEV-1, once', () => {
      given(declared)
        .when(by('carol', { type: 'change-severity', severity: 1 }))
        .then({ type: 'severity.changed', at: later, actor: 'carol', from: 2, to: 1 }, { type: 'public.started', at: later, actor: 'carol' });
      given(declared, started).when(by('carol', { type: 'change-severity', severity: 1 })).then({ type: 'severity.changed', at: later, actor: 'carol', from: 2, to: 1 });
    });

    describe('when there is a draft', () => {
      it('publishes it when the IC approves', () => {
        const state = given(declared, carolCommands, started, drafted)
          .when(by('carol', { type: 'approve-public', n: 1 }))
          .then({ type: 'public.published', at: later, actor: 'carol', n: 1, text: 'We are investigating.', components: ['api'] });
        expect(state.comms.drafts[0].publishedAt).toBe(later);
        expect(state.comms.lastPublishedAt).toBe(later);
      });

      it('refuses approval from anyone but the IC, and when nobody is the IC', () => {
        given(declared, carolCommands, started, drafted).when(by('erin', { type: 'approve-public', n: 1 })).thenRefuses('public.only_commander', { commander: 'carol' });
        given(declared, started, drafted).when(by('erin', { type: 'approve-public', n: 1 })).then({ type: 'public.published', at: later, actor: 'erin', n: 1, text: drafted.text, components: drafted.components });
      });

      it('refuses an unknown or already published draft', () => {
        given(declared, carolCommands, started, drafted).when(by('carol', { type: 'approve-public', n: 2 })).thenRefuses('public.unknown_draft', { n: 2, count: 1 });
        given(declared, carolCommands, started, drafted, { type: 'public.published', at, actor: 'carol', n: 1, text: 'We are investigating.', components: ['api'] })
          .when(by('carol', { type: 'approve-public', n: 1 }))
          .thenRefuses('public.already_published');
      });

      it('publishes a draft that promises a time only when the IC approves it anyway', () => {
        const promising: IncidentEvent = { ...drafted, text: 'We expect this to be fixed by 05:00 UTC.', eta: ['by 05:00'] } as IncidentEvent;
        given(declared, carolCommands, started, promising)
          .when(by('carol', { type: 'approve-public', n: 1 }))
          .thenRefuses('public.promises_time', { n: 1, phrases: ['“by 05:00”'] });
        given(declared, carolCommands, started, promising)
          .when(by('carol', { type: 'approve-public', n: 1, anyway: true }))
          .then({ type: 'public.published', at: later, actor: 'carol', n: 1, text: 'We expect this to be fixed by 05:00 UTC.', components: ['api'] });
        // Anyway or not, only the IC publishes.
        given(declared, carolCommands, started, promising).when(by('erin', { type: 'approve-public', n: 1, anyway: true })).thenRefuses('public.only_commander', { commander: 'carol' });
      });

      it('records a missed public update for the customer liaison', () => {
        given(declared, carolCommands, { type: 'role.assigned', at, actor: 'carol', role: 'customer', person: 'erin' }, started)
          .when(by('system', { type: 'record-missed-update', audience: 'public', level: 'liaison' }))
          .then({ type: 'update.missed', at: later, actor: 'system', audience: 'public', level: 'liaison', remind: 'erin', since: at });
      });
    });
  });

  describe('false alarms', () => {
    it('resolves as a false alarm', () => {
      const state = given(declared, carolCommands)
        .when(by('carol', { type: 'resolve', falseAlarm: true }))
        .then({ type: 'incident.resolved', at: later, actor: 'carol', falseAlarm: true });
      expect(state.comms.falseAlarm).toBe(true);
    });
  });
});
