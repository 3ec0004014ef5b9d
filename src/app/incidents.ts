import { fold, initialState, type IncidentState } from '../domain/incident/state.js';
import type { EventStore } from '../ports.js';
import { FoldedStreams } from './folded-streams.js';
import { incidentStream, toIncidentEvent } from './streams.js';

export interface LoadedIncident {
  state: IncidentState;
  version: number;
}

// `evolve` never changes the state it is given, so one folded state serves every reader.
const incidents = new FoldedStreams<IncidentState>((state, events) => fold(events.map(toIncidentEvent), state), initialState);

export async function loadIncident(store: Pick<EventStore, 'readStream'>, id: number): Promise<LoadedIncident> {
  return incidents.load(store, incidentStream(id));
}
