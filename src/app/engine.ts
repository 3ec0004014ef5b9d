import { decide } from '../domain/incident/decide.js';
import { fold, initialState, type IncidentState } from '../domain/incident/state.js';
import type { Intent, ParseError } from '../domain/language/intents.js';
import { parseLine } from '../domain/language/parse.js';
import type { Organisation } from '../domain/organisation.js';
import { findPerson } from '../domain/people.js';
import { isRefusal, refuse, type Refusal } from '../domain/refusal.js';
import type { Translate } from '../i18n/i18n.js';
import type { Clock, IncidentRow, LiveFeed, Logger, NewEvent, StreamAppend, Store } from '../ports.js';
import { isPlanned, planCommand, type Build } from './command-plans.js';
import { decideAndCommit } from './commit-loop.js';
import { AppError } from './errors.js';
import { loadIncident, type LoadedIncident } from './incidents.js';
import { KeyedLock } from './keyed-lock.js';
import type { Maintenances } from './maintenance/maintenances.js';
import type { PagingService } from './paging/paging-service.js';
import { endShift, onCallNowView, takeShift } from './paging/oncall-chat.js';
import { listed, refusalParams, renderContextOf, t, type RenderContext } from './render/context.js';
import { nearestWords } from './render/did-you-mean.js';
import { repliesFor } from './render/replies.js';
import { commanderView, helpView, rolesView, statusView } from './render/views.js';
import { RoomDirectory, type EnteredRoom, type RoomInfo } from './rooms/room-directory.js';
import { announcement, exchange, linesFor, openIncidentLines } from './rooms/room-lines.js';
import { respondersView, whoView } from './rooms/people-views.js';
import { botLine, incidentRow, incidentStream, personLine, roomStream, toNewEvent } from './streams.js';
import { timersFor } from './timers.js';

export interface Reply {
  text: string;
  /** The command was refused or malformed: shown to the sender only, stored nowhere. */
  error?: boolean;
  /** An answer shown to the sender only and stored nowhere: it names a private incident others in the room may not see. */
  onlyForSender?: boolean;
}

export interface ChatOutcome {
  replies: Reply[];
  /** The incident the line applied to or opened, with its own room. */
  incident?: IncidentRow;
  /** The line opened `incident`. */
  opened?: boolean;
}

export interface EngineDeps {
  store: Store;
  clock: Clock;
  organisation: Organisation;
  translate: Translate;
  feed: LiveFeed;
  log: Logger;
  /** Acknowledging and explaining pages (`!ack`, `!ic why`). */
  paging?: PagingService;
  /** Maintenance windows (`!maintenance`); absent, the command says it is not configured. */
  maintenance?: Maintenances;
  /** Lines other features add to `!status` for an incident (alerts, recent changes). */
  statusSections?: (ctx: RenderContext, incidentId: number) => Promise<string[]>;
  /** What resolving an incident adds to its reply: its alerts still firing. */
  resolveNotes?: (ctx: RenderContext, incidentId: number) => Promise<string[]>;
}

/** Which incident a command acts on: a new one, or an existing one (found from the room, `#7` or the lobby). */
/** `read`: the incident as this command already read it; used for the first decision, read again after a conflict. */
type Target = { kind: 'new'; private: boolean } | { kind: 'existing'; id: number; read?: LoadedIncident };

/** Who a stranger is to the rooms: nobody, so only what anyone may see. */
const STRANGER = '';
const STRANGER_INTENTS: ReadonlySet<Intent['kind']> = new Set(['ic', 'roles', 'status', 'help', 'ic-who', 'ic-responders']);

/** Handles chat lines from any entry (HTTP, web room, chat adapters) the same way. */
export class Engine {
  readonly #deps: EngineDeps;
  readonly #locks = new KeyedLock();
  readonly rooms: RoomDirectory;

  constructor(deps: EngineDeps) {
    this.#deps = deps;
    this.rooms = new RoomDirectory(deps.store, deps.organisation);
  }

  get organisation(): Organisation {
    return this.#deps.organisation;
  }

