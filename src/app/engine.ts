import { decide } from '../domain/incident/decide.js';
import type { IncidentCommand } from '../domain/incident/commands.js';
import { fold, initialState, type IncidentState } from '../domain/incident/state.js';
import type { Intent, ParseError } from '../domain/language/intents.js';
import { parseLine } from '../domain/language/parse.js';
import { whoIsOnCall } from '../domain/oncall/schedule.js';
import type { Organisation, Room } from '../domain/organisation.js';
import { findPerson } from '../domain/people.js';
import { isRefusal, refuse, type Refusal } from '../domain/refusal.js';
import { canEnterRoom, canSeeIncident } from '../domain/incident/visibility.js';
import type { Translate } from '../i18n/i18n.js';
import { VersionConflict, type Clock, type IncidentRow, type LiveFeed, type Logger, type Store } from '../ports.js';
import { commsCommand } from './comms/comms-commands.js';
import { AppError } from './errors.js';
import type { Maintenances } from './maintenance/maintenances.js';
import type { PagingService } from './paging/paging-service.js';
import { loadIncident, type LoadedIncident } from './incidents.js';
import { KeyedLock } from './keyed-lock.js';
import { personLabel, roleLabel, t, type RenderContext } from './render/context.js';
import { repliesFor } from './render/replies.js';
import { commanderView, commandersOnCall, helpView, rolesView, statusView } from './render/views.js';
import { botLine, incidentRow, incidentStream, personLine, roomStream, toNewEvent } from './streams.js';
import { timersFor } from './timers.js';
import { pageTargetOf } from './paging/page-target.js';

export interface Reply {
  text: string;
  /** The command was refused or malformed: shown to the sender only, stored nowhere. */
  error?: boolean;
}

export interface ChatOutcome {
  replies: Reply[];
  incident?: IncidentRow;
}

export interface EngineDeps {
  store: Store;
  clock: Clock;
  organisation: Organisation;
  translate: Translate;
  feed: LiveFeed;
  log: Logger;
  /** Called when a commit scheduled a timer, so the job runner need not wait for its next poll. */
  onTimersChanged?: () => void;
  /** Acknowledging and explaining pages (`!ack`, `!ic why`). */
  paging?: PagingService;
  /** Maintenance windows (`!maintenance`); absent, the command says it is not configured. */
  maintenance?: Maintenances;
  /** Lines other features add to `!status` for a room (alerts, recent changes). */
  statusSections?: (ctx: RenderContext, room: string) => Promise<string[]>;
}

type Target = 'current' | 'new-unless-open';
type Build = (state: IncidentState, newId: number | undefined) => IncidentCommand | Refusal;

const MAX_ATTEMPTS = 30;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Handles chat lines from any entry (HTTP, web room, chat adapters) the same way. */
export class Engine {
  readonly #deps: EngineDeps;
  readonly #rooms = new KeyedLock();

  constructor(deps: EngineDeps) {
    this.#deps = deps;
  }

  get organisation(): Organisation {
    return this.#deps.organisation;
  }

  renderContext(locale: string): RenderContext {
    const { organisation, translate, clock } = this.#deps;
    return { organisation, translate, locale, now: clock.now() };
  }

  room(name: string): Room {
    const room = this.#deps.organisation.rooms.get(name);
    if (!room) throw new AppError('error.unknown_room', 404, { room: name, rooms: this.visibleRoomNames('').join(', ') });
    return room;
  }

