import { describe, expect, it } from 'vitest';
import { given } from '../testing/given.js';
import type { IncidentCommand } from './commands.js';
import type { IncidentEvent } from './events.js';

const at = '2026-11-24T10:00:00.000Z';
const later = '2026-11-24T10:05:00.000Z';
const declared: IncidentEvent = { type: 'incident.declared', at, actor: 'carol', id: 7, title: 'db is down', severity: 2, room: 'inc-7', lobby: 'incident-chat', private: false };
const aliceCommands: IncidentEvent = { type: 'commander.assigned', at, actor: 'alice', person: 'alice' };
const resolved: IncidentEvent = { type: 'incident.resolved', at: later, actor: 'alice' };

function by<T extends IncidentCommand['type']>(actor: string, command: Omit<Extract<IncidentCommand, { type: T }>, 'at' | 'actor'> & { type: T }) {
  return { ...command, at: later, actor } as Extract<IncidentCommand, { type: T }>;
}

describe('incident decider', () => {
  describe('when there is no incident', () => {
    it('declares one', () => {
      given()
        .when({ type: 'declare', at, actor: 'carol', id: 7, title: 'db is down', severity: 2, lobby: 'incident-chat', private: false })
        .then(declared);
    });

    it('declares one first when the IC is paged', () => {
      given()
        .when({
          type: 'page-commander', at, actor: 'carol', message: 'db is down', primary: 'alice', backup: 'bob', shadows: ['lei'],
          declaration: { id: 7, title: 'db is down', severity: 2, lobby: 'incident-chat', private: false },
        })
        .then(declared, { type: 'commander.paged', at, actor: 'carol', message: 'db is down', primary: 'alice', backup: 'bob', shadows: ['lei'] });
    });

    it('refuses everything else', () => {
      given().when(by('carol', { type: 'add-note', text: 'x' })).thenRefuses('incident.none');
      given().when(by('carol', { type: 'take-command' })).thenRefuses('incident.none');
    });
  });

  describe('when open without an IC', () => {
    it('lets anyone take command', () => {
      given(declared).when(by('alice', { type: 'take-command' })).then({ type: 'commander.assigned', at: later, actor: 'alice', person: 'alice', previous: undefined });
    });

    it('lets anyone resolve', () => {
      given(declared).when(by('dave', { type: 'resolve' })).then({ type: 'incident.resolved', at: later, actor: 'dave' });
    });

    it('refuses a second declaration', () => {
      given(declared)
        .when({ type: 'declare', at, actor: 'dave', id: 8, title: 'again', severity: 1, lobby: 'incident-chat', private: false })
        .thenRefuses('incident.already_declared', { id: 7 });
    });

    it('records a page on the same incident', () => {
      given(declared)
        .when({ type: 'page-commander', at: later, actor: 'dave', message: 'help', primary: 'alice', backup: 'bob', shadows: [], declaration: { id: 9, title: 'x', severity: 2, lobby: 'incident-chat', private: false } })
        .then({ type: 'commander.paged', at: later, actor: 'dave', message: 'help', primary: 'alice', backup: 'bob', shadows: [] });
    });
  });

  describe('when open with an IC', () => {
    it('lets the IC hand over', () => {
      given(declared, aliceCommands)
        .when(by('alice', { type: 'hand-over', to: 'bob' }))
        .then(
          { type: 'commander.assigned', at: later, actor: 'alice', person: 'bob', previous: 'alice' },
          { type: 'responders.paged', at: later, actor: 'alice', target: { kind: 'person', name: 'bob' }, message: '', notice: { kind: 'handover', from: 'alice' } },
        );
    });

    it('refuses a hand-over by anyone else', () => {
      given(declared, aliceCommands).when(by('dave', { type: 'hand-over', to: 'dave' })).thenRefuses('commander.only_commander_hands_over', { commander: 'alice' });
    });

    it('refuses taking command twice', () => {
      given(declared, aliceCommands).when(by('alice', { type: 'take-command' })).thenRefuses('commander.already_you');
    });

    it('lets only the IC resolve', () => {
      given(declared, aliceCommands).when(by('carol', { type: 'resolve' })).thenRefuses('incident.only_commander_resolves', { commander: 'alice' });
      given(declared, aliceCommands).when(by('alice', { type: 'resolve' })).then({ type: 'incident.resolved', at: later, actor: 'alice' });
    });

    it('changes severity, and refuses the same severity', () => {
      // Reaching SEV-1 also turns on the public-update prompts (see comms/decide-comms.spec.ts).
      given(declared)
        .when(by('carol', { type: 'change-severity', severity: 1 }))
        .then({ type: 'severity.changed', at: later, actor: 'carol', from: 2, to: 1 }, { type: 'public.started', at: later, actor: 'carol' });
      given(declared).when(by('carol', { type: 'change-severity', severity: 2 })).thenRefuses('severity.unchanged');
    });
  });

  describe('roles', () => {
    const scribeBob: IncidentEvent = { type: 'role.assigned', at, actor: 'alice', role: 'scribe', person: 'bob' };

    it('assigns an empty role', () => {
      given(declared).when(by('carol', { type: 'assign-role', role: 'scribe', person: 'carol' }))
        .then({ type: 'role.assigned', at: later, actor: 'carol', role: 'scribe', person: 'carol', previous: undefined });
    });

    it('keeps one holder: the IC replaces, others are refused', () => {
      given(declared, aliceCommands, scribeBob).when(by('carol', { type: 'assign-role', role: 'scribe', person: 'carol' }))
        .thenRefuses('role.only_commander', { commander: 'alice' });
      const state = given(declared, aliceCommands, scribeBob).when(by('alice', { type: 'assign-role', role: 'scribe', person: 'carol' }))
        .then({ type: 'role.assigned', at: later, actor: 'alice', role: 'scribe', person: 'carol', previous: 'bob' });
      expect(state.roles.scribe).toBe('carol');
    });

    it('allows several SMEs but not the same one twice', () => {
      const twoSmes = given(declared, { type: 'role.assigned', at, actor: 'alice', role: 'sme', person: 'dave' });
      const state = twoSmes.when(by('alice', { type: 'assign-role', role: 'sme', person: 'erin' })).then({ type: 'role.assigned', at: later, actor: 'alice', role: 'sme', person: 'erin' });
      expect(state.roles.sme).toEqual(['dave', 'erin']);
      twoSmes.when(by('alice', { type: 'assign-role', role: 'sme', person: 'dave' })).thenRefuses('role.already_holds');
    });

    it('leaves a role vacant on the IC’s word: one holder, or the named expert of several', () => {
      const state = given(declared, aliceCommands, scribeBob).when(by('alice', { type: 'remove-role', role: 'scribe' }))
        .then({ type: 'role.removed', at: later, actor: 'alice', role: 'scribe', person: 'bob' });
      expect(state.roles.scribe).toBeUndefined();
      given(declared, aliceCommands, scribeBob).when(by('carol', { type: 'remove-role', role: 'scribe' })).thenRefuses('role.only_commander', { commander: 'alice' });
      given(declared, aliceCommands).when(by('alice', { type: 'remove-role', role: 'deputy' })).thenRefuses('role.empty', { role: 'deputy' });
      given(declared, aliceCommands, scribeBob).when(by('alice', { type: 'remove-role', role: 'scribe', person: 'dave' })).thenRefuses('role.not_held', { person: 'dave', role: 'scribe' });
      const experts = given(declared, aliceCommands, { type: 'role.assigned', at, actor: 'alice', role: 'sme', person: 'dave' }, { type: 'role.assigned', at, actor: 'alice', role: 'sme', person: 'erin' });
      experts.when(by('alice', { type: 'remove-role', role: 'sme' })).thenRefuses('role.which_one', { role: 'sme', people: ['dave', 'erin'] });
      expect(experts.when(by('alice', { type: 'remove-role', role: 'sme', person: 'dave' })).then({ type: 'role.removed', at: later, actor: 'alice', role: 'sme', person: 'dave' }).roles.sme).toEqual(['erin']);
    });

    it('does not make the IC their own deputy', () => {
      given(declared, aliceCommands).when(by('alice', { type: 'assign-role', role: 'deputy', person: 'alice' })).thenRefuses('role.commander_cannot_be_deputy');
    });
  });

  describe('notes, follow-ups and tasks', () => {
    it('numbers notes and follow-ups', () => {
      const state = given(declared).when(by('carol', { type: 'add-note', text: 'rolled back' })).then({ type: 'note.added', at: later, actor: 'carol', n: 1, text: 'rolled back' });
      expect(state.notes).toHaveLength(1);
      given(declared).when(by('carol', { type: 'add-todo', text: 'fix alerting' })).then({ type: 'todo.added', at: later, actor: 'carol', n: 1, text: 'fix alerting' });
    });

    it('delegates and completes tasks, refusing unknown or done ones', () => {
      const task: IncidentEvent = { type: 'task.assigned', at, actor: 'alice', n: 1, owner: 'dave', text: 'roll back' };
      given(declared, task).when(by('dave', { type: 'complete-task', n: 1 })).then({ type: 'task.completed', at: later, actor: 'dave', n: 1 });
      given(declared, task).when(by('dave', { type: 'complete-task', n: 2 })).thenRefuses('task.unknown', { n: 2, count: 1 });
      given(declared, task, { type: 'task.completed', at, actor: 'dave', n: 1 }).when(by('dave', { type: 'complete-task', n: 1 })).thenRefuses('task.already_done');
    });

    it('moves open tasks to follow-ups on resolve', () => {
      given(
        declared,
        aliceCommands,
        { type: 'todo.added', at, actor: 'carol', n: 1, text: 'review alerts' },
        { type: 'task.assigned', at, actor: 'alice', n: 1, owner: 'dave', text: 'roll back' },
        { type: 'task.assigned', at, actor: 'alice', n: 2, owner: 'erin', text: 'heap dump' },
        { type: 'task.completed', at, actor: 'dave', n: 1 },
      )
        .when(by('alice', { type: 'resolve' }))
        .then(
          { type: 'incident.resolved', at: later, actor: 'alice' },
          { type: 'todo.added', at: later, actor: 'alice', n: 2, text: 'heap dump', fromTask: 2, owner: 'erin' },
          { type: 'task.completed', at: later, actor: 'alice', n: 2, movedTo: 2 },
        );
    });

    it('closes carried tasks, keeps their owners, and never carries one twice', () => {
      const task: IncidentEvent = { type: 'task.assigned', at, actor: 'alice', n: 1, owner: 'dave', text: 'roll back' };
      const first = given(declared, aliceCommands, task).when(by('alice', { type: 'resolve' }));
      const resolvedOnce = first.then(
        { type: 'incident.resolved', at: later, actor: 'alice' },
        { type: 'todo.added', at: later, actor: 'alice', n: 1, text: 'roll back', fromTask: 1, owner: 'dave' },
        { type: 'task.completed', at: later, actor: 'alice', n: 1, movedTo: 1 },
      );
      expect(resolvedOnce.tasks.filter((open) => !open.done)).toEqual([]);
      expect(resolvedOnce.todos).toMatchObject([{ n: 1, owner: 'dave', fromTask: 1 }]);
      const carriedThenReopened: IncidentEvent[] = [
        declared, aliceCommands, task,
        { type: 'incident.resolved', at, actor: 'alice' },
        { type: 'todo.added', at, actor: 'alice', n: 1, text: 'roll back', fromTask: 1, owner: 'dave' },
        { type: 'task.completed', at, actor: 'alice', n: 1, movedTo: 1 },
        { type: 'incident.reopened', at, actor: 'alice' },
      ];
      given(...carriedThenReopened).when(by('alice', { type: 'resolve' })).then({ type: 'incident.resolved', at: later, actor: 'alice' });
      // A task carried by an older version (follow-up made, task left open) is closed, not copied again.
      const legacy = [declared, aliceCommands, task, { type: 'todo.added', at, actor: 'alice', n: 1, text: 'roll back', fromTask: 1 } as IncidentEvent];
      given(...legacy).when(by('alice', { type: 'resolve' })).then({ type: 'incident.resolved', at: later, actor: 'alice' }, { type: 'task.completed', at: later, actor: 'alice', n: 1, movedTo: 1 });
    });
  });

  describe('status monitor', () => {
    it('starts and stops, refusing to double either', () => {
      given(declared).when(by('carol', { type: 'stalk' })).then({ type: 'status.stalked', at: later, actor: 'carol' });
      given(declared, { type: 'status.stalked', at, actor: 'carol' }).when(by('carol', { type: 'stalk' })).thenRefuses('stalk.already');
      given(declared).when(by('carol', { type: 'unstalk' })).thenRefuses('stalk.not_stalking');
    });

    it('stops when the incident is resolved', () => {
      const state = given(declared, { type: 'status.stalked', at, actor: 'carol' }).when(by('carol', { type: 'resolve' })).then({ type: 'incident.resolved', at: later, actor: 'carol' });
      expect(state.stalking).toBe(false);
    });
  });

  describe('when resolved', () => {
    it('accepts notes, noise reports and reopen only', () => {
      given(declared, resolved).when(by('carol', { type: 'add-note', text: 'late finding' })).then({ type: 'note.added', at: later, actor: 'carol', n: 1, text: 'late finding' });
      given(declared, resolved).when(by('dave', { type: 'report-noise', reason: 'fires every backup' })).then({ type: 'noise.reported', at: later, actor: 'dave', reason: 'fires every backup' });
      given(declared, resolved).when(by('dave', { type: 'report-noise' })).then({ type: 'noise.reported', at: later, actor: 'dave' });
      given(declared, resolved).when(by('carol', { type: 'reopen' })).then({ type: 'incident.reopened', at: later, actor: 'carol' });
      for (const command of [by('carol', { type: 'add-todo', text: 'x' }), by('carol', { type: 'change-severity', severity: 1 }), by('carol', { type: 'stalk' }), by('carol', { type: 'take-command' })]) {
        given(declared, resolved).when(command).thenRefuses('incident.resolved');
      }
    });

    it('refuses reopening an open incident', () => {
      given(declared).when(by('carol', { type: 'reopen' })).thenRefuses('incident.not_resolved');
    });
  });

  describe('security incidents', () => {
    const secret: IncidentEvent = { ...declared, private: true, lobby: 'security-incident' } as IncidentEvent;

    it('invites people once', () => {
      const state = given(secret).when(by('frank', { type: 'invite', person: 'dave', byLobbyMember: true })).then({ type: 'member.invited', at: later, actor: 'frank', person: 'dave' });
      expect(state.invited).toEqual(['dave']);
      given(secret, { type: 'member.invited', at, actor: 'frank', person: 'dave' }).when(by('frank', { type: 'invite', person: 'dave', byLobbyMember: true })).thenRefuses('member.already');
    });

    it('refuses invitations into an ordinary incident', () => {
      given(declared).when(by('frank', { type: 'invite', person: 'dave', byLobbyMember: true })).thenRefuses('member.not_private');
    });
  });
});

