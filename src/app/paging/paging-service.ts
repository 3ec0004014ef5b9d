import { readiness, type ReadinessProblem } from '../../domain/oncall/readiness.js';
import type { Organisation } from '../../domain/organisation.js';
import { decidePage } from '../../domain/paging/decide.js';
import { foldPage, isOpenPage, responders, shadows, type PageState } from '../../domain/paging/state.js';
import { isRefusal, refuse, type Refusal } from '../../domain/refusal.js';
import { decideAndCommit } from '../commit-loop.js';
import { type Clock, type IncidentRow, type LiveFeed, type Store, type StreamAppend } from '../../ports.js';
import type { Translate } from '../../i18n/i18n.js';
import { AppError } from '../errors.js';
import { listed, personLabel, refusalParams, renderContextOf, t, type RenderContext } from '../render/context.js';
import { botLine, personLine, roomStream } from '../streams.js';
import type { AckLinks } from './ack-links.js';
import type { ScheduleOverrides } from './schedule-overrides.js';
import { loadPage, loadPagesOf, pageStream, toPageNewEvent, type LoadedPage } from './page-streams.js';
import { pageTimersFor } from './page-timers.js';
import { pageRows } from './page-views.js';
import { whyTrail, type WhyTrail } from './why.js';
import { renderWhy } from './why-view.js';

export interface PagingServiceDeps {
  store: Store;
  clock: Clock;
  organisation: Organisation;
  feed: LiveFeed;
  translate: Translate;
  links?: AckLinks;
  overrides?: ScheduleOverrides;
  /** Replies to pages by SMS: the URL the provider calls, and its signature check. */
  inboundSms?: { url: string; verify(signature: string, url: string, params: Record<string, string>): boolean };
}

export type AckVia = 'chat' | 'link' | 'api' | 'sms';



/** Acknowledging, listing and explaining pages, for chat, the API and ack links alike. */
export class PagingService {
  constructor(private readonly deps: PagingServiceDeps) {}

  get links(): AckLinks | undefined {
    return this.deps.links;
  }

  get overrides(): ScheduleOverrides | undefined {
    return this.deps.overrides;
  }

  get inboundSms() {
    return this.deps.inboundSms;
  }

  /** The person whose SMS or voice number this is (as the provider sends it, E.164). */
  personByPhone(number: string): string | undefined {
    const digits = number.replace(/[^0-9]/g, '');
    if (!digits) return undefined;
    for (const person of this.deps.organisation.people.values()) {
      if ((person.contacts ?? []).some((contact) => (contact.channel === 'sms' || contact.channel === 'voice') && contact.to.replace(/[^0-9]/g, '') === digits)) return person.handle;
    }
    return undefined;
  }

  /** Acknowledges every open page, of any open incident, that reached this person. */
  async acknowledgeAll(person: string, via: AckVia): Promise<PageState[]> {
    const acknowledged: PageState[] = [];
    for (const incident of await this.deps.store.listIncidents({ status: 'open', limit: 500 })) {
      for (const { state } of await loadPagesOf(this.deps.store, incident.id)) {
        if (!isOpenPage(state) || !responders(state).has(person)) continue;
        const result = await this.acknowledge(state.pageId, person, via);
        if (!isRefusal(result)) acknowledged.push(result);
      }
    }
    return acknowledged;
  }

  /**
   * `!ack all`: acknowledges every open page that reached the person, in every incident, as an SMS reply does;
   * each incident's room hears it. The answer names the incidents, private ones too: it is for the sender alone.
   */
  async acknowledgeAllFromChat(ctx: RenderContext, person: string): Promise<string | Refusal> {
    const acknowledged = (await this.acknowledgeAll(person, 'chat')).sort(
      (one, other) => one.incidentId - other.incidentId || one.pageId.localeCompare(other.pageId, 'en', { numeric: true }),
    );
    if (acknowledged.length === 0) return refuse('page.nothing_to_ack_anywhere');
    const incidents = [...new Set(acknowledged.map((page) => `#${page.incidentId}`))];
    return t(ctx, 'paging.reply.acknowledged_all', {
      person: personLabel(ctx, person),
      count: acknowledged.length,
      pages: listed(ctx, acknowledged.map((page) => page.pageId)),
      incidentCount: incidents.length,
      incidents: listed(ctx, incidents),
    });
  }

  renderContext(locale: string): RenderContext {
    return renderContextOf(this.deps, locale);
  }

