import type { IncidentEvent } from '../../domain/incident/events.js';
import { isMajor } from '../../domain/incident/severity.js';
import type { Timers } from '../../domain/organisation.js';
import type { JobSpec } from '../../ports.js';

export const EXECUTIVE_SUMMARY_DUE = 'executive-summary-due';
export const PUBLIC_UPDATE_DUE = 'public-update-due';
export const DELIVER_UPDATE = 'deliver-executive-summary';
export const NOTIFY_STATUS_SUBSCRIBERS = 'notify-status-subscribers';
export const CREATE_REVIEW = 'create-review';
export const REOPEN_REVIEW = 'reopen-review';
export const PUBLIC_AUTO_CLOSE = 'public-auto-close';
const publicCloseKey = (incidentId: number): string => `public-close:${incidentId}`;

export const executiveJobKey = (incidentId: number): string => `executive-summary:${incidentId}`;
export const publicJobKey = (incidentId: number): string => `public-updates:${incidentId}`;

export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

/**
 * The durable timers stakeholder communication needs, derived from events:
 * cadence reminders (moved forward by every update), deliveries (one job per
 * update, so a restart neither loses nor repeats one) and the review draft.
 */
export function commsTimersFor(incidentId: number, events: readonly IncidentEvent[], timers: Timers): { schedule: JobSpec[]; cancel: string[] } {
  const schedule: JobSpec[] = [];
  const cancel: string[] = [];
  const executive = (at: string) =>
    schedule.push({
      key: executiveJobKey(incidentId),
      kind: EXECUTIVE_SUMMARY_DUE,
      dueAt: addMinutes(at, timers.executiveSummaryMinutes),
      payload: { incidentId, level: 'liaison' },
    });
  const publicDue = (at: string, minutes: number) =>
    schedule.push({ key: publicJobKey(incidentId), kind: PUBLIC_UPDATE_DUE, dueAt: addMinutes(at, minutes), payload: { incidentId } });

  for (const event of events) {
    switch (event.type) {
      case 'incident.declared':
        if (isMajor(event.severity)) executive(event.at);
        break;
      case 'severity.changed':
        if (isMajor(event.to) && !isMajor(event.from)) executive(event.at);
        if (!isMajor(event.to)) cancel.push(executiveJobKey(incidentId));
        break;
      case 'incident.reopened':
        executive(event.at);
        cancel.push(publicCloseKey(incidentId));
        schedule.push({ key: `reopen-review:${incidentId}`, kind: REOPEN_REVIEW, dueAt: event.at, payload: { incidentId, actor: event.actor, at: event.at } });
        break;
      case 'update.posted':
        executive(event.at);
        schedule.push({
          key: `deliver-update:${incidentId}:${event.n}`,
          kind: DELIVER_UPDATE,
          dueAt: event.at,
          payload: { incidentId, n: event.n },
        });
        break;
      case 'public.started':
        publicDue(event.at, timers.firstPublicUpdateMinutes);
        break;
      case 'public.published':
        publicDue(event.at, timers.publicUpdateMinutes);
        schedule.push({
          key: `notify-status:${incidentId}:${event.n}`,
          kind: NOTIFY_STATUS_SUBSCRIBERS,
          dueAt: event.at,
          payload: { incidentId, n: event.n },
        });
        break;
      case 'incident.resolved':
        cancel.push(executiveJobKey(incidentId), publicJobKey(incidentId));
        schedule.push({ key: `create-review:${incidentId}`, kind: CREATE_REVIEW, dueAt: event.at, payload: { incidentId } });
        // Harmless when nothing was published: the job finds nothing to close.
        schedule.push({ key: publicCloseKey(incidentId), kind: PUBLIC_AUTO_CLOSE, dueAt: addMinutes(event.at, timers.publicAutoCloseMinutes), payload: { incidentId } });
        break;
    }
  }
  // The store cancels before it schedules: a timer stopped in the same batch must not be scheduled again.
  return { schedule: schedule.filter((job) => !cancel.includes(job.key)), cancel };
}
