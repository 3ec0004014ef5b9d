import type { PageTarget } from '../oncall/escalation.js';
import type { AssignableRole } from './roles.js';
import type { Severity } from './severity.js';

/** Every event says when it happened and who caused it (a person's handle, or `system`). */
interface Envelope {
  readonly at: string;
  readonly actor: string;
}

export type IncidentDeclared = Envelope & {
  type: 'incident.declared';
  id: number;
  title: string;
  severity: Severity;
  /** The incident's own room, `inc-<id>`. */
  room: string;
  /** The lobby it was declared from (or the alerting service's lobby); its language is the room's. */
  lobby?: string;
  locale?: string;
  private: boolean;
};
/** A sub-team of the incident with its own room and lead, who reports to the IC. */
export type SubteamOpened = Envelope & { type: 'subteam.opened'; name: string; lead: string; room: string };
export type SubteamClosed = Envelope & { type: 'subteam.closed'; name: string };
/** This incident was folded into `into`: it ends here, and its alerts and pages continue there. */
export type IncidentMerged = Envelope & { type: 'incident.merged'; into: number };
/** Incident `from` was folded into this one. */
export type IncidentAbsorbed = Envelope & { type: 'incident.absorbed'; from: number; title: string };
/** The IC was told once that more people are active than one IC can direct. */
export type SpanOfControlExceeded = Envelope & { type: 'span.exceeded'; active: number };
/** `forced`: taken with `!ic take force <reason>` from a sitting IC, who was paged about it. */
export type CommanderAssigned = Envelope & {
  type: 'commander.assigned';
  person: string;
  previous?: string;
  forced?: { reason: string };
};
export type RoleAssigned = Envelope & {
  type: 'role.assigned';
  role: AssignableRole;
  person: string;
  previous?: string;
};
export type RoleRemoved = Envelope & { type: 'role.removed'; role: AssignableRole; person: string };
export type ProxyNamed = Envelope & { type: 'proxy.named'; person: string; proxy: string };
export type SeverityChanged = Envelope & { type: 'severity.changed'; from: Severity; to: Severity };
export type NoteAdded = Envelope & { type: 'note.added'; n: number; text: string; subteam?: string };
/** A follow-up; one carried from an open task keeps the task's owner. */
/** Someone found the incident's pages not worth waking anyone for: feedback the review's timeline shows. */
export type NoiseReported = Envelope & { type: 'noise.reported'; reason?: string };
export type TodoAdded = Envelope & { type: 'todo.added'; n: number; text: string; fromTask?: number; owner?: string; subteam?: string };
export type TaskAssigned = Envelope & { type: 'task.assigned'; n: number; owner: string; text: string; subteam?: string };
/** `movedTo`: closed by `!resolve`, which carried it into that follow-up. */
export type TaskCompleted = Envelope & { type: 'task.completed'; n: number; movedTo?: number };
export type StatusStalked = Envelope & { type: 'status.stalked' };
export type StatusUnstalked = Envelope & { type: 'status.unstalked' };
export type CommanderPaged = Envelope & {
  type: 'commander.paged';
  message: string;
  primary?: string;
  backup?: string;
  shadows: string[];
};
/**
 * Why a person is paged when it is to tell them something rather than to ask for help: the page's
 * message is then written from it when the page opens, in the language of the person it goes to.
 */
export type PageNotice = { kind: 'handover'; from: string } | { kind: 'forced'; from: string; reason: string };
/** `!ic page <team|service|person>`, or an alert for a service: page them through their escalation policy. */
export type RespondersPaged = Envelope & {
  type: 'responders.paged';
  target: Exclude<PageTarget, { kind: 'commander' }>;
  /** Empty when `notice` says what the page is for. */
  message: string;
  notice?: PageNotice;
};
/** A page of a private incident reached people who were not members: they may open it now. */
export type RespondersReached = Envelope & { type: 'responders.reached'; people: string[] };
export type ConversationPosted = Envelope & { type: 'conversation.posted'; text: string };
/** Someone is let into a private (security) incident. */
export type MemberInvited = Envelope & { type: 'member.invited'; person: string };
export type IncidentResolved = Envelope & { type: 'incident.resolved'; falseAlarm?: boolean };
export type IncidentReopened = Envelope & { type: 'incident.reopened' };

/** Stakeholder communication: who hears of the incident, executive summaries, public updates. */
export type SubscriberAdded = Envelope & { type: 'subscriber.added'; group?: string; person?: string };
export type SubscriberRemoved = Envelope & { type: 'subscriber.removed'; person: string };
export type UpdatePosted = Envelope & { type: 'update.posted'; n: number; text: string; subteam?: string };
/** A cadence was missed: `remind` is who was told (the liaison first, then the IC). */
export type UpdateMissed = Envelope & {
  type: 'update.missed';
  audience: 'executive' | 'public';
  level: 'liaison' | 'commander';
  remind?: string;
  since: string;
};
/** The decision to go public (a first draft, or SEV-1): public updates are due from here on. */
export type PublicStarted = Envelope & { type: 'public.started' };
/** The IC let a private incident communicate beyond its members (executive summaries, public updates). */
export type CommsOpened = Envelope & { type: 'comms.opened' };
export type PublicDrafted = Envelope & { type: 'public.drafted'; n: number; text: string; components: string[]; eta: string[] };
export type PublicPublished = Envelope & { type: 'public.published'; n: number; text: string; components: string[] };
/** The IC names the incident for the public (`!public title …`): shown instead of "Incident #N". */
export type PublicTitled = Envelope & { type: 'public.titled'; title: string };
/** Nobody approved a closing update in time after `!resolve`: the public notice closes with a neutral line. */
export type PublicAutoClosed = Envelope & { type: 'public.auto_closed' };

export type IncidentEvent =
  | IncidentDeclared
  | CommanderAssigned
  | RoleAssigned
  | RoleRemoved
  | ProxyNamed
  | SeverityChanged
  | NoteAdded
  | TodoAdded
  | NoiseReported
  | TaskAssigned
  | TaskCompleted
  | StatusStalked
  | StatusUnstalked
  | CommanderPaged
  | RespondersPaged
  | RespondersReached
  | ConversationPosted
  | MemberInvited
  | IncidentResolved
  | IncidentReopened
  | SubscriberAdded
  | SubscriberRemoved
  | UpdatePosted
  | UpdateMissed
  | PublicStarted
  | PublicDrafted
  | PublicPublished
  | PublicAutoClosed
  | CommsOpened
  | PublicTitled
  | SubteamOpened
  | SubteamClosed
  | IncidentMerged
  | IncidentAbsorbed
  | SpanOfControlExceeded;


export type IncidentEventType = IncidentEvent['type'];