  renderContext(locale: string): RenderContext {
    return renderContextOf(this.#deps, locale);
  }

  /** The room, if `viewer` may enter it; a room they may not see answers like one that does not exist. */
  enterRoom(name: string, viewer: string): Promise<EnteredRoom> {
    return this.rooms.enter(name, viewer);
  }

  listRooms(viewer: string): Promise<RoomInfo[]> {
    return this.rooms.list(viewer);
  }

  /** Whether `viewer` may see an incident (private ones only to their members). */
  canSee(viewer: string, state: IncidentState): boolean {
    return this.rooms.canSee(viewer, state);
  }

  /** One chat line from a person in a room: parse, decide, store, answer. */
  async postMessage(roomName: string, author: string, text: string): Promise<ChatOutcome> {
    if (!this.#deps.organisation.people.has(author)) throw new AppError('error.unknown_person', 403, { person: author });
    return this.#locks.run(roomName, async () => this.#handle(await this.rooms.enter(roomName, author), author, text));
  }

  /**
   * A read-only command (`!status`, `!ic`, `!roles`, `!help`, `!ic who`,
   * `!ic responders`) from someone who is not a person of the config, such as
   * a chat user nobody mapped: answered from what anyone may see (no private
   * room or incident), stored nowhere. Anything else is refused politely.
   */
  async answerStranger(roomName: string, text: string): Promise<ChatOutcome> {
    const room = await this.rooms.enter(roomName, STRANGER);
    const ctx = this.renderContext(room.locale);
    const parsed = parseLine(text);
    if (parsed.kind !== 'command' || !STRANGER_INTENTS.has(parsed.intent.kind)) return this.#refused(t(ctx, 'refusal.stranger_read_only'));
    return this.#command(ctx, room, STRANGER, text.trim(), parsed.intent, parsed.target);
  }

  async #handle(room: EnteredRoom, author: string, text: string): Promise<ChatOutcome> {
    const ctx = this.renderContext(room.locale);
    const parsed = parseLine(text);
    switch (parsed.kind) {
      case 'invalid':
        return this.#refused(this.#parseErrorText(ctx, parsed.error));
      case 'conversation':
        return this.#converse(room, author, parsed.text);
      case 'command':
        return this.#command(ctx, room, author, text.trim(), parsed.intent, parsed.target);
    }
  }

  #parseErrorText(ctx: RenderContext, error: ParseError): string {
    const nearest = error.suggest ? nearestWords(error.suggest.given, error.suggest.among) : [];
    const prefix = error.suggest?.prefix ? `!${error.suggest.prefix} ` : '!';
    const stated = t(ctx, error.code, error.params);
    const problem = nearest.length
      ? t(ctx, 'parse.with_guess', { problem: stated, guess: t(ctx, 'parse.did_you_mean', { suggestions: listed(ctx, nearest.map((word) => `${prefix}${word}`)) }) })
      : stated;
    return error.usage ? `${problem}\n${t(ctx, 'common.correct_form', { usage: t(ctx, `usage.${error.usage}`) })}` : problem;
  }