  /**
   * The room, if `viewer` may enter it. A security room is invisible to
   * everyone else: they get the same answer as for a room that does not exist.
   */
  async enterRoom(name: string, viewer: string): Promise<Room> {
    const room = this.room(name);
    if (!room.security) return room;
    const row = await this.#deps.store.latestIncidentInRoom(room.name);
    const current = row ? (await loadIncident(this.#deps.store, row.id)).state : undefined;
    if (!canEnterRoom(viewer, room, current)) {
      throw new AppError('error.unknown_room', 404, { room: name, rooms: this.visibleRoomNames(viewer).join(', ') });
    }
    return room;
  }

  /** Room names to suggest to a person: security rooms only to their members. */
  visibleRoomNames(viewer: string): string[] {
    return [...this.#deps.organisation.rooms.values()].filter((room) => !room.security || room.members.includes(viewer)).map((room) => room.name);
  }

  /** Whether `viewer` may see an incident (private ones only to their members). */
  canSee(viewer: string, state: IncidentState): boolean {
    return canSeeIncident(viewer, state, this.#deps.organisation.rooms.get(state.room));
  }

  /** One chat line from a person in a room: parse, decide, store, answer. */
  async postMessage(roomName: string, author: string, text: string): Promise<ChatOutcome> {
    if (!this.#deps.organisation.people.has(author)) throw new AppError('error.unknown_person', 403, { person: author });
    const room = this.room(roomName);
    return this.#rooms.run(room.name, async () => {
      await this.enterRoom(room.name, author);
      return this.#handle(room, author, text);
    });
  }

  async #handle(room: Room, author: string, text: string): Promise<ChatOutcome> {
    const ctx = this.renderContext(room.locale);
    const parsed = parseLine(text);
    switch (parsed.kind) {
      case 'invalid':
        return this.#refused(room, this.#parseErrorText(ctx, parsed.error));
      case 'conversation':
        return this.#converse(room, author, parsed.text);
      case 'command':
        return this.#command(ctx, room, author, text.trim(), parsed.intent);
    }
  }

  #parseErrorText(ctx: RenderContext, error: ParseError): string {
    const problem = t(ctx, error.code, error.params);
    return error.usage ? `${problem}\n${t(ctx, 'common.correct_form', { usage: t(ctx, `usage.${error.usage}`) })}` : problem;
  }

  #refusalText(ctx: RenderContext, refusal: Refusal): string {
    const params: Record<string, string | number> = { ...refusal.params };
    for (const key of ['person', 'commander'] as const) if (typeof params[key] === 'string') params[key] = personLabel(ctx, params[key] as string);
    if (typeof params.role === 'string') params.role = roleLabel(ctx, params.role);
    return t(ctx, `refusal.${refusal.code}`, params);
  }

  async #refused(room: Room, text: string): Promise<ChatOutcome> {
    return { replies: [{ text, error: true }], incident: await this.#deps.store.latestIncidentInRoom(room.name) };
  }

