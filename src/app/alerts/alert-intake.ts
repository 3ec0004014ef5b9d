import { maintenanceFor, type MaintenanceWindow } from '../../domain/maintenance/window.js';
import { admit, type RateWindow } from '../../domain/alert/rate-limit.js';
import type { AlertPolicy } from '../../domain/alert/policy.js';
import type { Organisation } from '../../domain/organisation.js';
import { type Clock, type LiveFeed, type Logger, type RecordedEvent, type Store } from '../../ports.js';
import { decideAndCommit } from '../commit-loop.js';
import { loadIncident } from '../incidents.js';
import type { RenderContext } from '../render/context.js';
import { AlertBatch, type IngestEvent, type ServiceView } from './alert-batch.js';
import { followAlertGroups, loadAlertGroup, recentChanges, servicePointerStream } from './alert-streams.js';

export type { IngestEvent } from './alert-batch.js';

export type IngestOutcome = { readonly accepted: true } | { readonly accepted: false; readonly retryAfterSeconds: number };

export interface AlertIntakeDeps {
  store: Store;
  clock: Clock;
  organisation: Organisation;
  policies: ReadonlyMap<string, AlertPolicy>;
  renderContext(locale: string): RenderContext;
  feed: LiveFeed;
  log: Logger;
  /** The maintenance windows as stored now: read once per batch, so a window stored meanwhile counts from the next one. */
  maintenanceWindows?: () => Promise<readonly MaintenanceWindow[]>;
}

interface Pending {
  event: IngestEvent;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 2000;
const MAX_ATTEMPTS = 20;
const RECENT_CHANGES = 3;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const answer = (batch: readonly Pending[]) => {
  for (const pending of batch) pending.resolve({ accepted: true });
};
const reject = (batch: readonly Pending[], error: unknown) => {
  for (const pending of batch) pending.reject(error);
};

/**
 * Takes monitoring events in and answers only once they are committed.
 * Concurrent events are group-committed: whatever arrived while the previous
 * commit ran goes into the next one, a single transaction, so a 202 always
 * means "stored" and the cost of a durable commit is shared by the batch.
 *
 * The rooms' current incident and alert group are kept in memory between
 * batches; every commit still checks their stream versions, so a change made
 * elsewhere (a chat command, another instance) makes the batch conflict, and
 * it is decided again on fresh state.
 */
export class AlertIntake {
  readonly #deps: AlertIntakeDeps;
  readonly #byRoutingKey: Map<string, AlertPolicy>;
  readonly #rates = new Map<string, RateWindow>();
  readonly #views = new Map<string, ServiceView>();
  /** Stream versions this process wrote or read last; a feed event beyond them means someone else wrote. */
  readonly #known = new Map<string, { service: string; version: number }>();
  /** The clock's last reading and its ISO form: a flood reads it thousands of times a millisecond apart. */
  #clock = { ms: Number.NaN, iso: '' };
  #queue: Pending[] = [];
  #flushing = false;
  #closed = false;
  readonly #unsubscribe: () => void;

  constructor(deps: AlertIntakeDeps) {
    this.#deps = deps;
    this.#byRoutingKey = new Map([...deps.policies.values()].map((policy) => [policy.routingKey, policy]));
    const observing = deps.feed.subscribe((event) => this.#observe(event));
    // The groups this intake writes stay current in the shared cache, so a digest never reads a flood back.
    const following = followAlertGroups(deps.store, deps.feed);
    this.#unsubscribe = () => {
      observing();
      following();
    };
  }

  policyFor(routingKey: string): AlertPolicy | undefined {
    return this.#byRoutingKey.get(routingKey);
  }

