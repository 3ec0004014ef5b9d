import { describe, expect, it } from 'vitest';
import { given } from '../testing/given.js';
import type { IncidentCommand } from './commands.js';
import { otherRolesHeld } from './decide-roles.js';
import type { IncidentEvent } from './events.js';
import { fold } from './state.js';

// One describe per row of "Who may do what" (../shared/PROCESS.md), each refusal beside the rule it keeps.
const at = '2026-11-24T10:00:00.000Z';
const later = '2026-11-24T10:05:00.000Z';
const declared: IncidentEvent = { type: 'incident.declared', at, actor: 'dave', id: 7, title: 'db is down', severity: 2, room: 'incident-chat', private: false };
const sev1: IncidentEvent = { ...declared, severity: 1 } as IncidentEvent;
const carolCommands: IncidentEvent = { type: 'commander.assigned', at, actor: 'carol', person: 'carol' };
const bobDeputy: IncidentEvent = { type: 'role.assigned', at, actor: 'carol', role: 'deputy', person: 'bob' };
const meiSme: IncidentEvent = { type: 'role.assigned', at, actor: 'carol', role: 'sme', person: 'mei' };
const frankSme: IncidentEvent = { type: 'role.assigned', at, actor: 'carol', role: 'sme', person: 'frank' };
const secret: IncidentEvent = { ...declared, actor: 'frank', private: true, room: 'security-incident' } as IncidentEvent;

function by<T extends IncidentCommand['type']>(actor: string, command: Omit<Extract<IncidentCommand, { type: T }>, 'at' | 'actor'> & { type: T }) {
  return { ...command, at: later, actor } as Extract<IncidentCommand, { type: T }>;
}

