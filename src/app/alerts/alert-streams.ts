import type { ChangeRecorded } from '../../domain/alert/change.js';
import type { AlertEvent } from '../../domain/alert/events.js';
import { foldAlertGroup, initialAlertGroupState, type AlertGroupState } from '../../domain/alert/state.js';
import { FoldedStreams } from '../folded-streams.js';
import type { LiveFeed, NewEvent, RecordedEvent, Store } from '../../ports.js';

/** The alert group of an incident: every alert that joined it. */
const ALERT_GROUP_PREFIX = 'alert-group-';
export const alertGroupStream = (incidentId: number): string => `${ALERT_GROUP_PREFIX}${incidentId}`;
/** Change events (deploys, config changes) of the services whose incidents run in a room. */
/** Names a service's latest alert group (`alert.service.grouped {group}`): where its next alert goes. */
export const servicePointerStream = (service: string): string => `alert-service-${service}`;
export const changeStream = (room: string): string => `changes-${room}`;

export const ALERT_DIGEST = 'alert-digest';
export const digestJobKey = (incidentId: number, window: number): string => `alert-digest:${incidentId}:${window}`;

export const alertActor = (service: string): string => `alert:${service}`;

export function toStoredEvent(event: AlertEvent | ChangeRecorded): NewEvent {
  const { type, at, actor, ...data } = event;
  return { type, at, actor, data };
}

export function toAlertEvent(recorded: RecordedEvent): AlertEvent {
  return { type: recorded.type, at: recorded.at, actor: recorded.actor, ...recorded.data } as AlertEvent;
}

export function toChange(recorded: RecordedEvent): ChangeRecorded {
  return { type: 'change.recorded', at: recorded.at, actor: recorded.actor, ...recorded.data } as ChangeRecorded;
}

export interface LoadedGroup {
  state: AlertGroupState;
  version: number;
}

// A group's fold updates its alert map in place: each reader gets a copy (cheap beside reading a flood's events again).
const groups = new FoldedStreams<AlertGroupState>((state, events) => foldAlertGroup(events.map(toAlertEvent), state), initialAlertGroupState, {
  copy: (state) => ({ ...state, alerts: new Map(state.alerts) }),
  max: 200,
});

export async function loadAlertGroup(store: Pick<Store, 'readStream'>, incidentId: number): Promise<LoadedGroup> {
  return groups.load(store, alertGroupStream(incidentId));
}

/** Keeps the alert groups this process writes current from its feed: a digest after a flood then reads nothing back. */
export function followAlertGroups(store: Pick<Store, 'readStream'>, feed: LiveFeed): () => void {
  return groups.follow(store, feed, (stream) => stream.startsWith(ALERT_GROUP_PREFIX));
}

/** The latest changes reported for a room, newest first. */
export async function recentChanges(store: Store, room: string, limit: number): Promise<ChangeRecorded[]> {
  return (await store.readStreamBackwards(changeStream(room), undefined, limit)).map(toChange);
}
