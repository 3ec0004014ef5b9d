import type { PageTarget } from '../oncall/escalation.js';
import type { AssignableRole } from './roles.js';
import type { Severity } from './severity.js';

/**
 * What a person (or the system) asks of an incident. People are already
 * resolved to handles, and the clock arrives as `at`: `decide` stays pure.
 */
interface Envelope {
  readonly at: string;
  readonly actor: string;
  /** The sub-team whose room the command was typed in: notes, tasks and updates are tagged with it. */
  readonly subteam?: string;
}

/** A new incident: its room is `inc-<id>`, opened under `lobby` and in the lobby's language. */
export interface Declaration {
  id: number;
  title: string;
  severity: Severity;
  lobby: string;
  locale?: string;
  private: boolean;
}

export type Declare = Envelope & { type: 'declare' } & Declaration;
/**
 * `force` is `!ic take force <reason>`; `notice` is the room's record of what the previous IC is told (the
 * page's own message is written in their language when it opens, from the event's `notice`).
 */
export type TakeCommand = Envelope & { type: 'take-command'; force?: { reason: string; notice: string } };
export type HandOver = Envelope & { type: 'hand-over'; to: string };
export type AssignRole = Envelope & { type: 'assign-role'; role: AssignableRole; person: string };
/** `person` may be left out for a role with one holder (or one SME). */
export type RemoveRole = Envelope & { type: 'remove-role'; role: AssignableRole; person?: string };
/** The actor cannot join the call: `proxy` speaks for them there. */
export type NameProxy = Envelope & { type: 'name-proxy'; proxy: string };
export type ChangeSeverity = Envelope & { type: 'change-severity'; severity: Severity };
export type AddNote = Envelope & { type: 'add-note'; text: string };
export type AddTodo = Envelope & { type: 'add-todo'; text: string };
/** The pages and alerts of the incident were not worth waking anyone for: feedback for the review. */
export type ReportNoise = Envelope & { type: 'report-noise'; reason?: string };
export type AssignTask = Envelope & { type: 'assign-task'; owner: string; text: string };
export type CompleteTask = Envelope & { type: 'complete-task'; n: number };
export type Stalk = Envelope & { type: 'stalk' };
export type Unstalk = Envelope & { type: 'unstalk' };
/** `declaration` is used when there is no incident yet: `!ic page` declares one first. */
export type PageCommander = Envelope & {
  type: 'page-commander';
  message: string;
  primary?: string;
  backup?: string;
  shadows: string[];
  declaration: Declaration;
};
/** `declaration` is used when there is no incident yet, as for `!ic page`. */
export type PageResponders = Envelope & {
  type: 'page-responders';
  target: Exclude<PageTarget, { kind: 'commander' }>;
  message: string;
  declaration: Declaration;
};
/** A page reached these people (a team's or service's on-call, a later escalation level): of a private incident, they become members. */
export type RecordReached = Envelope & { type: 'record-reached'; people: readonly string[] };
export type Converse = Envelope & { type: 'converse'; text: string };
/** `byLobbyMember`: the actor is a member of the private lobby the incident belongs to. */
export type Invite = Envelope & { type: 'invite'; person: string; byLobbyMember?: boolean };
export type Resolve = Envelope & { type: 'resolve'; falseAlarm?: boolean };
export type Reopen = Envelope & { type: 'reopen' };
export type OpenSubteam = Envelope & { type: 'open-subteam'; name?: string; lead: string };
export type CloseSubteam = Envelope & { type: 'close-subteam'; name: string };
/** Fold `other` into this incident (decided on the incident that stays). */
export type Absorb = Envelope & {
  type: 'absorb';
  other: { id: number; title: string; status: 'open' | 'resolved'; exists: boolean; private: boolean; mergedInto?: number };
};
/** The other half of a merge, decided on the incident that ends. */
export type MergeInto = Envelope & { type: 'merge-into'; into: number };

export type Subscribe = Envelope & { type: 'subscribe'; group?: string; person?: string };
export type Unsubscribe = Envelope & { type: 'unsubscribe'; person: string };
export type PostUpdate = Envelope & { type: 'post-update'; text: string };
/** `components` are the services the draft names as affected, already checked against the configuration. */
export type DraftPublic = Envelope & { type: 'draft-public'; text: string; components: string[] };
/** `anyway`: the IC saw that the draft promises a time and publishes it all the same. */
export type ApprovePublic = Envelope & { type: 'approve-public'; n: number; anyway?: boolean };
/** `!public on`: a private incident may communicate beyond its members. */
export type OpenComms = Envelope & { type: 'open-comms' };
export type SetPublicTitle = Envelope & { type: 'set-public-title'; title: string };
/** A cadence timer found no update in time; `at` is when it fired. */
export type RecordMissedUpdate = Envelope & {
  type: 'record-missed-update';
  audience: 'executive' | 'public';
  level: 'liaison' | 'commander';
};

/** The auto-close timer fired after `!resolve`. */
export type ClosePublic = Envelope & { type: 'close-public' };

export type IncidentCommand =
  | Declare
  | TakeCommand
  | HandOver
  | AssignRole
  | RemoveRole
  | NameProxy
  | ChangeSeverity
  | AddNote
  | AddTodo
  | ReportNoise
  | AssignTask
  | CompleteTask
  | Stalk
  | Unstalk
  | PageCommander
  | PageResponders
  | RecordReached
  | Converse
  | Invite
  | Resolve
  | Reopen
  | OpenSubteam
  | CloseSubteam
  | Absorb
  | MergeInto
  | Subscribe
  | Unsubscribe
  | PostUpdate
  | DraftPublic
  | ApprovePublic
  | OpenComms
  | SetPublicTitle
  | RecordMissedUpdate
  | ClosePublic;