describe('merging', () => {
  const other = { id: 8, title: 'api errors', status: 'open' as const, exists: true, private: false };

  it('absorbs an open incident, and refuses a private one either way, or one merged already', () => {
    given(declared).when(by('carol', { type: 'absorb', other })).then({ type: 'incident.absorbed', at: later, actor: 'carol', from: 8, title: 'api errors' });
    given(declared).when(by('carol', { type: 'absorb', other: { ...other, private: true } })).thenRefuses('merge.private', { id: 8, here: 7 });
    given({ ...declared, private: true } as IncidentEvent).when(by('carol', { type: 'absorb', other })).thenRefuses('merge.private', { id: 8, here: 7 });
    given(declared).when(by('carol', { type: 'absorb', other: { ...other, status: 'resolved', mergedInto: 3 } })).thenRefuses('merge.already_merged', { id: 8, into: 3 });
  });

  it('lets the people a page reached into a private incident, once each, and records nothing for a public one', () => {
    const secret = { ...declared, private: true } as IncidentEvent;
    given(secret).when(by('system', { type: 'record-reached', people: ['erin', 'carol', 'erin'] })).then({ type: 'responders.reached', at: later, actor: 'system', people: ['erin'] });
    given(declared).when(by('system', { type: 'record-reached', people: ['erin'] })).then();
    const reached: IncidentEvent = { type: 'responders.reached', at, actor: 'system', people: ['erin'] };
    given(secret, reached).when(by('system', { type: 'record-reached', people: ['erin', 'frank'] })).then({ type: 'responders.reached', at: later, actor: 'system', people: ['frank'] });
  });
});
