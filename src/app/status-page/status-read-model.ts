import { nextFacts, nextPublicIncident, type IncidentFacts, type PublicIncident } from '../../domain/statuspage/public-view.js';
import type { LiveFeed, Logger, RecordedEvent, Store } from '../../ports.js';
import { evolveMaintenance, initialMaintenanceState } from '../../domain/maintenance/state.js';
import type { MaintenanceWindow } from '../../domain/maintenance/window.js';
import { MAINTENANCE_STREAM, toMaintenanceEvent } from '../maintenance/maintenance-stream.js';
import { incidentIdOfStream, isIncidentStream, toIncidentEvent } from '../streams.js';

const PAGE = 1000;

/**
 * The status page's read model, kept in memory and in step with the event
 * log: caught up from `readAll` at start, then after every local commit (the
 * live feed) and on a poll (commits of other instances). On a store whose
 * positions follow commit order, this process's commits are taken from the
 * feed as they come while they follow on from the last position, not read
 * back. Requests read memory only, so a busy store never slows the public page.
 */
export class StatusReadModel {
  readonly #facts = new Map<number, IncidentFacts>();
  readonly #incidents = new Map<number, PublicIncident>();
  #position = 0;
  #version = 0;
  #since: string | undefined;
  #maintenance = initialMaintenanceState();
  #updatedAt: string | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: { store: Store; feed: LiveFeed; log: Logger; pollMs?: number }) {}

  /** Increases whenever what the public sees may have changed; renderers cache by it. */
  get version(): number {
    return this.#version;
  }

  /** When the first event was recorded: the page's beginning. */
  get since(): string | undefined {
    return this.#since;
  }

  /** When what the public sees last changed. */
  get updatedAt(): string | undefined {
    return this.#updatedAt;
  }

  incidents(): PublicIncident[] {
    return [...this.#incidents.values()].sort((a, b) => b.id - a.id);
  }

  /** Every maintenance window announced, newest first: all of them are public. */
  maintenances(): MaintenanceWindow[] {
    return [...this.#maintenance.windows.values()].map(({ room: _room, ...window }: MaintenanceWindow & { room?: string }) => window).sort((a, b) => b.id - a.id);
  }

  incident(id: number): PublicIncident | undefined {
    return this.#incidents.get(id);
  }

  async start(): Promise<void> {
    await this.catchUp();
    this.#unsubscribe = this.deps.feed.subscribe((event) => {
      if (this.deps.store.positionsInCommitOrder && event.position === this.#position + 1) {
        if (this.#apply(event)) this.#version++;
      } else if (isIncidentStream(event.stream) || event.stream === MAINTENANCE_STREAM) void this.catchUp();
    });
    const poll = () => {
      this.#timer = setTimeout(() => void this.catchUp().finally(poll), this.deps.pollMs ?? 2000);
      this.#timer.unref?.();
    };
    poll();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#unsubscribe?.();
  }

  /** Reads what was committed since the last catch-up; concurrent calls share one pass (and one more if asked during it). */
  catchUp(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.#readAll();
        } while (this.#again);
      } catch (error) {
        this.deps.log.error({ err: error }, 'status page read model could not catch up');
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  /** Waits for a catch-up in flight, so a page served right after a commit shows it. */
  async settled(): Promise<void> {
    await this.#running;
  }

  async #readAll(): Promise<void> {
    for (;;) {
      const page = await this.deps.store.readAll(this.#position, PAGE);
      let changed = false;
      for (const recorded of page) changed = this.#apply(recorded) || changed;
      if (changed) this.#version++;
      if (page.length < PAGE) return;
    }
  }

  /**
   * Folds one event in and says whether the public view changed. Where the
   * feed is taken from, an event at or before the position reached (the feed
   * took it meanwhile) is passed over; elsewhere `readAll` gives each event
   * once, in commit order, whatever its position.
   */
  #apply(recorded: RecordedEvent): boolean {
    if (this.deps.store.positionsInCommitOrder && recorded.position <= this.#position) return false;
    this.#position = recorded.position;
    this.#since ??= recorded.at;
    if (recorded.stream === MAINTENANCE_STREAM) {
      this.#maintenance = evolveMaintenance(this.#maintenance, toMaintenanceEvent(recorded));
      if (!this.#updatedAt || recorded.at > this.#updatedAt) this.#updatedAt = recorded.at;
      return true;
    }
    const id = incidentIdOfStream(recorded.stream);
    if (id === undefined) return false;
    const event = toIncidentEvent(recorded);
    const facts = nextFacts(this.#facts.get(id), event);
    if (facts) this.#facts.set(id, facts);
    const before = this.#incidents.get(id);
    const after = nextPublicIncident(before, id, facts, event);
    if (!after && before) {
      this.#incidents.delete(id);
      return true;
    }
    if (after && after !== before) {
      this.#incidents.set(id, after);
      if (!this.#updatedAt || recorded.at > this.#updatedAt) this.#updatedAt = recorded.at;
      return true;
    }
    return false;
  }
}