  /**
   * Acknowledges pages for a person in one commit, with the room lines given.
   * An acknowledgement that races an escalation is decided again on the newer page.
   */
  async #acknowledge(pageIds: readonly string[], person: string, via: AckVia, roomLines?: (pages: PageState[]) => StreamAppend | undefined): Promise<PageState[] | Refusal> {
    const { result } = await decideAndCommit<PageState[] | Refusal>(this.deps, async () => {
      const loaded: LoadedPage[] = await Promise.all(pageIds.map((id) => loadPage(this.deps.store, id)));
      const at = this.deps.clock.now().toISOString();
      const appends: StreamAppend[] = [];
      const cancel: string[] = [];
      const acknowledged: PageState[] = [];
      for (const { state, version } of loaded) {
        const decision = decidePage(state, { type: 'acknowledge', at, actor: person, via });
        if (isRefusal(decision)) return { result: decision };
        const next = foldPage(decision, state);
        acknowledged.push(next);
        appends.push({ stream: pageStream(state.pageId), expectedVersion: version, events: decision.map(toPageNewEvent) });
        cancel.push(...pageTimersFor(next, decision).cancel);
      }
      const room = roomLines?.(acknowledged);
      return { commit: { appends: room ? [...appends, room] : appends, cancel }, result: acknowledged };
    });
    return result;
  }

  #roomLine(page: PageState, person: string, via: AckVia, at: string) {
    const ctx = this.renderContext(page.locale ?? this.deps.organisation.defaultLocale);
    return botLine(at, t(ctx, 'paging.room.acknowledged', { person: personLabel(ctx, person), page: page.pageId, via: t(ctx, `paging.via.${via}`) }), page.incidentId, 'page');
  }

  /** Acknowledge one page by id (API, web UI, ack link); the room hears about it. */
  async acknowledge(pageId: string, person: string, via: AckVia): Promise<PageState | Refusal> {
    const { state } = await loadPage(this.deps.store, pageId);
    if (!state.exists) return refuse('page.not_found', { page: pageId });
    const at = this.deps.clock.now().toISOString();
    const result = await this.#acknowledge([pageId], person, via, ([page]) => ({ stream: roomStream(page.room), expectedVersion: 'any', events: [this.#roomLine(page, person, via, at)] }));
    return isRefusal(result) ? result : result[0];
  }

  /**
   * `!ack [page]` in a room: acknowledges the person's open pages of the room's
   * incident (or the one named), and stores the line and the answer in the room.
   */
  async acknowledgeFromChat(ctx: RenderContext, room: string, person: string, line: string, pageId: string | undefined, incident: IncidentRow | undefined): Promise<string | Refusal> {
    if (!incident) return refuse('incident.none');
    const pages = (await loadPagesOf(this.deps.store, incident.id)).map((loaded) => loaded.state);
    let chosen: PageState[];
    if (pageId) {
      const wanted = pageId.replace(/^#/, '');
      const page = pages.find((candidate) => candidate.pageId === wanted || candidate.pageId === `${incident.id}-${wanted}`);
      if (!page) return refuse('page.unknown_id', { page: wanted, pages: pages.map((candidate) => candidate.pageId) });
      chosen = [page];
    } else {
      // A shadow acknowledges their own copy; the page goes on for those who answer for it.
      chosen = pages.filter((page) => isOpenPage(page) && (responders(page).has(person) || (shadows(page).has(person) && !page.seenBy.includes(person))));
      if (chosen.length === 0) {
        // Someone else got there first: say who, rather than that there was nothing to acknowledge.
        const answered = [...pages].reverse().find((page) => page.status === 'acknowledged' && page.acknowledgedBy !== person && (responders(page).has(person) || shadows(page).has(person)));
        if (answered) return refuse('page.already_acknowledged', { page: answered.pageId, person: answered.acknowledgedBy ?? '' });
        return refuse('page.nothing_to_ack', { id: incident.id });
      }
    }
    const at = this.deps.clock.now().toISOString();
    let answer = '';
    const result = await this.#acknowledge(
      chosen.map((page) => page.pageId),
      person,
      'chat',
      (acknowledged) => {
        const stopped = acknowledged.filter((page) => page.status === 'acknowledged').map((page) => page.pageId);
        const seen = acknowledged.filter((page) => page.status !== 'acknowledged').map((page) => page.pageId);
        answer = [
          ...(stopped.length ? [t(ctx, 'paging.reply.acknowledged', { person: personLabel(ctx, person), pages: listed(ctx, stopped), count: stopped.length })] : []),
          ...(seen.length ? [t(ctx, 'paging.reply.shadow_acknowledged', { person: personLabel(ctx, person), pages: listed(ctx, seen) })] : []),
        ].join('\n');
        return { stream: roomStream(room), expectedVersion: 'any', events: [personLine(at, person, line, incident.id), botLine(at, answer, incident.id)] };
      },
    );
    return isRefusal(result) ? result : answer;
  }

  /** A refusal as a line, people shown by name. */
  refusalText(ctx: RenderContext, refusal: Refusal): string {
    return t(ctx, `refusal.${refusal.code}`, refusalParams(ctx, refusal.params));
  }

  async pages(incidentId: number) {
    const pages = await loadPagesOf(this.deps.store, incidentId);
    return pages.flatMap((page) => pageRows(page.state));
  }

  async why(incidentId: number, person: string): Promise<WhyTrail> {
    const pages = await loadPagesOf(this.deps.store, incidentId);
    return whyTrail(this.deps.organisation, incidentId, person, pages.map((page) => page.state));
  }

  async whyText(ctx: RenderContext, incidentId: number, person: string): Promise<string> {
    return renderWhy(ctx, await this.why(incidentId, person));
  }

  readiness(): ReadinessProblem[] {
    return readiness(this.deps.organisation, this.deps.clock.now());
  }
}
