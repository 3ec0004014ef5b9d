import { incidentLocale, parseRoomName, roomDisplayName } from '../../domain/incident/rooms.js';
import { canSeeIncident } from '../../domain/incident/visibility.js';
import type { IncidentState } from '../../domain/incident/state.js';
import type { Organisation, Room } from '../../domain/organisation.js';
import type { IncidentRow, Store } from '../../ports.js';
import { AppError } from '../errors.js';
import { loadIncident, type LoadedIncident } from '../incidents.js';

/** A room a person is in: a lobby of the configuration, or an incident's own room (or one of its sub-teams'). */
export type EnteredRoom =
  | { readonly kind: 'lobby'; readonly name: string; readonly locale: string; readonly lobby: Room }
  | {
      readonly kind: 'incident';
      readonly name: string;
      readonly locale: string;
      readonly incidentId: number;
      readonly subteam?: string;
      readonly loaded: LoadedIncident;
    };

/** What `GET /api/v1/rooms` lists. */
export interface RoomInfo {
  readonly name: string;
  readonly kind: 'lobby' | 'incident' | 'subteam';
  readonly display: string;
  readonly locale: string;
  readonly private: boolean;
  readonly incident?: number;
  readonly parent?: string;
  readonly lead?: string;
  readonly title?: string;
  readonly severity?: number;
  readonly status?: 'open' | 'resolved';
}

/**
 * Finds rooms and decides who may enter them: the one place a room name is
 * turned into a lobby or an incident. A room a person may not see answers
 * exactly like one that does not exist.
 */
export class RoomDirectory {
  constructor(
    private readonly store: Store,
    private readonly organisation: Organisation,
  ) {}

  lobbyOf(state: Pick<IncidentState, 'lobby'>): Room | undefined {
    return this.organisation.rooms.get(state.lobby);
  }

  localeOf(state: Pick<IncidentState, 'lobby' | 'locale'>): string {
    return incidentLocale(state, this.organisation);
  }

  canSee(viewer: string, state: IncidentState): boolean {
    return state.exists && canSeeIncident(viewer, state, this.organisation.rooms);
  }

  canEnterLobby(viewer: string, lobby: Room): boolean {
    return !lobby.security || lobby.members.includes(viewer);
  }

  /** Lobby names to suggest to a person: private lobbies only to their members. */
  visibleLobbyNames(viewer: string): string[] {
    return [...this.organisation.rooms.values()].filter((lobby) => this.canEnterLobby(viewer, lobby)).map((lobby) => lobby.name);
  }

  #unknown(name: string, viewer: string): AppError {
    return new AppError('error.unknown_room', 404, { room: name, rooms: this.visibleLobbyNames(viewer) });
  }

  /** The room, if `viewer` may enter it; otherwise the 404 of a room that does not exist. */
  async enter(name: string, viewer: string): Promise<EnteredRoom> {
    const lobby = this.organisation.rooms.get(name);
    if (lobby) {
      if (!this.canEnterLobby(viewer, lobby)) throw this.#unknown(name, viewer);
      return { kind: 'lobby', name, locale: lobby.locale, lobby };
    }
    const parsed = parseRoomName(name);
    if (parsed.kind === 'lobby') throw this.#unknown(name, viewer);
    const loaded = await loadIncident(this.store, parsed.incidentId);
    if (!this.canSee(viewer, loaded.state)) throw this.#unknown(name, viewer);
    if (parsed.subteam && !loaded.state.subteams.some((team) => team.name === parsed.subteam)) throw this.#unknown(name, viewer);
    return { kind: 'incident', name, locale: this.localeOf(loaded.state), incidentId: parsed.incidentId, subteam: parsed.subteam, loaded };
  }

  /** An incident by number for `viewer`: undefined when it does not exist or they may not see it. */
  async incident(id: number, viewer: string): Promise<LoadedIncident | undefined> {
    const loaded = await loadIncident(this.store, id);
    return this.canSee(viewer, loaded.state) ? loaded : undefined;
  }

  /** The open incidents a lobby has, as `viewer` may see them, oldest first. */
  async openInLobby(lobby: string, viewer: string): Promise<IncidentRow[]> {
    const rows = await this.store.listIncidents({ status: 'open', lobby, limit: 1000 });
    const visible: IncidentRow[] = [];
    for (const row of rows) {
      if (!row.private || this.canSee(viewer, (await loadIncident(this.store, row.id)).state)) visible.push(row);
    }
    return visible.sort((a, b) => a.id - b.id);
  }

  /** Every room `viewer` may see: lobbies, open incidents' rooms and their open sub-teams. */
  async list(viewer: string): Promise<RoomInfo[]> {
    const rooms: RoomInfo[] = [...this.organisation.rooms.values()]
      .filter((lobby) => this.canEnterLobby(viewer, lobby))
      .map((lobby) => ({ name: lobby.name, kind: 'lobby', display: `#${lobby.name}`, locale: lobby.locale, private: lobby.security }));
    const open = await this.store.listIncidents({ status: 'open', limit: 1000 });
    for (const row of open.sort((a, b) => a.id - b.id)) {
      const { state } = await loadIncident(this.store, row.id);
      if (!this.canSee(viewer, state)) continue;
      const common = { locale: this.localeOf(state), private: state.private, incident: state.id };
      rooms.push({ ...common, name: state.room, kind: 'incident', display: roomDisplayName(state.room, state.title), parent: state.lobby, title: state.title, severity: state.severity, status: state.status });
      for (const team of state.subteams.filter((candidate) => candidate.open)) {
        rooms.push({ ...common, name: team.room, kind: 'subteam', display: roomDisplayName(team.room), parent: state.room, lead: team.lead });
      }
    }
    return rooms;
  }
}