  #person(typed: string): string | Refusal {
    const person = findPerson(this.#deps.organisation.people, typed);
    return person ? person.handle : refuse('unknown_person', { given: typed, people: [...this.#deps.organisation.people.keys()].join(', ') });
  }

  async #command(ctx: RenderContext, room: Room, author: string, line: string, intent: Intent): Promise<ChatOutcome> {
    const at = this.#deps.clock.now().toISOString();
    const envelope = { at, actor: author };
    const run = (target: Target, build: Build) => this.#run(ctx, room, author, line, target, build);
    const withPerson = (typed: string, build: (handle: string) => IncidentCommand): Build => () => {
      const handle = this.#person(typed);
      return isRefusal(handle) ? handle : build(handle);
    };

    switch (intent.kind) {
      case 'declare':
        return run('new-unless-open', (_state, id) => ({
          ...envelope,
          type: 'declare',
          id: id!,
          title: intent.title,
          severity: intent.severity,
          room: room.name,
          private: room.security,
        }));
      case 'ic-page':
        return this.#pageCommander(ctx, room, author, line, intent.words, at);
      case 'ic-take':
        return run('current', () => ({ ...envelope, type: 'take-command' }));
      case 'ic-handover':
        return run('current', withPerson(intent.person, (to) => ({ ...envelope, type: 'hand-over', to })));
      case 'role':
        return run('current', withPerson(intent.person, (person) => ({ ...envelope, type: 'assign-role', role: intent.role, person })));
      case 'sev':
        return run('current', () => ({ ...envelope, type: 'change-severity', severity: intent.severity }));
      case 'status-stalk':
        return run('current', () => ({ ...envelope, type: 'stalk' }));
      case 'status-unstalk':
        return run('current', () => ({ ...envelope, type: 'unstalk' }));
      case 'note':
        return run('current', () => ({ ...envelope, type: 'add-note', text: intent.text }));
      case 'todo':
        return run('current', () => ({ ...envelope, type: 'add-todo', text: intent.text }));
      case 'task':
        return run('current', withPerson(intent.owner, (owner) => ({ ...envelope, type: 'assign-task', owner, text: intent.text })));
      case 'task-done':
        return run('current', () => ({ ...envelope, type: 'complete-task', n: intent.n }));
      case 'resolve':
        return run('current', () => ({ ...envelope, type: 'resolve', ...(intent.falseAlarm ? { falseAlarm: true } : {}) }));
      case 'reopen':
        return run('current', () => ({ ...envelope, type: 'reopen' }));
      case 'invite':
        return run('current', withPerson(intent.person, (person) => ({ ...envelope, type: 'invite', person })));
      case 'ic':
        return this.#query(room, author, line, at, (state) => commanderView(ctx, state));
      case 'roles':
        return this.#query(room, author, line, at, (state) => (state ? rolesView(ctx, state) : refuse('incident.none')));
      case 'status': {
        const sections = (await this.#deps.statusSections?.(ctx, room.name)) ?? [];
        return this.#query(room, author, line, at, (state) => (state ? [statusView(ctx, state), ...sections].join('\n') : refuse('incident.none')));
      }
      case 'help':
        return this.#query(room, author, line, at, () => helpView(ctx, intent.topic));
      case 'ic-who':
        return this.#query(room, author, line, at, () => this.#whoView(ctx, intent.person));
      case 'ic-responders':
        return this.#query(room, author, line, at, () => this.#respondersView(ctx));
      case 'ack':
        if (this.#deps.paging) return this.#ack(ctx, room, author, line, intent.page);
        return this.#refused(room, t(ctx, 'feature.not_configured', { command: line.split(/\s+/).slice(0, 2).join(' ') }));
      case 'ic-why':
        if (this.#deps.paging) return this.#why(ctx, room, author, line, at, intent.person);
        return this.#refused(room, t(ctx, 'feature.not_configured', { command: line.split(/\s+/).slice(0, 2).join(' ') }));
      case 'update':
      case 'public':
      case 'public-title':
      case 'approve':
      case 'subscribe':
        return run('current', () => commsCommand(this.#deps.organisation, intent, envelope));
      case 'maintenance':
      case 'maintenance-end':
      case 'maintenance-list':
        return this.#maintenance(ctx, room, author, line, intent);
      default: {
        const unknown: never = intent;
        return unknown;
      }
    }
  }

  async #maintenance(ctx: RenderContext, room: Room, author: string, line: string, intent: Extract<Intent, { kind: `maintenance${string}` }>): Promise<ChatOutcome> {
    if (!this.#deps.maintenance) return this.#refused(room, t(ctx, 'feature.not_configured', { command: line.split(/\s+/)[0] }));
    const reply = await this.#deps.maintenance.chat(ctx, room.name, author, line, intent);
    if (reply.error) return this.#refused(room, reply.text);
    if (intent.kind === 'maintenance-list') await this.#commitRoomOnly(room, [personLine(ctx.now.toISOString(), author, line), botLine(ctx.now.toISOString(), reply.text)]);
    return { replies: [{ text: reply.text }], incident: await this.#deps.store.latestIncidentInRoom(room.name) };
  }

  async #pageCommander(ctx: RenderContext, room: Room, author: string, line: string, words: string, at: string): Promise<ChatOutcome> {
    const responders = pageTargetOf(this.#deps.organisation, words);
    if (responders) {
      const message = responders.rest || t(ctx, 'page.default_message', { room: room.name });
      return this.#run(ctx, room, author, line, 'new-unless-open', (_state, id) => ({
        type: 'page-responders',
        at,
        actor: author,
        target: responders.target,
        message,
        declaration: { id: id!, title: message, severity: this.#deps.organisation.defaultPageSeverity, room: room.name, private: room.security },
      }));
    }
    const onCall = commandersOnCall(ctx, new Date(at));
    const message = words || t(ctx, 'page.default_message', { room: room.name });
    return this.#run(ctx, room, author, line, 'new-unless-open', (_state, id) => ({
      type: 'page-commander',
      at,
      actor: author,
      message,
      primary: onCall.primary,
      backup: onCall.backup,
      shadows: onCall.shadows,
      declaration: { id: id!, title: message, severity: this.#deps.organisation.defaultPageSeverity, room: room.name, private: room.security },
    }));
  }

  async #ack(ctx: RenderContext, room: Room, author: string, line: string, page: string | undefined): Promise<ChatOutcome> {
    const incident = await this.#deps.store.latestIncidentInRoom(room.name);
    const answer = await this.#deps.paging!.acknowledgeFromChat(ctx, room.name, author, line, page, incident);
    if (isRefusal(answer)) return this.#refused(room, this.#refusalText(ctx, answer));
    return { replies: [{ text: answer }], incident };
  }

  async #why(ctx: RenderContext, room: Room, author: string, line: string, at: string, typed: string): Promise<ChatOutcome> {
    const handle = this.#person(typed);
    if (isRefusal(handle)) return this.#refused(room, this.#refusalText(ctx, handle));
    const row = await this.#deps.store.latestIncidentInRoom(room.name);
    if (!row) return this.#refused(room, this.#refusalText(ctx, refuse('incident.none')));
    const answer = await this.#deps.paging!.whyText(ctx, row.id, handle);
    await this.#commitRoomOnly(room, [personLine(at, author, line, row.id), botLine(at, answer, row.id)]);
    return { replies: [{ text: answer }], incident: row };
  }

  #whoView(ctx: RenderContext, typed: string): string | Refusal {
    const handle = this.#person(typed);
    if (isRefusal(handle)) return handle;
    const person = this.#deps.organisation.people.get(handle)!;
    const teams = [...this.#deps.organisation.teams.values()].filter((team) => team.members.includes(handle)).map((team) => team.name);
    return t(ctx, 'ic.who', {
      person: personLabel(ctx, handle),
      timezone: person.timezone,
      phone: person.phone ?? t(ctx, 'common.no_phone'),
      teams: teams.join(', ') || t(ctx, 'common.nobody'),
    });
  }

  #respondersView(ctx: RenderContext): string {
    const onCall = commandersOnCall(ctx, ctx.now);
    const lines = [t(ctx, 'ic.on_call', { primary: personLabel(ctx, onCall.primary), backup: personLabel(ctx, onCall.backup) })];
    for (const team of this.#deps.organisation.teams.values()) {
      const schedule = team.schedule ? this.#deps.organisation.schedules.get(team.schedule) : undefined;
      const person = schedule ? whoIsOnCall(schedule, ctx.now) : undefined;
      lines.push(t(ctx, 'ic.team_on_call', { team: team.name, person: personLabel(ctx, person) }));
    }
    return lines.join('\n');
  }

  /** A read-only command: answered from the room's incident, stored in the room's history only. */
  async #query(
    room: Room,
    author: string,
    line: string,
    at: string,
    view: (state: IncidentState | undefined) => string | Refusal,
  ): Promise<ChatOutcome> {
    const { store } = this.#deps;
    const row = await store.latestIncidentInRoom(room.name);
    const state = row ? (await loadIncident(store, row.id)).state : undefined;
    const answer = view(state);
    if (isRefusal(answer)) return this.#refused(room, this.#refusalText(this.renderContext(room.locale), answer));
    await this.#commitRoomOnly(room, [personLine(at, author, line, row?.id), botLine(at, answer, row?.id)]);
    return { replies: [{ text: answer }], incident: row };
  }

