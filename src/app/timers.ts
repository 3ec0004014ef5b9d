import type { IncidentEvent } from '../domain/incident/events.js';
import type { Timers } from '../domain/organisation.js';
import type { JobSpec } from '../ports.js';
import { pageOpenJobs } from './paging/page-timers.js';

export const STATUS_STALK = 'status-stalk';
export const stalkJobKey = (incidentId: number): string => `stalk:${incidentId}`;

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
  for (const event of events) {
    switch (event.type) {
      case 'status.stalked':
        schedule.push({
          key: stalkJobKey(incidentId),
          kind: STATUS_STALK,
          dueAt: addSeconds(event.at, timers.statusStalkSeconds),
          payload: { incidentId },
        });
        break;
      case 'status.unstalked':
      case 'incident.resolved':
        cancel.push(stalkJobKey(incidentId));
        break;
    }
  }
  schedule.push(...pageOpenJobs(incidentId, events));
  return { schedule, cancel };
}
