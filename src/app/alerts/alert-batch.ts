import type { ChangeFacts, ChangeRecorded } from '../../domain/alert/change.js';
import type { AlertFacts, AlertCommand } from '../../domain/alert/commands.js';
import { decideAlertGroup } from '../../domain/alert/decide.js';
import type { AlertEvent } from '../../domain/alert/events.js';
import { digestDue, windowStart } from '../../domain/alert/flood.js';
import type { AlertPolicy } from '../../domain/alert/policy.js';
import type { MaintenanceWindow } from '../../domain/maintenance/window.js';
import { evolveAlertGroup, initialAlertGroupState, type AlertGroupState } from '../../domain/alert/state.js';
import type { IncidentCommand } from '../../domain/incident/commands.js';
import { decide } from '../../domain/incident/decide.js';
import type { IncidentEvent } from '../../domain/incident/events.js';
import { openingCommand } from '../../domain/incident/opening.js';
import { isMajor } from '../../domain/incident/severity.js';
import { incidentLocale } from '../../domain/incident/rooms.js';
import { fold, initialState, type IncidentState } from '../../domain/incident/state.js';
import { whoIsOnCall } from '../../domain/oncall/schedule.js';
import type { Organisation } from '../../domain/organisation.js';
import { isRefusal } from '../../domain/refusal.js';
import type { Commit, IncidentRow, JobSpec, NewEvent } from '../../ports.js';
import type { RenderContext } from '../render/context.js';
import { repliesFor } from '../render/replies.js';
import { commandersOnCall } from '../render/views.js';
import { botLine, incidentRow, incidentStream, roomStream, toNewEvent } from '../streams.js';
import { timersFor } from '../timers.js';
import { alertStatusLines, allResolvedLine, changeLine, maintenanceSilencedLine, openedLine, servicePagedLine, severityRaisedLine } from './alert-lines.js';
import { announcement } from '../rooms/room-lines.js';
import { ALERT_DIGEST, alertActor, alertGroupStream, changeStream, digestJobKey, servicePointerStream, toStoredEvent } from './alert-streams.js';

/** Changes older than this are not what "was there a recent deploy?" asks about. */
const RECENT_CHANGE_MS = 24 * 3_600_000;

/** One accepted monitoring event, validated at the edge and routed to its service's policy. */
export type IngestEvent =
  | { readonly kind: 'trigger'; readonly at: string; readonly policy: AlertPolicy; readonly alert: AlertFacts }
  | { readonly kind: 'acknowledge' | 'resolve'; readonly at: string; readonly policy: AlertPolicy; readonly dedupKey: string }
  | { readonly kind: 'change'; readonly at: string; readonly policy: AlertPolicy; readonly change: ChangeFacts };

/**
 * What the intake knows about a service: its latest alert group and the
 * incident that group's alerts go to (the group's own, or the one it was
 * merged into). `pointerVersion` is the version of the service's pointer
 * stream, which names its latest group: opening a new one appends to it, so
 * two writers cannot open two incidents for one service at once.
 */
export interface ServiceView {
  pointerVersion: number;
  row?: IncidentRow;
  incident?: { state: IncidentState; version: number };
  group?: { state: AlertGroupState; version: number };
}

export interface BatchDeps {
  organisation: Organisation;
  renderContext(locale: string): RenderContext;
  view(service: string): Promise<ServiceView>;
  nextIncidentId(): Promise<number>;
  /** The room's latest reported changes, newest first: told when an alert opens an incident. */
  recentChanges(room: string): Promise<ChangeRecorded[]>;
  /** The maintenance window silencing pages for a service at an instant, if any. */
  maintenanceFor?(service: string, at: string): MaintenanceWindow | undefined;
}

/**
 * Applies a batch of events, one after another, to the rooms' current state
 * and gathers everything they cause into one commit. The views it is given
 * are updated in place: if the commit fails they must be thrown away.
 */
export class AlertBatch {
  readonly #deps: BatchDeps;
  readonly #streams = new Map<string, { expectedVersion: number | 'any'; events: NewEvent[] }>();
  readonly #rows = new Map<number, IncidentRow>();
  readonly #schedule = new Map<string, JobSpec>();
  readonly #cancel = new Set<string>();
  /** The services whose views this batch read and changed: forgotten if its commit fails. */
  readonly services = new Set<string>();

  constructor(deps: BatchDeps) {
    this.#deps = deps;
  }

  get empty(): boolean {
    return this.#streams.size === 0 && this.#schedule.size === 0 && this.#cancel.size === 0;
  }

