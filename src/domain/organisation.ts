import type { CommsSettings, CommsTimers } from './comms/settings.js';
import type { ContactChannel, Directory } from './people.js';
import type { EscalationPolicy } from './oncall/escalation.js';
import type { Schedule } from './oncall/schedule.js';

export interface ContactSummary {
  /** The room responders join, e.g. `incident-chat`. */
  readonly chatRoom: string;
  readonly callUrl: string;
  readonly phoneBridge: { readonly display: string; readonly dial: string; readonly pin: string };
  /** Where executive summaries go, e.g. `executive-summary-updates`. */
  readonly executiveRoom: string;
}

export interface Room {
  readonly name: string;
  readonly locale: string;
  /** Incidents declared here are private: only `members` and the people they invite see them. */
  readonly security: boolean;
  readonly members: readonly string[];
}

export interface Team {
  readonly name: string;
  readonly members: readonly string[];
  readonly schedule?: string;
  readonly escalationPolicy?: string;
}

export interface Service {
  readonly name: string;
  readonly team: string;
  readonly routingKey: string;
  readonly description?: string;
}

/** Who is paged by `!ic page`: the primary and backup IC schedules, and trainees shadowing them. */
export interface IncidentCommandRotation {
  readonly primary: string;
  readonly backup: string;
  readonly shadows: readonly string[];
  /** The escalation policy `!ic page` uses; without one, primary, backup and shadows on one level. */
  readonly escalationPolicy?: string;
}

/** How pages go out: the default acknowledgement timeout, and which channels have a notifier configured. */
export interface Paging {
  readonly ackTimeoutSeconds: number;
  readonly channels: readonly ContactChannel[];
}

export interface Timers extends CommsTimers {
  readonly statusStalkSeconds: number;
  /** The deputy's time call: how long the incident has run, posted every this many minutes. */
  readonly deputyTimeCallMinutes: number;
  /** The IC is reminded to hand over after this long on duty… */
  readonly handoverSuggestMinutes: number;
  /** …and told to, at this point (the runbook's 3 hours). */
  readonly handoverInsistMinutes: number;
}

/** Everything the configuration file says about the organisation, already validated. */
export interface Organisation {
  readonly name: string;
  readonly defaultLocale: string;
  readonly contact: ContactSummary;
  readonly people: Directory;
  /** May change any schedule's on-call (overrides). */
  readonly admins?: readonly string[];
  readonly rooms: ReadonlyMap<string, Room>;
  readonly teams: ReadonlyMap<string, Team>;
  readonly services: ReadonlyMap<string, Service>;
  readonly schedules: ReadonlyMap<string, Schedule>;
  readonly incidentCommand: IncidentCommandRotation;
  readonly escalationPolicies: ReadonlyMap<string, EscalationPolicy>;
  readonly paging: Paging;
  readonly defaultPageSeverity: 1 | 2 | 3 | 4 | 5;
  readonly timers: Timers;
  readonly comms: CommsSettings;
}
