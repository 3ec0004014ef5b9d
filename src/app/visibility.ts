import { canSeeIncident } from '../domain/incident/visibility.js';
import type { Room } from '../domain/organisation.js';
import type { RecordedEvent, Store } from '../ports.js';
import { loadIncident } from './incidents.js';
import { incidentIdOfStream, isIncidentStream } from './streams.js';

/** The incident an event of a room or incident stream belongs to; undefined for a room line outside any incident. */
export function incidentOf(event: RecordedEvent): number | undefined {
  if (isIncidentStream(event.stream)) return incidentIdOfStream(event.stream);
  const id = event.data.incidentId;
  return typeof id === 'number' ? id : undefined;
}

/**
 * Decides which stored events a person may receive in a live view. Only room and incident streams
 * are ever shown; a private incident's events only to those who may see it (as in every other view),
 * and a security room's lines outside any incident only to its members.
 */
export class Visibility {
  readonly #store: Store;
  readonly #person: string;
  readonly #rooms: ReadonlyMap<string, Room>;
  readonly #public = new Set<number>();

  constructor(store: Store, person: string, rooms: ReadonlyMap<string, Room>) {
    this.#store = store;
    this.#person = person;
    this.#rooms = rooms;
  }

  async canSee(event: RecordedEvent): Promise<boolean> {
    const roomName = event.stream.startsWith('room-') ? event.stream.slice('room-'.length) : undefined;
    if (!isIncidentStream(event.stream) && roomName === undefined) return false;
    const id = incidentOf(event);
    if (id === undefined) {
      const room = roomName === undefined ? undefined : this.#rooms.get(roomName);
      return !room?.security || room.members.includes(this.#person);
    }
    if (this.#public.has(id)) return true;
    // An incident's events are committed with its row, so an event without a row is not shown.
    const row = await this.#store.getIncident(id);
    if (!row) return false;
    if (!row.private) {
      this.#public.add(id);
      return true;
    }
    const { state } = await loadIncident(this.#store, id);
    return canSeeIncident(this.#person, state, this.#rooms);
  }
}
