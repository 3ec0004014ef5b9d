import type { IncidentEvent } from '../domain/incident/events.js';
import type { Timers } from '../domain/organisation.js';
import type { JobSpec } from '../ports.js';
import { commsTimersFor } from './comms/comms-timers.js';
import { pageOpenJobs } from './paging/page-timers.js';

export const STATUS_STALK = 'status-stalk';
export const TIME_CALL = 'time-call';
export const HANDOVER_REMINDER = 'handover-reminder';

export const stalkJobKey = (incidentId: number): string => `stalk:${incidentId}`;
export const timeCallJobKey = (incidentId: number): string => `time-call:${incidentId}`;
export const handoverJobKey = (incidentId: number): string => `handover:${incidentId}`;

export function addSeconds(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString();
}

/** The durable timers that events start and stop; committed with the events themselves. */
export function timersFor(
  incidentId: number,
  events: readonly IncidentEvent[],
  timers: Timers,
): { schedule: JobSpec[]; cancel: string[] } {
  const schedule: JobSpec[] = [];
  const cancel: string[] = [];
  const timeCall = (from: string) =>
    schedule.push({ key: timeCallJobKey(incidentId), kind: TIME_CALL, dueAt: addSeconds(from, timers.deputyTimeCallMinutes * 60), payload: { incidentId } });
  for (const event of events) {
    switch (event.type) {
      case 'incident.declared':
      case 'incident.reopened':
        timeCall(event.at);
        break;
      case 'status.stalked':
        schedule.push({
          key: stalkJobKey(incidentId),
          kind: STATUS_STALK,
          dueAt: addSeconds(event.at, timers.statusStalkSeconds),
          payload: { incidentId },
        });
        break;
      case 'commander.assigned':
        // A new IC starts a new shift: the reminder follows the person, not the incident.
        schedule.push({
          key: handoverJobKey(incidentId),
          kind: HANDOVER_REMINDER,
          dueAt: addSeconds(event.at, timers.handoverSuggestMinutes * 60),
          payload: { incidentId, commander: event.person, since: event.at, stage: 'suggest' },
        });
        break;
      case 'status.unstalked':
        cancel.push(stalkJobKey(incidentId));
        break;
      case 'incident.resolved':
        cancel.push(stalkJobKey(incidentId), timeCallJobKey(incidentId), handoverJobKey(incidentId));
        break;
    }
  }
  schedule.push(...pageOpenJobs(incidentId, events));
  const comms = commsTimersFor(incidentId, events, timers);
  return { schedule: [...schedule, ...comms.schedule], cancel: [...cancel, ...comms.cancel] };
}
