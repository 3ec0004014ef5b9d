import type { IncidentEvent } from '../incident/events.js';
import { isMajor, type Severity } from '../incident/severity.js';

export interface Draft {
  readonly n: number;
  readonly text: string;
  readonly by: string;
  readonly at: string;
  readonly components: readonly string[];
  readonly eta: readonly string[];
  readonly publishedAt?: string;
}

export interface Update {
  readonly n: number;
  readonly text: string;
  readonly by: string;
  readonly at: string;
}

/** What an incident's events say about its stakeholders, executive summaries and public updates. */
export interface CommsState {
  /** The most severe level the incident ever reached: stakeholder groups follow it. */
  readonly peakSeverity: Severity;
  /** When the incident last became major (SEV-1/SEV-2): the executive cadence counts from here. */
  readonly majorSince?: string;
  readonly major: boolean;
  readonly groups: readonly string[];
  readonly people: readonly string[];
  /** People who unsubscribed themselves; they stay out even when a group they belong to is in. */
  readonly optedOut: readonly string[];
  readonly updates: readonly Update[];
  readonly drafts: readonly Draft[];
  readonly publicSince?: string;
  /** A private incident's IC allowed communication beyond its members (`!public on`). */
  readonly opened?: boolean;
  readonly lastPublishedAt?: string;
  readonly falseAlarm: boolean;
  /** The incident's name on the status page, set by the IC. */
  readonly publicTitle?: string;
}

export function initialComms(): CommsState {
  return { peakSeverity: 5, major: false, groups: [], people: [], optedOut: [], updates: [], drafts: [], falseAlarm: false };
}

function reach(comms: CommsState, severity: Severity, at: string, wasMajor: boolean): CommsState {
  return {
    ...comms,
    peakSeverity: severity < comms.peakSeverity ? severity : comms.peakSeverity,
    major: isMajor(severity),
    majorSince: isMajor(severity) && !wasMajor ? at : comms.majorSince,
  };
}

export function evolveComms(comms: CommsState, event: IncidentEvent): CommsState {
  switch (event.type) {
    case 'incident.declared':
      return reach(initialComms(), event.severity, event.at, false);
    case 'severity.changed':
      return reach(comms, event.to, event.at, isMajor(event.from));
    case 'incident.reopened':
      return { ...comms, falseAlarm: false, majorSince: comms.major ? event.at : comms.majorSince };
    case 'incident.resolved':
      return { ...comms, falseAlarm: event.falseAlarm === true };
    case 'subscriber.added':
      if (event.group) return { ...comms, groups: [...comms.groups, event.group] };
      if (event.person) {
        return { ...comms, people: [...comms.people, event.person], optedOut: comms.optedOut.filter((person) => person !== event.person) };
      }
      return comms;
    case 'subscriber.removed':
      return {
        ...comms,
        people: comms.people.filter((person) => person !== event.person),
        optedOut: comms.optedOut.includes(event.person) ? comms.optedOut : [...comms.optedOut, event.person],
      };
    case 'update.posted':
      return { ...comms, updates: [...comms.updates, { n: event.n, text: event.text, by: event.actor, at: event.at }] };
    case 'public.started':
      return { ...comms, publicSince: comms.publicSince ?? event.at };
    case 'comms.opened':
      return { ...comms, opened: true };
    case 'public.drafted':
      return {
        ...comms,
        drafts: [...comms.drafts, { n: event.n, text: event.text, by: event.actor, at: event.at, components: event.components, eta: event.eta }],
      };
    case 'public.titled':
      return { ...comms, publicTitle: event.title };
    case 'public.published':
      return {
        ...comms,
        lastPublishedAt: event.at,
        drafts: comms.drafts.map((draft) => (draft.n === event.n ? { ...draft, publishedAt: event.at } : draft)),
      };
    default:
      return comms;
  }
}

/** When the executive cadence last restarted: the last summary, or the moment the incident became major. */
export function lastExecutiveUpdateAt(comms: CommsState): string | undefined {
  return comms.updates.at(-1)?.at ?? comms.majorSince;
}
