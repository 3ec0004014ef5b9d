import { refuse, type Refusal } from '../refusal.js';
import type { AlertCommand } from './commands.js';
import type { AlertEvent } from './events.js';
import { findAlert, type AlertGroupState } from './state.js';

export type AlertDecision = AlertEvent[] | Refusal;

/**
 * Alerts are told apart by service and dedup key only, never by their text:
 * two problems with the same summary stay two alerts. Acknowledging or
 * resolving an alert the group does not hold open is accepted and changes
 * nothing, as PagerDuty drops such events.
 */
export function decideAlertGroup(state: AlertGroupState, command: AlertCommand): AlertDecision {
  const { at, actor } = command;
  switch (command.type) {
    case 'trigger': {
      const { alert } = command;
      const events: AlertEvent[] = [];
      if (!state.exists) {
        events.push({ type: 'alert.group.opened', at, actor, incidentId: command.target.incidentId, room: command.target.room });
      } else if (state.incidentId !== command.target.incidentId) {
        return refuse('alert.other_incident', { id: state.incidentId });
      }
      const existing = findAlert(state, alert.service, alert.dedupKey);
      if (existing && existing.status !== 'resolved') {
        events.push({ type: 'alert.repeated', at, actor, service: alert.service, dedupKey: alert.dedupKey, summary: alert.summary });
        return events;
      }
      events.push({ type: 'alert.triggered', at, actor, ...alert });
      if (command.pageService && !state.pagedServices.includes(alert.service)) {
        events.push({ type: 'service.page_requested', at, actor, service: alert.service, ...command.pageService });
      }
      return events;
    }
    case 'acknowledge': {
      const existing = findAlert(state, command.service, command.dedupKey);
      if (!existing || existing.status !== 'triggered') return [];
      return [{ type: 'alert.acknowledged', at, actor, service: command.service, dedupKey: command.dedupKey }];
    }
    case 'resolve': {
      const existing = findAlert(state, command.service, command.dedupKey);
      if (!existing || existing.status === 'resolved') return [];
      const events: AlertEvent[] = [{ type: 'alert.resolved', at, actor, service: command.service, dedupKey: command.dedupKey }];
      if (state.open === 1) events.push({ type: 'alert.group.all_resolved', at, actor, count: state.alerts.size });
      return events;
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}