describe('who may do what', () => {
  describe('anyone who can see the incident: notes, follow-ups, raising severity', () => {
    it('lets a bystander note, record a follow-up and raise severity under an IC', () => {
      given(declared, carolCommands).when(by('dave', { type: 'add-note', text: 'x' })).then({ type: 'note.added', at: later, actor: 'dave', n: 1, text: 'x' });
      given(declared, carolCommands).when(by('dave', { type: 'add-todo', text: 'y' })).then({ type: 'todo.added', at: later, actor: 'dave', n: 1, text: 'y' });
      given(declared, carolCommands)
        .when(by('dave', { type: 'change-severity', severity: 1 }))
        .then({ type: 'severity.changed', at: later, actor: 'dave', from: 2, to: 1 }, { type: 'public.started', at: later, actor: 'dave' });
    });
  });

  describe('lowering severity: the IC or the deputy; anyone while there is no IC', () => {
    const lowered = (actor: string): IncidentEvent => ({ type: 'severity.changed', at: later, actor, from: 1, to: 2 });

    it('lets the IC and the deputy lower it', () => {
      given(sev1, carolCommands, bobDeputy).when(by('carol', { type: 'change-severity', severity: 2 })).then(lowered('carol'));
      given(sev1, carolCommands, bobDeputy).when(by('bob', { type: 'change-severity', severity: 2 })).then(lowered('bob'));
    });

    it('refuses anyone else, naming the IC', () => {
      given(sev1, carolCommands, bobDeputy).when(by('dave', { type: 'change-severity', severity: 2 })).thenRefuses('severity.only_commander_lowers', { commander: 'carol' });
    });

    it('lets anyone lower it while nobody is the IC', () => {
      given(sev1).when(by('dave', { type: 'change-severity', severity: 2 })).then(lowered('dave'));
    });
  });

  describe('resolving: the IC; anyone while there is no IC', () => {
    it('refuses a bystander under an IC and lets the IC', () => {
      given(declared, carolCommands).when(by('bob', { type: 'resolve' })).thenRefuses('incident.only_commander_resolves', { commander: 'carol' });
      given(declared, carolCommands).when(by('carol', { type: 'resolve' })).then({ type: 'incident.resolved', at: later, actor: 'carol' });
      given(declared).when(by('bob', { type: 'resolve' })).then({ type: 'incident.resolved', at: later, actor: 'bob' });
    });
  });

  describe('approving a public update: the IC; anyone while there is no IC', () => {
    const drafted: IncidentEvent = { type: 'public.drafted', at, actor: 'erin', n: 1, text: 'We are investigating.', components: [], eta: [] };
    const started: IncidentEvent = { type: 'public.started', at, actor: 'erin' };
    const published = (actor: string): IncidentEvent => ({ type: 'public.published', at: later, actor, n: 1, text: 'We are investigating.', components: [] });

    it('refuses the liaison under an IC, lets the IC, and anyone while none', () => {
      given(declared, carolCommands, started, drafted).when(by('erin', { type: 'approve-public', n: 1 })).thenRefuses('public.only_commander', { commander: 'carol' });
      given(declared, carolCommands, started, drafted).when(by('carol', { type: 'approve-public', n: 1 })).then(published('carol'));
      given(declared, started, drafted).when(by('erin', { type: 'approve-public', n: 1 })).then(published('erin'));
    });
  });

  describe('assigning and removing roles: the IC; anyone while there is no IC', () => {
    it('refuses a bystander under an IC, for an empty role too', () => {
      given(declared, carolCommands).when(by('dave', { type: 'assign-role', role: 'scribe', person: 'dave' })).thenRefuses('role.only_commander', { commander: 'carol' });
      given(declared, carolCommands, meiSme).when(by('dave', { type: 'remove-role', role: 'sme', person: 'mei' })).thenRefuses('role.only_commander', { commander: 'carol' });
    });

    it('lets anyone assign while nobody is the IC', () => {
      given(declared).when(by('dave', { type: 'assign-role', role: 'scribe', person: 'dave' })).then({ type: 'role.assigned', at: later, actor: 'dave', role: 'scribe', person: 'dave', previous: undefined });
    });

    it('removes a named holder, and the only holder when none is named', () => {
      const state = given(declared, carolCommands, meiSme, frankSme)
        .when(by('carol', { type: 'remove-role', role: 'sme', person: 'mei' }))
        .then({ type: 'role.removed', at: later, actor: 'carol', role: 'sme', person: 'mei' });
      expect(state.roles.sme).toEqual(['frank']);
      const noDeputy = given(declared, carolCommands, bobDeputy).when(by('carol', { type: 'remove-role', role: 'deputy' })).then({ type: 'role.removed', at: later, actor: 'carol', role: 'deputy', person: 'bob' });
      expect(noDeputy.roles.deputy).toBeUndefined();
    });

    it('refuses removing someone who does not hold it, an empty role, or one of several unnamed', () => {
      given(declared, carolCommands, meiSme).when(by('carol', { type: 'remove-role', role: 'sme', person: 'dave' })).thenRefuses('role.not_held', { person: 'dave', role: 'sme' });
      given(declared, carolCommands).when(by('carol', { type: 'remove-role', role: 'scribe' })).thenRefuses('role.empty', { role: 'scribe' });
      given(declared, carolCommands, meiSme, frankSme).when(by('carol', { type: 'remove-role', role: 'sme' })).thenRefuses('role.which_one', { role: 'sme', people: ['mei', 'frank'] });
    });
  });

  describe('becoming IC: anyone while there is none; otherwise handover or take force', () => {
    it('lets anyone take an empty command', () => {
      given(declared).when(by('dave', { type: 'take-command' })).then({ type: 'commander.assigned', at: later, actor: 'dave', person: 'dave', previous: undefined });
    });

    it('refuses a bare take while someone else is IC, telling whom to ask', () => {
      given(declared, carolCommands).when(by('dave', { type: 'take-command' })).thenRefuses('commander.ask_handover', { commander: 'carol' });
      given(declared, carolCommands).when(by('carol', { type: 'take-command' })).thenRefuses('commander.already_you');
    });

    it('takes by force with a reason on the record, and pages the previous IC (their page written in their language from the notice)', () => {
      const force = { reason: 'unreachable', notice: 'Dave took over incident #7 from you: unreachable' };
      const state = given(declared, carolCommands)
        .when(by('dave', { type: 'take-command', force }))
        .then(
          { type: 'commander.assigned', at: later, actor: 'dave', person: 'dave', previous: 'carol', forced: { reason: 'unreachable' } },
          { type: 'responders.paged', at: later, actor: 'dave', target: { kind: 'person', name: 'carol' }, message: force.notice, notice: { kind: 'forced', from: 'dave', reason: 'unreachable' } },
        );
      expect(state.roles.commander).toBe('dave');
    });

    it('hands over only from the IC', () => {
      given(declared, carolCommands).when(by('dave', { type: 'hand-over', to: 'dave' })).thenRefuses('commander.only_commander_hands_over', { commander: 'carol' });
      given(declared, carolCommands).when(by('carol', { type: 'hand-over', to: 'carol' })).thenRefuses('commander.already', { person: 'carol' });
      given(declared, carolCommands).when(by('carol', { type: 'hand-over', to: 'dave' })).then(
        { type: 'commander.assigned', at: later, actor: 'carol', person: 'dave', previous: 'carol' },
        { type: 'responders.paged', at: later, actor: 'carol', target: { kind: 'person', name: 'dave' }, message: '', notice: { kind: 'handover', from: 'carol' } },
      );
    });

    it('pages whoever is handed command, as a forced take pages the IC it replaces, but not who names themself', () => {
      // While nobody leads, anyone may name the IC: the person named learns of it wherever they are.
      const state = given(declared).when(by('erin', { type: 'hand-over', to: 'bob' })).then(
        { type: 'commander.assigned', at: later, actor: 'erin', person: 'bob', previous: undefined },
        { type: 'responders.paged', at: later, actor: 'erin', target: { kind: 'person', name: 'bob' }, message: '', notice: { kind: 'handover', from: 'erin' } },
      );
      expect(state.roles.commander).toBe('bob');
      given(declared).when(by('bob', { type: 'hand-over', to: 'bob' })).then({ type: 'commander.assigned', at: later, actor: 'bob', person: 'bob', previous: undefined });
      // Taking command is no handover: nobody is paged.
      given(declared).when(by('bob', { type: 'take-command' })).then({ type: 'commander.assigned', at: later, actor: 'bob', person: 'bob', previous: undefined });
    });
  });

  describe('inviting into a private incident: its IC and its private lobby’s members', () => {
    it('lets whoever declared it invite while there is no IC, and only until an IC takes over', () => {
      const declarer = (secret as { actor: string }).actor;
      given(secret).when(by(declarer, { type: 'invite', person: 'dave', byLobbyMember: false })).then({ type: 'member.invited', at: later, actor: declarer, person: 'dave' });
      const otherCommands: IncidentEvent = { type: 'commander.assigned', at, actor: 'zoe', person: 'zoe' };
      given(secret, otherCommands).when(by(declarer, { type: 'invite', person: 'dave', byLobbyMember: false })).thenRefuses('member.only_commander_invites', { commander: 'zoe' });
    });

    it('lets a lobby member and the IC invite, and refuses the invited', () => {
      given(secret).when(by('frank', { type: 'invite', person: 'dave', byLobbyMember: true })).then({ type: 'member.invited', at: later, actor: 'frank', person: 'dave' });
      const invitedDave: IncidentEvent = { type: 'member.invited', at, actor: 'frank', person: 'dave' };
      given(secret, invitedDave).when(by('dave', { type: 'invite', person: 'erin', byLobbyMember: false })).thenRefuses('member.only_lobby_invites');
      given(secret, invitedDave, carolCommands).when(by('dave', { type: 'invite', person: 'erin', byLobbyMember: false })).thenRefuses('member.only_commander_invites', { commander: 'carol' });
      given(secret, invitedDave, carolCommands).when(by('carol', { type: 'invite', person: 'erin' })).then({ type: 'member.invited', at: later, actor: 'carol', person: 'erin' });
    });
  });

  describe('one person, two of IC and deputy: never', () => {
    it('refuses making the IC deputy', () => {
      given(declared, carolCommands).when(by('carol', { type: 'assign-role', role: 'deputy', person: 'carol' })).thenRefuses('role.commander_cannot_be_deputy', { person: 'carol' });
    });

    it('clears the deputy role when the deputy becomes IC', () => {
      const state = given(declared, carolCommands, bobDeputy).when(by('carol', { type: 'hand-over', to: 'bob' })).then(
        { type: 'commander.assigned', at: later, actor: 'carol', person: 'bob', previous: 'carol' },
        { type: 'responders.paged', at: later, actor: 'carol', target: { kind: 'person', name: 'bob' }, message: '', notice: { kind: 'handover', from: 'carol' } },
      );
      expect(state.roles).toMatchObject({ commander: 'bob', deputy: undefined });
    });

    it('allows other doubled roles (the reply warns)', () => {
      given(declared, carolCommands, meiSme).when(by('carol', { type: 'assign-role', role: 'scribe', person: 'mei' })).then({ type: 'role.assigned', at: later, actor: 'carol', role: 'scribe', person: 'mei', previous: undefined });
    });

    it('names the roles someone keeps besides the one they take, the deputy not when they take command (it is cleared)', () => {
      const meiScribe: IncidentEvent = { type: 'role.assigned', at, actor: 'carol', role: 'scribe', person: 'mei' };
      const state = fold([declared, carolCommands, bobDeputy, meiSme, meiScribe]);
      expect(otherRolesHeld(state, 'mei', 'commander')).toEqual(['scribe', 'sme']);
      expect(otherRolesHeld(state, 'mei', 'scribe')).toEqual(['sme']);
      expect(otherRolesHeld(state, 'bob', 'commander')).toEqual([]);
      expect(otherRolesHeld(state, 'bob', 'scribe')).toEqual(['deputy']);
      expect(otherRolesHeld(state, 'carol', 'sme')).toEqual(['commander']);
      expect(otherRolesHeld(state, 'frank', 'commander')).toEqual([]);
    });
  });

  describe('proxies on the call', () => {
    it('lets anyone name who speaks for them, once, never themselves', () => {
      const state = given(declared, carolCommands).when(by('mei', { type: 'name-proxy', proxy: 'frank' })).then({ type: 'proxy.named', at: later, actor: 'mei', person: 'mei', proxy: 'frank' });
      expect(state.proxies).toEqual({ mei: 'frank' });
      given(declared, { type: 'proxy.named', at, actor: 'mei', person: 'mei', proxy: 'frank' }).when(by('mei', { type: 'name-proxy', proxy: 'frank' })).thenRefuses('proxy.already', { person: 'frank' });
      given(declared).when(by('mei', { type: 'name-proxy', proxy: 'mei' })).thenRefuses('proxy.self');
    });
  });
});