  async #converse(room: Room, author: string, text: string): Promise<ChatOutcome> {
    const row = await this.#deps.store.latestIncidentInRoom(room.name);
    if (row?.status === 'open') {
      const ctx = this.renderContext(room.locale);
      const at = this.#deps.clock.now().toISOString();
      return this.#run(ctx, room, author, text, 'current', () => ({ type: 'converse', at, actor: author, text }));
    }
    await this.#commitRoomOnly(room, [personLine(this.#deps.clock.now().toISOString(), author, text, row?.id)]);
    return { replies: [], incident: row };
  }

  async #commitRoomOnly(room: Room, events: ReturnType<typeof personLine>[]): Promise<void> {
    const recorded = await this.#deps.store.commit({ appends: [{ stream: roomStream(room.name), expectedVersion: 'any', events }] });
    this.#deps.feed.publish(recorded);
  }

  async #load(room: Room, target: Target, newId: () => Promise<number>): Promise<LoadedIncident & { newId?: number }> {
    const row = await this.#deps.store.latestIncidentInRoom(room.name);
    if (target === 'new-unless-open' && row?.status !== 'open') return { state: initialState(), version: 0, newId: await newId() };
    return row ? loadIncident(this.#deps.store, row.id) : { state: initialState(), version: 0 };
  }

  /** Read, decide, commit; on a version conflict read again and decide again. */
  async #run(ctx: RenderContext, room: Room, author: string, line: string, target: Target, build: Build): Promise<ChatOutcome> {
    const { store, feed, organisation } = this.#deps;
    let allocated: number | undefined;
    const newId = async () => (allocated ??= await store.nextIncidentId());
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const loaded = await this.#load(room, target, newId);
      const command = build(loaded.state, loaded.newId);
      if (isRefusal(command)) return this.#refused(room, this.#refusalText(ctx, command));
      const decision = decide(loaded.state, command);
      if (isRefusal(decision)) {
        if (command.type === 'converse') {
          await this.#commitRoomOnly(room, [personLine(command.at, author, line, loaded.state.id)]);
          return { replies: [], incident: await store.latestIncidentInRoom(room.name) };
        }
        return this.#refused(room, this.#refusalText(ctx, decision));
      }
      const next = fold(decision, loaded.state);
      const replies = repliesFor(ctx, decision, next, loaded.state);
      const version = loaded.version + decision.length;
      const timers = timersFor(next.id, decision, organisation.timers);
      try {
        const recorded = await store.commit({
          appends: [
            { stream: incidentStream(next.id), expectedVersion: loaded.version, events: decision.map(toNewEvent) },
            {
              stream: roomStream(room.name),
              expectedVersion: 'any',
              events: [personLine(command.at, author, line, next.id), ...replies.map((reply) => botLine(command.at, reply, next.id))],
            },
          ],
          ...timers,
          incidents: [incidentRow(next, version)],
        });
        feed.publish(recorded);
        if (timers.schedule.length > 0) this.#deps.onTimersChanged?.();
        return { replies: replies.map((text) => ({ text })), incident: incidentRow(next, version) };
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error;
        this.#deps.log.debug({ room: room.name, attempt }, 'version conflict, deciding again');
        await sleep(Math.random() * Math.min(50, 2 ** attempt));
      }
    }
    throw new AppError('error.busy', 503);
  }
}
