import type { AlertFacts } from './commands.js';

interface Envelope {
  readonly at: string;
  readonly actor: string;
}

/** The alert group of one incident: every alert that joined it, by service and dedup key. */
export type AlertGroupOpened = Envelope & { type: 'alert.group.opened'; incidentId: number; room: string };
/** A new alert, or one that fires again after it was resolved. */
export type AlertTriggered = Envelope & { type: 'alert.triggered' } & AlertFacts;
/** A trigger for an alert that is already open: de-duplicated by its key, only counted. */
export type AlertRepeated = Envelope & { type: 'alert.repeated'; service: string; dedupKey: string; summary: string };
export type AlertAcknowledged = Envelope & { type: 'alert.acknowledged'; service: string; dedupKey: string };
export type AlertResolved = Envelope & { type: 'alert.resolved'; service: string; dedupKey: string };
/** The last open alert of the group resolved. */
export type AlertsAllResolved = Envelope & { type: 'alert.group.all_resolved'; count: number };
/** The service's on-call was asked for, once per service and group (delivery is paging's concern). */
export type ServicePageRequested = Envelope & { type: 'service.page_requested'; service: string; team: string; person?: string };

export type AlertEvent =
  | AlertGroupOpened
  | AlertTriggered
  | AlertRepeated
  | AlertAcknowledged
  | AlertResolved
  | AlertsAllResolved
  | ServicePageRequested;
