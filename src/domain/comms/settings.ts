import type { Severity } from '../incident/severity.js';

/** A named list of people (and outside addresses) who hear about incidents, e.g. `SEV-1 Stakeholders`. */
export interface StakeholderGroup {
  readonly key: string;
  readonly name: string;
  /** Added to every incident that reaches this severity or a more severe one. */
  readonly severity?: Severity;
  readonly members: readonly string[];
  readonly emails: readonly string[];
}

/** Cadences, in minutes (fractions allowed so tests can shorten them). */
export interface CommsTimers {
  readonly executiveSummaryMinutes: number;
  readonly executiveEscalationMinutes: number;
  readonly firstPublicUpdateMinutes: number;
  readonly publicUpdateMinutes: number;
  readonly publicUpdateWindowMinutes: number;
  readonly reviewReminderHours: number;
  /** After `!resolve`, the public notice closes itself with a neutral line unless a closing update is approved first. */
  readonly publicAutoCloseMinutes: number;
  /** A cadence reminder repeats this many times without an update, then stops. */
  readonly reminderRepeats: number;
}

export interface CommsSettings {
  readonly stakeholders: ReadonlyMap<string, StakeholderGroup>;
  readonly statusPage: { readonly title: string; readonly publicUrl: string };
}

/** Finds a group as people type it: its key (`sev1-stakeholders`) or its name (`SEV-1 Stakeholders`). */
export function findGroup(groups: ReadonlyMap<string, StakeholderGroup>, typed: string): StakeholderGroup | undefined {
  const wanted = typed.trim().replace(/^[#@]/, '').toLowerCase();
  const byKey = groups.get(wanted);
  if (byKey) return byKey;
  for (const group of groups.values()) if (group.name.toLowerCase() === wanted) return group;
  return undefined;
}
