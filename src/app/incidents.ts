import { fold, initialState, type IncidentState } from '../domain/incident/state.js';
import type { Store } from '../ports.js';
import { incidentStream, toIncidentEvent } from './streams.js';

export interface LoadedIncident {
  state: IncidentState;
  version: number;
}

export async function loadIncident(store: Store, id: number): Promise<LoadedIncident> {
  const recorded = await store.readStream(incidentStream(id));
  return {
    state: fold(recorded.map(toIncidentEvent), initialState()),
    version: recorded.at(-1)?.version ?? 0,
  };
}
