import type { MaintenanceCommand } from '../../domain/maintenance/commands.js';
import { decideMaintenance } from '../../domain/maintenance/decide.js';
import { announceRefusal, endRefusal } from '../../domain/maintenance/ownership.js';
import { evolveMaintenance } from '../../domain/maintenance/state.js';
import { parseWhen } from '../../domain/maintenance/when.js';
import { phaseAt, type MaintenanceWindow } from '../../domain/maintenance/window.js';
import type { Organisation } from '../../domain/organisation.js';
import { isRefusal, refuse, type Refusal } from '../../domain/refusal.js';
import type { Clock, Commit, JobSpec, LiveFeed, NewEvent, Store } from '../../ports.js';
import { decideAndCommit } from '../commit-loop.js';
import { refusalParams, t, type RenderContext } from '../render/context.js';
import { botLine, roomStream } from '../streams.js';
import { maintenanceLine, windowParams } from './maintenance-lines.js';
import {
  endJobKey,
  loadMaintenances,
  MAINTENANCE_END,
  MAINTENANCE_NOTICE,
  MAINTENANCE_START,
  MAINTENANCE_STREAM,
  startJobKey,
  toNewMaintenanceEvent,
} from './maintenance-stream.js';

export interface ScheduleRequest {
  readonly components: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly actor: string;
  /** The room it was announced from; its start and end are told there (else in the contact summary's room). */
  readonly room?: string;
  readonly key?: string;
}

export interface MaintenanceDeps {
  store: Store;
  feed: LiveFeed;
  clock: Clock;
  organisation: Organisation;
  renderContext(locale: string): RenderContext;
}

/** Lines for the room the command came from, stored in the same commit as the decision. */
type RoomLines = (window: MaintenanceWindow) => { room: string; events: NewEvent[] } | undefined;

/**
 * Maintenance windows: announced ahead (status page, feeds, API, subscribers),
 * silencing pages for their services while they run, ended on time by a
 * durable timer or early by command.
 */
export class Maintenances {
  constructor(private readonly deps: MaintenanceDeps) {}

  async list(): Promise<MaintenanceWindow[]> {
    const { state } = await loadMaintenances(this.deps.store);
    return [...state.windows.values()].sort((a, b) => b.id - a.id);
  }

  /** Checks the services named against the configuration, then decides and stores. */
  async schedule(request: ScheduleRequest, roomLines?: RoomLines): Promise<MaintenanceWindow | Refusal> {
    const services = [...this.deps.organisation.services.keys()];
    const unknown = request.components.filter((name) => !services.includes(name));
    if (unknown.length > 0) return refuse('maintenance.unknown_components', { given: unknown, components: services });
    const foreign = announceRefusal(this.deps.organisation, request.actor, request.components);
    if (foreign) return foreign;
    const at = this.deps.clock.now().toISOString();
    return this.#run({ type: 'schedule-maintenance', at, ...request }, roomLines);
  }

  async end(id: number, actor: string, roomLines?: RoomLines): Promise<MaintenanceWindow | Refusal> {
    const window = (await this.list()).find((candidate) => candidate.id === id);
    const foreign = window && endRefusal(this.deps.organisation, actor, window);
    if (foreign) return foreign;
    return this.#run({ type: 'end-maintenance', at: this.deps.clock.now().toISOString(), actor, id }, roomLines);
  }

  /** `!maintenance …` typed in a room: times in the author's own time zone. */
  async chat(ctx: RenderContext, room: string, author: string, line: string, intent: ChatIntent): Promise<{ text: string; error?: boolean }> {
    const lines = (text: (window: MaintenanceWindow) => string): RoomLines => (window) => ({
      room,
      events: [
        { type: 'message.posted', at: ctx.now.toISOString(), actor: author, data: { text: line } },
        botLine(ctx.now.toISOString(), text(window), undefined, 'maintenance'),
      ],
    });
    if (intent.kind === 'maintenance-list') {
      const current = (await this.list()).filter((window) => phaseAt(window, ctx.now) !== 'completed');
      return { text: current.length ? current.map((window) => maintenanceLine(ctx, window)).join('\n') : t(ctx, 'maintenance.none') };
    }
    let outcome: MaintenanceWindow | Refusal;
    if (intent.kind === 'maintenance-end') {
      outcome = await this.end(intent.id, author, lines((window) => t(ctx, 'maintenance.ended_early', windowParams(ctx, window, author))));
    } else {
      const zone = this.deps.organisation.people.get(author)?.timezone ?? 'UTC';
      const from = parseWhen(intent.from, zone, ctx.now);
      const to = from && parseWhen(intent.to, zone, ctx.now, from);
      if (!from || !to) return { text: `${t(ctx, 'maintenance.bad_time', { given: !from ? intent.from : intent.to, zone })}\n${t(ctx, 'common.correct_form', { usage: t(ctx, 'usage.maintenance') })}`, error: true };
      outcome = await this.schedule({ components: intent.components, from, to, text: intent.text, actor: author, room }, lines((window) => t(ctx, 'maintenance.scheduled', windowParams(ctx, window))));
    }
    if (isRefusal(outcome)) return { text: t(ctx, `refusal.${outcome.code}`, refusalParams(ctx, outcome.params)), error: true };
    return { text: t(ctx, intent.kind === 'maintenance-end' ? 'maintenance.ended_early' : 'maintenance.scheduled', windowParams(ctx, outcome, author)) };
  }

  async #run(command: MaintenanceCommand, roomLines?: RoomLines): Promise<MaintenanceWindow | Refusal> {
    const { result } = await decideAndCommit<MaintenanceWindow | Refusal>({ store: this.deps.store, feed: this.deps.feed }, async () => {
      const { state, version } = await loadMaintenances(this.deps.store);
      const decision = decideMaintenance(state, command);
      if (isRefusal(decision)) return { result: decision };
      // A configured window already stored: nothing to do.
      if (decision.length === 0) return { result: [...state.windows.values()].find((window) => command.type === 'schedule-maintenance' && window.key === command.key)! };
      const next = decision.reduce(evolveMaintenance, state);
      const id = decision[0].id;
      const window = next.windows.get(id)!;
      const lines = roomLines?.(window);
      const commit: Commit = {
        appends: [
          { stream: MAINTENANCE_STREAM, expectedVersion: version, events: decision.map(toNewMaintenanceEvent) },
          ...(lines ? [{ stream: roomStream(lines.room), expectedVersion: 'any' as const, events: lines.events }] : []),
        ],
        ...this.#timers(command, window),
      };
      return { result: window, commit };
    });
    return result;
  }

  #timers(command: MaintenanceCommand, window: MaintenanceWindow): { schedule: JobSpec[]; cancel: string[] } {
    const payload = { id: window.id };
    if (command.type === 'end-maintenance') {
      return { schedule: [], cancel: [startJobKey(window.id), endJobKey(window.id)] };
    }
    const schedule: JobSpec[] = [
      { key: endJobKey(window.id), kind: MAINTENANCE_END, dueAt: window.to, payload },
      { key: `maintenance-notice:${window.id}`, kind: MAINTENANCE_NOTICE, dueAt: command.at, payload },
    ];
    if (window.from > command.at) schedule.push({ key: startJobKey(window.id), kind: MAINTENANCE_START, dueAt: window.from, payload });
    return { schedule, cancel: [] };
  }
}

export type ChatIntent =
  | { kind: 'maintenance'; components: string[]; from: string; to: string; text: string }
  | { kind: 'maintenance-end'; id: number }
  | { kind: 'maintenance-list' };