  toCommit(): Commit {
    return {
      appends: [...this.#streams].map(([stream, append]) => ({ stream, ...append })),
      schedule: [...this.#schedule.values()],
      cancel: [...this.#cancel],
      incidents: [...this.#rows.values()],
    };
  }

  async apply(event: IngestEvent): Promise<void> {
    const { service } = event.policy;
    this.services.add(service);
    const view = await this.#deps.view(service);
    switch (event.kind) {
      case 'trigger':
        return this.#trigger(view, event.policy, event.alert, event.at);
      case 'acknowledge':
      case 'resolve':
        return this.#followUp(view, event.policy, event.kind, event.dedupKey, event.at);
      case 'change':
        return this.#change(view, event.policy, event.change, event.at);
    }
  }

  /** Lines about the service's incident, in its language: after a merge, the incident it was merged into, maybe another lobby's. */
  #incidentCtx(view: ServiceView, policy: AlertPolicy): RenderContext {
    const state = view.incident?.state;
    return state?.exists ? this.#deps.renderContext(incidentLocale(state, this.#deps.organisation)) : this.#ctx(policy.room);
  }

  #ctx(room: string): RenderContext {
    const { organisation } = this.#deps;
    return this.#deps.renderContext(organisation.rooms.get(room)?.locale ?? organisation.defaultLocale);
  }

  #append(stream: string, expectedVersion: number | 'any', events: readonly NewEvent[]): void {
    const existing = this.#streams.get(stream);
    if (existing) existing.events.push(...events);
    else this.#streams.set(stream, { expectedVersion, events: [...events] });
  }

  /** Lines for the incident's own room. */
  #say(view: ServiceView, lines: readonly string[], at: string): void {
    const state = view.incident?.state;
    if (state && lines.length > 0) this.#append(roomStream(state.room), 'any', lines.map((text) => botLine(at, text, state.id, 'alert')));
  }

  #declaration(policy: AlertPolicy, id: number, title: string, severity: IncidentState['severity']) {
    return { id, title, severity, lobby: policy.room, locale: this.#ctx(policy.room).locale, private: policy.private };
  }

  /** Decides an incident command on the room's incident and records its events, row and timers. */
  #incident(view: ServiceView, command: IncidentCommand): IncidentEvent[] {
    const loaded = view.incident ?? { state: initialState(), version: 0 };
    const decision = decide(loaded.state, command);
    if (isRefusal(decision) || decision.length === 0) return [];
    const state = fold(decision, loaded.state);
    const version = loaded.version + decision.length;
    this.#append(incidentStream(state.id), loaded.version, decision.map(toNewEvent));
    view.incident = { state, version };
    view.row = incidentRow(state, version);
    this.#rows.set(state.id, view.row);
    const timers = timersFor(state.id, decision, this.#deps.organisation.timers);
    for (const job of timers.schedule) this.#schedule.set(job.key, job);
    for (const key of timers.cancel) this.#cancel.add(key);
    return decision;
  }