  #refusalText(ctx: RenderContext, refusal: Refusal): string {
    return t(ctx, `refusal.${refusal.code}`, refusalParams(ctx, refusal.params));
  }

  #refused(text: string, incident?: IncidentRow): ChatOutcome {
    return { replies: [{ text, error: true }], incident };
  }

  /** A command whose feature this server does not run (no paging, no maintenance), named by its first `words` words as typed. */
  #notConfigured(ctx: RenderContext, line: string, words: 1 | 2): ChatOutcome {
    return this.#refused(t(ctx, 'feature.not_configured', { command: line.split(/\s+/).slice(0, words).join(' ') }));
  }

  #person(typed: string): string | Refusal {
    const person = findPerson(this.#deps.organisation.people, typed);
    return person ? person.handle : refuse('unknown_person', { given: typed, people: [...this.#deps.organisation.people.keys()] });
  }

  /**
   * The incident a command acts on. `#7` names it in any room; an incident's
   * (or sub-team's) room acts on its incident; a lobby on its one open
   * incident, and with several open it asks which.
   */
  async #existing(ctx: RenderContext, room: EnteredRoom, author: string, explicit: number | undefined, line: string): Promise<LoadedIncident | Refusal | string> {
    if (explicit !== undefined) return (await this.rooms.incident(explicit, author)) ?? refuse('incident.unknown', { id: explicit });
    // Read when the room was entered, under this room's lock: fresh enough for a first decision.
    if (room.kind === 'incident') return room.loaded;
    const open = await this.rooms.openInLobby(room.name, author);
    if (open.length === 0) return refuse('incident.none');
    if (open.length === 1) return loadIncident(this.#deps.store, open[0].id);
    const states = await Promise.all(open.map(async (row) => (await loadIncident(this.#deps.store, row.id)).state));
    // The example is what they typed, naming the first incident listed: copied as it is, it does what they meant there.
    const [word, ...rest] = line.trim().split(/\s+/);
    const example = [word, `#${states[0].id}`, ...rest].join(' ');
    return [t(ctx, 'room.which_incident', { count: states.length, example }), ...openIncidentLines(ctx, states)].join('\n');
  }

  async #command(ctx: RenderContext, room: EnteredRoom, author: string, line: string, intent: Intent, explicit: number | undefined): Promise<ChatOutcome> {
    if (isPlanned(intent)) {
      const at = this.#deps.clock.now().toISOString();
      const plan = planCommand(intent, { ctx, organisation: this.#deps.organisation, room, author, at, person: (typed) => this.#person(typed) });
      if ('refused' in plan) return this.#refused(this.#refusalText(ctx, plan.refused));
      if (plan.opens === 'always' || (plan.opens === 'in-lobby' && room.kind === 'lobby' && explicit === undefined)) {
        return this.#run(ctx, room, author, line, { kind: 'new', private: plan.private }, plan.build, plan.hints);
      }
      const found = await this.#existing(ctx, room, author, explicit, line);
      if (typeof found === 'string') return this.#refused(found);
      if (isRefusal(found)) return this.#refused(this.#refusalText(ctx, found));
      return this.#run(ctx, room, author, line, { kind: 'existing', id: found.state.id, read: found }, plan.build, plan.hints);
    }
    switch (intent.kind) {
      case 'merge':
        return this.#merge(ctx, room, author, line, explicit, intent.other);
      case 'ic':
        return this.#query(ctx, room, author, line, explicit, true, (state) => commanderView(ctx, state));
      case 'roles':
        return this.#query(ctx, room, author, line, explicit, false, (state) => rolesView(ctx, state!));
      case 'status':
        if (room.kind === 'lobby' && explicit === undefined) {
          const open = await this.rooms.openInLobby(room.name, author);
          if (open.length !== 1) return this.#lobbyStatus(ctx, room, author, line, open);
        }
        return this.#statusQuery(ctx, room, author, line, explicit);
      case 'help':
        return this.#answer(room, author, line, helpView(ctx, intent.topic));
      case 'ic-who': {
        const answer = whoView(ctx, this.#person(intent.person));
        return isRefusal(answer) ? this.#refused(this.#refusalText(ctx, answer)) : this.#answer(room, author, line, answer);
      }
      case 'ic-responders':
        return this.#answer(room, author, line, respondersView(ctx));
      case 'ack':
        return intent.all ? this.#ackAll(ctx, author, line) : this.#ack(ctx, room, author, line, explicit, intent.page);
      case 'ic-why':
        return this.#why(ctx, room, author, line, explicit, intent.person);
      case 'maintenance':
      case 'maintenance-end':
      case 'maintenance-list':
        return this.#maintenance(ctx, room, author, line, intent);
      case 'oncall':
      case 'oncall-take':
      case 'oncall-end':
        return this.#oncall(ctx, room, author, line, intent);
      default: {
        const unknown: never = intent;
        return unknown;
      }
    }
  }

  /** Maintenance windows are the organisation's, not an incident's: the same in any room. */
  async #maintenance(ctx: RenderContext, room: EnteredRoom, author: string, line: string, intent: Extract<Intent, { kind: `maintenance${string}` }>): Promise<ChatOutcome> {
    if (!this.#deps.maintenance) return this.#notConfigured(ctx, line, 1);
    const reply = await this.#deps.maintenance.chat(ctx, room.name, author, line, intent);
    if (reply.error) return this.#refused(reply.text);
    if (intent.kind === 'maintenance-list') return this.#answer(room, author, line, reply.text);
    return { replies: [{ text: reply.text }], incident: room.kind === 'incident' ? incidentRow(room.loaded.state, room.loaded.version) : undefined };
  }

  /** On-call is the organisation's, not an incident's: the same in any room, and kept in its history. */
  async #oncall(ctx: RenderContext, room: EnteredRoom, author: string, line: string, intent: Extract<Intent, { kind: `oncall${string}` }>): Promise<ChatOutcome> {
    const overrides = this.#deps.paging?.overrides;
    if (!overrides) return this.#notConfigured(ctx, line, 1);
    const answer =
      intent.kind === 'oncall'
        ? await onCallNowView(ctx, overrides)
        : intent.kind === 'oncall-take'
          ? await takeShift(ctx, overrides, author, intent.schedule, intent.minutes)
          : await endShift(ctx, overrides, author, intent.schedule);
    if (isRefusal(answer)) return this.#refused(this.#refusalText(ctx, answer));
    return this.#answer(room, author, line, answer);
  }

  async #statusQuery(ctx: RenderContext, room: EnteredRoom, author: string, line: string, explicit: number | undefined): Promise<ChatOutcome> {
    const found = await this.#existing(ctx, room, author, explicit, line);
    const sections = typeof found === 'object' && !isRefusal(found) ? ((await this.#deps.statusSections?.(ctx, found.state.id)) ?? []) : [];
    return this.#query(ctx, room, author, line, explicit, false, (state) => [statusView(ctx, state!), ...sections].join('\n'));
  }

  async #lobbyStatus(ctx: RenderContext, room: EnteredRoom, author: string, line: string, open: readonly IncidentRow[]): Promise<ChatOutcome> {
    const states = await Promise.all(open.map(async (row) => (await loadIncident(this.#deps.store, row.id)).state));
    const answer = states.length === 0 ? t(ctx, 'room.no_open_incidents') : [t(ctx, 'room.open_incidents', { count: states.length }), ...openIncidentLines(ctx, states)].join('\n');
    // A private incident the asker may see is theirs to see, not the lobby's: the list is not kept in its history.
    if (states.some((state) => state.private)) return { replies: [{ text: answer, onlyForSender: true }] };
    return this.#answer(room, author, line, answer);
  }

  /** An answer that needs no incident: kept in the room where it was asked. */
  async #answer(room: EnteredRoom, author: string, line: string, answer: string): Promise<ChatOutcome> {
    const at = this.#deps.clock.now().toISOString();
    const incidentId = room.kind === 'incident' ? room.incidentId : undefined;
    await this.#commitLines([{ stream: roomStream(room.name), expectedVersion: 'any', events: exchange(at, author, line, [answer], incidentId) }]);
    return { replies: [{ text: answer }], incident: room.kind === 'incident' ? incidentRow(room.loaded.state, room.loaded.version) : undefined };
  }

  /** A read-only command about an incident: answered from its state, kept in the room's history only. */
  async #query(
    ctx: RenderContext,
    room: EnteredRoom,
    author: string,
    line: string,
    explicit: number | undefined,
    optional: boolean,
    view: (state: IncidentState | undefined) => string,
  ): Promise<ChatOutcome> {
    const found = await this.#existing(ctx, room, author, explicit, line);
    if (typeof found === 'string') return optional ? this.#answer(room, author, line, view(undefined)) : this.#refused(found);
    if (isRefusal(found)) return optional && found.code === 'incident.none' ? this.#answer(room, author, line, view(undefined)) : this.#refused(this.#refusalText(ctx, found));
    const answer = view(found.state);
    const at = this.#deps.clock.now().toISOString();
    await this.#commitLines(linesFor(room, found.state, exchange(at, author, line, [answer], found.state.id)));
    return { replies: [{ text: answer }], incident: incidentRow(found.state, found.version) };
  }

  async #ack(ctx: RenderContext, room: EnteredRoom, author: string, line: string, explicit: number | undefined, page: string | undefined): Promise<ChatOutcome> {
    if (!this.#deps.paging) return this.#notConfigured(ctx, line, 2);
    const found = await this.#existing(ctx, room, author, explicit, line);
    if (typeof found === 'string') return this.#refused(found);
    if (isRefusal(found)) return this.#refused(this.#refusalText(ctx, found));
    const row = incidentRow(found.state, found.version);
    const answer = await this.#deps.paging.acknowledgeFromChat(ctx, found.state.room, author, line, page, row);
    if (isRefusal(answer)) return this.#refused(this.#refusalText(ctx, answer), row);
    return { replies: [{ text: answer }], incident: row };
  }

  /** `!ack all`, in any room: the answer may name private incidents, so it is shown to the sender only and stored nowhere. */
  async #ackAll(ctx: RenderContext, author: string, line: string): Promise<ChatOutcome> {
    if (!this.#deps.paging) return this.#notConfigured(ctx, line, 2);
    const answer = await this.#deps.paging.acknowledgeAllFromChat(ctx, author);
    if (isRefusal(answer)) return this.#refused(this.#refusalText(ctx, answer));
    return { replies: [{ text: answer, onlyForSender: true }] };
  }

  async #why(ctx: RenderContext, room: EnteredRoom, author: string, line: string, explicit: number | undefined, typed: string): Promise<ChatOutcome> {
    if (!this.#deps.paging) return this.#notConfigured(ctx, line, 2);
    const handle = this.#person(typed);
    if (isRefusal(handle)) return this.#refused(this.#refusalText(ctx, handle));
    const found = await this.#existing(ctx, room, author, explicit, line);
    if (typeof found === 'string') return this.#refused(found);
    if (isRefusal(found)) return this.#refused(this.#refusalText(ctx, found));
    const answer = await this.#deps.paging.whyText(ctx, found.state.id, handle);
    const at = this.#deps.clock.now().toISOString();
    await this.#commitLines(linesFor(room, found.state, exchange(at, author, line, [answer], found.state.id)));
    return { replies: [{ text: answer }], incident: incidentRow(found.state, found.version) };
  }

  async #converse(room: EnteredRoom, author: string, text: string): Promise<ChatOutcome> {
    const at = this.#deps.clock.now().toISOString();
    if (room.kind === 'incident' && room.loaded.state.status === 'open') {
      const ctx = this.renderContext(room.locale);
      return this.#run(ctx, room, author, text, { kind: 'existing', id: room.incidentId, read: room.loaded }, () => ({ type: 'converse', at, actor: author, text }));
    }
    const incidentId = room.kind === 'incident' ? room.incidentId : undefined;
    await this.#commitLines([{ stream: roomStream(room.name), expectedVersion: 'any', events: [personLine(at, author, text, incidentId)] }]);
    return { replies: [], incident: room.kind === 'incident' ? incidentRow(room.loaded.state, room.loaded.version) : undefined };
  }

  async #commitLines(appends: StreamAppend[]): Promise<void> {
    // A stranger's question is answered to them only, never kept in a room.
    if (appends.some((append) => append.events.some((event) => event.actor === STRANGER))) return;
    this.#deps.feed.publish(await this.#deps.store.commit({ appends }));
  }

  /** `!merge #8`: decided on both incidents, committed together; #8 ends and points here. */
  async #merge(ctx: RenderContext, room: EnteredRoom, author: string, line: string, explicit: number | undefined, otherId: number): Promise<ChatOutcome> {
    const found = await this.#existing(ctx, room, author, explicit, line);
    if (typeof found === 'string') return this.#refused(found);
    if (isRefusal(found)) return this.#refused(this.#refusalText(ctx, found));
    const { store, organisation } = this.#deps;
    const at = this.#deps.clock.now().toISOString();
    const { result } = await decideAndCommit(this.#deps, async () => {
      const here = await loadIncident(store, found.state.id);
      const there = (await this.rooms.incident(otherId, author)) ?? { state: initialState(), version: 0 };
      const { title, status, exists, mergedInto } = there.state;
      const other = { id: otherId, title, status, exists, private: there.state.private, ...(mergedInto === undefined ? {} : { mergedInto }) };
      const absorbed = decide(here.state, { type: 'absorb', at, actor: author, other });
      if (isRefusal(absorbed)) return { result: this.#refused(this.#refusalText(ctx, absorbed)) };
      const merged = decide(there.state, { type: 'merge-into', at, actor: author, into: here.state.id });
      if (isRefusal(merged)) return { result: this.#refused(this.#refusalText(ctx, merged)) };
      const nextHere = fold(absorbed, here.state);
      const nextThere = fold(merged, there.state);
      const hereReplies = repliesFor(ctx, absorbed, nextHere, here.state);
      const thereCtx = this.renderContext(this.rooms.localeOf(nextThere));
      const thereLines = repliesFor(thereCtx, merged, nextThere, there.state);
      const timers = [timersFor(nextHere.id, absorbed, organisation.timers), timersFor(nextThere.id, merged, organisation.timers)];
      const row = incidentRow(nextHere, here.version + absorbed.length);
      return {
        commit: {
          appends: [
            { stream: incidentStream(nextHere.id), expectedVersion: here.version, events: absorbed.map(toNewEvent) },
            { stream: incidentStream(nextThere.id), expectedVersion: there.version, events: merged.map(toNewEvent) },
            ...linesFor(room, nextHere, exchange(at, author, line, hereReplies, nextHere.id)),
            { stream: roomStream(nextThere.room), expectedVersion: 'any', events: thereLines.map((text) => botLine(at, text, nextThere.id)) },
          ],
          schedule: timers.flatMap((timer) => timer.schedule),
          cancel: timers.flatMap((timer) => timer.cancel),
          incidents: [row, incidentRow(nextThere, there.version + merged.length)],
        },
        result: { replies: hereReplies.map((text) => ({ text })), incident: row } as ChatOutcome,
      };
    });
    return result;
  }

  /** Read, decide, commit; on a version conflict read again and decide again (the one commit loop). */
  async #run(ctx: RenderContext, room: EnteredRoom, author: string, line: string, target: Target, build: Build, hints: string[] = []): Promise<ChatOutcome> {
    const { store, organisation } = this.#deps;
    let allocated: number | undefined;
    const { result } = await decideAndCommit(this.#deps, async (attempt) => {
      const opening = target.kind === 'new';
      const id = opening ? (allocated ??= await store.nextIncidentId()) : target.id;
      const reused = target.kind === 'existing' && attempt === 1 ? target.read : undefined;
      const loaded: LoadedIncident = opening ? { state: initialState(), version: 0 } : (reused ?? (await loadIncident(store, id)));
      const command = build(loaded.state, opening ? id : undefined);
      if (isRefusal(command)) return { result: this.#refused(this.#refusalText(ctx, command)) };
      const decision = decide(loaded.state, command);
      if (isRefusal(decision)) {
        if (command.type !== 'converse') return { result: this.#refused(this.#refusalText(ctx, decision), incidentRow(loaded.state, loaded.version)) };
        return { commit: { appends: linesFor(room, loaded.state, [personLine(command.at, author, line, loaded.state.id)]) }, result: { replies: [] } as ChatOutcome };
      }
      const next = fold(decision, loaded.state);
      const roomCtx = opening ? this.renderContext(this.rooms.localeOf(next)) : ctx;
      const resolved = decision.some((event) => event.type === 'incident.resolved');
      const notes = resolved ? ((await this.#deps.resolveNotes?.(roomCtx, next.id)) ?? []) : [];
      const replies = [...repliesFor(roomCtx, decision, next, loaded.state), ...notes, ...hints];
      const version = loaded.version + decision.length;
      const row = incidentRow(next, version);
      const timers = timersFor(next.id, decision, organisation.timers);
      const lines = opening ? await this.#openingLines(room, author, line, replies, next) : linesFor(room, next, exchange(command.at, author, line, replies, next.id));
      const answer = opening ? [announcement(ctx, next), ...(await this.#othersOpen(ctx, room, author, next.id)), ...replies] : replies;
      return {
        commit: {
          appends: [{ stream: incidentStream(next.id), expectedVersion: loaded.version, events: decision.map(toNewEvent) }, ...lines],
          ...timers,
          incidents: [row],
        },
        result: { replies: answer.map((text) => ({ text })), incident: row, ...(opening ? { opened: true } : {}) } as ChatOutcome,
      };
    });
    return result;
  }

  /** A new incident's room starts with the line that opened it and the answers; the lobby gets one announcement. */
  async #openingLines(room: EnteredRoom, author: string, line: string, replies: readonly string[], state: IncidentState): Promise<StreamAppend[]> {
    const at = state.declaredAt;
    const appends: StreamAppend[] = [{ stream: roomStream(state.room), expectedVersion: 0, events: exchange(at, author, line, replies, state.id) }];
    if (!state.private) {
      const lobby = state.lobby;
      const ctx = this.renderContext(this.#deps.organisation.rooms.get(lobby)?.locale ?? this.rooms.localeOf(state));
      const typedHere: NewEvent[] = room.name === lobby ? [personLine(at, author, line, state.id)] : [];
      appends.push({ stream: roomStream(lobby), expectedVersion: 'any', events: [...typedHere, botLine(at, announcement(ctx, state), state.id, 'announcement')] });
    }
    return appends;
  }

  /** "Open now: #7 db is down — `!ic page #7` pages for it": so nobody opens a duplicate by mistake. */
  async #othersOpen(ctx: RenderContext, room: EnteredRoom, author: string, newId: number): Promise<string[]> {
    if (room.kind !== 'lobby') return [];
    const others = (await this.rooms.openInLobby(room.name, author)).filter((row) => row.id !== newId);
    if (others.length === 0) return [];
    const states = await Promise.all(others.map(async (row) => (await loadIncident(this.#deps.store, row.id)).state));
    return [[t(ctx, 'room.also_open', { count: states.length, id: states[0].id }), ...openIncidentLines(ctx, states)].join('\n')];
  }
}