  now(): string {
    const ms = this.#deps.clock.now().getTime();
    if (ms !== this.#clock.ms) this.#clock = { ms, iso: new Date(ms).toISOString() };
    return this.#clock.iso;
  }

  /** Resolves once the event is committed, or at once with a refusal when its routing key is over its rate limit. */
  submit(event: IngestEvent): Promise<IngestOutcome> {
    if (this.#closed) return Promise.reject(new Error('the alert intake is closed'));
    const { policy } = event;
    const at = event.at === this.#clock.iso ? this.#clock.ms : Date.parse(event.at);
    const admission = admit(this.#rates.get(policy.routingKey), at, policy.rateLimit);
    this.#rates.set(policy.routingKey, admission.window);
    if (!admission.admitted) return Promise.resolve({ accepted: false, retryAfterSeconds: admission.retryAfterSeconds });
    return new Promise((resolve, reject) => {
      this.#queue.push({ event, resolve, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  /** Stops taking events and waits for the ones already taken. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#flushing) await sleep(5);
    this.#unsubscribe();
  }

  /**
   * Commits the queue batch after batch, one at a time: whatever arrived while
   * a batch was stored goes into the next. One at a time, because a second
   * batch sent while the first is stored only splits the flush to disk in two
   * on SQLite, and conflicts with the first on PostgreSQL (measured: a quarter
   * of the rate there).
   */
  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        await this.#commitBatch(batch.map((pending) => pending.event)).then(
          () => answer(batch),
          (error: unknown) => reject(batch, error),
        );
      }
    } finally {
      this.#flushing = false;
    }
  }

  #newBatch(windows: readonly MaintenanceWindow[]): AlertBatch {
    const { store } = this.#deps;
    return new AlertBatch({
      organisation: this.#deps.organisation,
      renderContext: this.#deps.renderContext,
      view: (room) => this.#view(room),
      nextIncidentId: () => store.nextIncidentId(),
      recentChanges: (room) => recentChanges(store, room, RECENT_CHANGES),
      maintenanceFor: windows.length === 0 ? undefined : (service, at) => maintenanceFor(windows, service, new Date(at)),
    });
  }

  #stored(recorded: readonly RecordedEvent[]): void {
    for (const event of recorded) this.#remember(event);
  }

  /**
   * A batch decided on the cached views and stored through the one commit
   * loop. A conflict (someone else moved a stream) or a failure forgets the
   * views it read, so the next decision reads fresh state.
   */
  async #commitBatch(events: readonly IngestEvent[]): Promise<void> {
    const { log } = this.#deps;
    let batch: AlertBatch | undefined;
    const forget = () => {
      for (const service of batch?.services ?? []) this.#forget(service);
    };
    try {
      const { recorded } = await decideAndCommit(
        this.#deps,
        async () => {
          batch = this.#newBatch((await this.#deps.maintenanceWindows?.()) ?? []);
          for (const event of events) await batch.apply(event);
          return { commit: batch.empty ? undefined : batch.toCommit(), result: batch };
        },
        {
          maxAttempts: MAX_ATTEMPTS,
          onConflict: (attempt) => {
            forget();
            log.debug({ attempt, size: events.length }, 'alert batch conflicted, deciding again');
          },
        },
      );
      this.#stored(recorded);
    } catch (error) {
      forget();
      throw error;
    }
  }

  /** The service's latest group and the incident its alerts go to: the group's own, or the one it was merged into. */
  async #view(service: string): Promise<ServiceView> {
    const cached = this.#views.get(service);
    if (cached) return cached;
    const { store } = this.#deps;
    const [pointer] = await store.readStreamBackwards(servicePointerStream(service), undefined, 1);
    const view: ServiceView = { pointerVersion: pointer?.version ?? 0 };
    this.#known.set(servicePointerStream(service), { service, version: view.pointerVersion });
    if (pointer) {
      const groupId = Number(pointer.data.group);
      let incident = await loadIncident(store, groupId);
      this.#known.set(`incident-${groupId}`, { service, version: incident.version });
      for (let hops = 0; incident.state.mergedInto !== undefined && hops < 10; hops++) {
        const into = incident.state.mergedInto;
        incident = await loadIncident(store, into);
        this.#known.set(`incident-${into}`, { service, version: incident.version });
      }
      const row = await store.getIncident(incident.state.id);
      view.row = row;
      view.incident = incident;
      view.group = await loadAlertGroup(store, groupId);
      this.#known.set(`alert-group-${groupId}`, { service, version: view.group.version });
    }
    this.#views.set(service, view);
    return view;
  }

  #forget(service: string): void {
    this.#views.delete(service);
  }

  #remember(event: RecordedEvent): void {
    const known = this.#known.get(event.stream);
    if (known) known.version = event.version;
  }

  /** Someone else wrote to a stream a cached view depends on: read it again next time. */
  #observe(event: RecordedEvent): void {
    const known = this.#known.get(event.stream);
    if (known && event.version > known.version) this.#forget(known.service);
  }
}
