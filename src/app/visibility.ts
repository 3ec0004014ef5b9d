import type { IncidentState } from '../domain/incident/state.js';
import type { RecordedEvent, Store } from '../ports.js';
import { loadIncident } from './incidents.js';
import { isIncidentStream } from './streams.js';

/** A private (security) incident is seen only by those in it: whoever declared it, holds a role, owns a task or was paged. */
export function isMember(state: IncidentState, person: string): boolean {
  const { roles } = state;
  return (
    state.declaredBy === person ||
    [roles.commander, roles.deputy, roles.scribe, roles.customer, roles.internal, ...roles.sme].includes(person) ||
    state.tasks.some((task) => task.owner === person) ||
    state.pages.some((page) => page.primary === person || page.backup === person || page.shadows.includes(person))
  );
}

/** The incident an event of a room or incident stream belongs to; undefined for a room line outside any incident. */
export function incidentOf(event: RecordedEvent): number | undefined {
  if (isIncidentStream(event.stream)) return Number(event.stream.slice('incident-'.length));
  const id = event.data.incidentId;
  return typeof id === 'number' ? id : undefined;
}

/**
 * Decides which stored events a person may receive in a live view. Only room and incident streams
 * are ever shown; events of a private incident only to its members. Keeps what it can per connection.
 */
export class Visibility {
  readonly #store: Store;
  readonly #person: string;
  readonly #public = new Set<number>();

  constructor(store: Store, person: string) {
    this.#store = store;
    this.#person = person;
  }

  async canSee(event: RecordedEvent): Promise<boolean> {
    if (!isIncidentStream(event.stream) && !event.stream.startsWith('room-')) return false;
    const id = incidentOf(event);
    if (id === undefined || this.#public.has(id)) return true;
    // An incident's events are committed with its row, so an event without a row is not shown.
    const row = await this.#store.getIncident(id);
    if (!row) return false;
    if (!row.private) {
      this.#public.add(id);
      return true;
    }
    return isMember((await loadIncident(this.#store, id)).state, this.#person);
  }
}
