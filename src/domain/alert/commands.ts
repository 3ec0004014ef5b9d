import type { AlertSeverity } from './alert-severity.js';

interface Envelope {
  readonly at: string;
  readonly actor: string;
}

export interface AlertLink {
  readonly href: string;
  readonly text?: string;
}

export interface AlertImage {
  readonly src: string;
  readonly href?: string;
  readonly alt?: string;
}

/** What a monitoring event says about one alert, already validated at the edge. */
export interface AlertFacts {
  readonly service: string;
  readonly dedupKey: string;
  readonly summary: string;
  readonly source: string;
  readonly severity: AlertSeverity;
  readonly timestamp?: string;
  readonly component?: string;
  readonly group?: string;
  readonly class?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly links?: readonly AlertLink[];
  readonly images?: readonly AlertImage[];
}

/** The incident and room a group belongs to; used only when the trigger opens the group. */
export interface GroupTarget {
  readonly incidentId: number;
  readonly room: string;
}

/**
 * `pageService` says whether this alert's service would be paged through its own
 * policy (its severity is not major); the decider pages each service once per group.
 */
export type TriggerAlert = Envelope & {
  type: 'trigger';
  alert: AlertFacts;
  target: GroupTarget;
  pageService?: { team: string; person?: string };
};
export type AcknowledgeAlert = Envelope & { type: 'acknowledge'; service: string; dedupKey: string };
export type ResolveAlert = Envelope & { type: 'resolve'; service: string; dedupKey: string };

export type AlertCommand = TriggerAlert | AcknowledgeAlert | ResolveAlert;