  /** Guards against a chat command changing the incident meanwhile: the commit then conflicts and the batch is decided again. */
  #guard(view: ServiceView): void {
    if (view.incident && !this.#streams.has(incidentStream(view.incident.state.id))) {
      this.#append(incidentStream(view.incident.state.id), view.incident.version, []);
    }
  }

  #group(view: ServiceView, command: AlertCommand, policy: AlertPolicy): AlertEvent[] {
    const loaded = view.group ?? { state: initialAlertGroupState(), version: 0 };
    const decision = decideAlertGroup(loaded.state, command);
    if (isRefusal(decision) || decision.length === 0) return [];
    const before = loaded.state;
    const state = decision.reduce(evolveAlertGroup, before);
    this.#append(alertGroupStream(state.incidentId), loaded.version, decision.map(toStoredEvent));
    view.group = { state, version: loaded.version + decision.length };
    const due = digestDue(before, state, decision, policy.grouping);
    if (due) {
      const key = digestJobKey(state.incidentId, due.window);
      this.#schedule.set(key, {
        key,
        kind: ALERT_DIGEST,
        dueAt: due.dueAt,
        payload: { incidentId: state.incidentId, window: due.window, since: windowStart(state.openedAt, due.window, policy.grouping), windowSeconds: policy.grouping.windowSeconds },
      });
    }
    return decision;
  }

  #pageService(policy: AlertPolicy, at: string): { team: string; person?: string } {
    const { teams, schedules } = this.#deps.organisation;
    const schedule = schedules.get(teams.get(policy.team)?.schedule ?? '');
    return { team: policy.team, person: schedule ? whoIsOnCall(schedule, new Date(at)) : undefined };
  }

  async #trigger(view: ServiceView, policy: AlertPolicy, alert: AlertFacts, at: string): Promise<void> {
    let rendering: RenderContext | undefined;
    const ctxOf = () => (rendering ??= this.#incidentCtx(view, policy));
    const actor = alertActor(policy.service);
    const severity = policy.severities[alert.severity];
    const lines: string[] = [];
    // Recorded as always, but nobody is paged while the service is in maintenance.
    const silenced = this.#deps.maintenanceFor?.(policy.service, at);
    if (view.row?.status !== 'open') {
      // Opened the way `!ic page` or `!declare` opens one: same decider, same events.
      const id = await this.#deps.nextIncidentId();
      const declaration = this.#declaration(policy, id, alert.summary.slice(0, 200), severity);
      view.incident = { state: initialState(), version: 0 };
      view.group = { state: initialAlertGroupState(), version: 0 };
      this.#append(servicePointerStream(policy.service), view.pointerVersion, [{ type: 'alert.service.grouped', at, actor, data: { group: id } }]);
      view.pointerVersion += 1;
      const page = silenced ? undefined : { message: alert.summary, commanders: commandersOnCall(ctxOf(), new Date(at)) };
      const events = this.#incident(view, openingCommand({ at, actor }, declaration, page));
      lines.push(openedLine(ctxOf(), alert, id, severity), ...repliesFor(ctxOf(), events, view.incident.state));
      const opened = view.incident.state;
      if (!opened.private) this.#append(roomStream(policy.room), 'any', [botLine(at, announcement(ctxOf(), opened), id, 'announcement')]);
      const recent = (await this.#deps.recentChanges(policy.room)).filter((change) => Date.parse(at) - Date.parse(change.at) <= RECENT_CHANGE_MS);
      lines.push(...alertStatusLines(ctxOf(), undefined, recent));
    }
    const incident = view.incident!.state;
    const groupEvents = this.#group(
      view,
      {
        type: 'trigger',
        at,
        actor,
        alert,
        target: { incidentId: view.group?.state.exists ? view.group.state.incidentId : incident.id, room: incident.room },
        pageService: silenced || isMajor(severity) || view.group?.state.pagedServices.includes(policy.service) ? undefined : this.#pageService(policy, at),
      },
      policy,
    );
    if (groupEvents.some((event) => event.type === 'alert.triggered') && severity < incident.severity) {
      const raised = this.#incident(view, { type: 'change-severity', at, actor, severity });
      const declaration = this.#declaration(policy, incident.id, incident.title, severity);
      const paged =
        isMajor(severity) && !silenced && view.incident!.state.pages.length === 0
          ? this.#incident(view, { type: 'page-commander', at, actor, message: alert.summary, ...commandersOnCall(ctxOf(), new Date(at)), declaration })
          : [];
      if (raised.length > 0) lines.push(severityRaisedLine(ctxOf(), alert), ...repliesFor(ctxOf(), [...raised, ...paged], view.incident!.state));
    }
    for (const event of groupEvents) {
      if (event.type !== 'service.page_requested') continue;
      lines.push(servicePagedLine(ctxOf(), event));
      // The service's escalation policy pages through the same reaction as `!ic page <service>`.
      const declaration = this.#declaration(policy, incident.id, incident.title, incident.severity);
      this.#incident(view, { type: 'page-responders', at, actor, target: { kind: 'service', name: event.service }, message: alert.summary, declaration });
    }
    if (silenced && groupEvents.some((event) => event.type === 'alert.triggered')) lines.push(maintenanceSilencedLine(ctxOf(), policy.service, silenced));
    this.#guard(view);
    this.#say(view, lines, at);
  }

  async #followUp(view: ServiceView, policy: AlertPolicy, kind: 'acknowledge' | 'resolve', dedupKey: string, at: string): Promise<void> {
    if (!view.row || !view.group) return;
    const actor = alertActor(policy.service);
    const events = this.#group(view, { type: kind, at, actor, service: policy.service, dedupKey }, policy);
    const done = events.find((event) => event.type === 'alert.group.all_resolved');
    if (done) {
      const ctx = this.#incidentCtx(view, policy);
      const incident = view.incident!.state;
      // The group of an incident merged into this one: its alerts are over, but this incident's own may still fire.
      const group = view.group.state.incidentId;
      const merged = group !== incident.id;
      const lines: string[] = [];
      if (incident.status !== 'open') lines.push(allResolvedLine(ctx, group, done.count, 'closed'));
      else if (policy.autoResolve && !incident.roles.commander && !merged) {
        lines.push(allResolvedLine(ctx, group, done.count, 'auto'));
        const resolved = this.#incident(view, { type: 'resolve', at, actor });
        lines.push(...repliesFor(ctx, resolved, view.incident!.state));
      } else lines.push(allResolvedLine(ctx, group, done.count, 'commander'));
      this.#say(view, lines, at);
    }
    if (events.length > 0) this.#guard(view);
  }

  async #change(view: ServiceView, policy: AlertPolicy, change: ChangeFacts, at: string): Promise<void> {
    const recorded: ChangeRecorded = { type: 'change.recorded', at, actor: alertActor(policy.service), ...change };
    this.#append(changeStream(policy.room), 'any', [toStoredEvent(recorded)]);
    if (view.row?.status === 'open') this.#say(view, [changeLine(this.#incidentCtx(view, policy), recorded)], at);
  }
}
