import type { PageTarget } from '../oncall/escalation.js';
import type { DeliveryAttempted, DeliveryFailed, LevelStarted, PageCancelled, PageChannel, PageDelivered, PageEvent, PagedPerson, PolicySnapshot } from './events.js';

export type PageStatus = 'paging' | 'acknowledged' | 'exhausted' | 'cancelled';

export interface PageState {
  readonly exists: boolean;
  readonly pageId: string;
  readonly incidentId: number;
  readonly room: string;
  readonly locale?: string;
  readonly target: PageTarget;
  readonly policy: PolicySnapshot;
  readonly message: string;
  readonly openedAt: string;
  readonly openedBy: string;
  /** When the incident asked for the page (`openedAt` for pages that did not record it). */
  readonly requestedAt: string;
  readonly status: PageStatus;
  readonly level: number;
  readonly round: number;
  readonly levels: readonly LevelStarted[];
  /** Every delivery attempt's outcome, oldest first. */
  readonly deliveries: readonly (PageDelivered | DeliveryFailed)[];
  /** Calls to a provider recorded as started and not yet given an outcome, by delivery key. */
  readonly inFlight: Readonly<Record<string, DeliveryAttempted>>;
  /** How many calls to a provider were started, by delivery key. */
  readonly calls: Readonly<Record<string, number>>;
  readonly acknowledgedBy?: string;
  /** Shadows who acknowledged their own page. */
  readonly seenBy: readonly string[];
  readonly closedAt?: string;
  /** Why a cancelled page stopped: the incident ended, or `commander` took command. */
  readonly cancelled?: { readonly reason: PageCancelled['reason']; readonly commander?: string };
}

export function initialPageState(): PageState {
  return {
    exists: false,
    pageId: '',
    incidentId: 0,
    room: '',
    target: { kind: 'commander' },
    policy: { name: '', repeat: 0, levels: [] },
    message: '',
    openedAt: '',
    openedBy: '',
    requestedAt: '',
    status: 'paging',
    level: 0,
    round: 0,
    levels: [],
    deliveries: [],
    seenBy: [],
    inFlight: {},
    calls: {},
  };
}

export function evolvePage(state: PageState, event: PageEvent): PageState {
  switch (event.type) {
    case 'page.opened':
      return {
        ...state,
        exists: true,
        pageId: event.pageId,
        incidentId: event.incidentId,
        room: event.room,
        locale: event.locale,
        target: event.target,
        policy: event.policy,
        message: event.message,
        openedAt: event.at,
        openedBy: event.actor,
        requestedAt: event.requestedAt ?? event.at,
      };
    case 'page.level-started':
      return { ...state, level: event.level, round: event.round, levels: [...state.levels, event] };
    case 'page.delivery-attempted':
      return { ...state, inFlight: { ...state.inFlight, [event.key]: event }, calls: { ...state.calls, [event.key]: (state.calls[event.key] ?? 0) + 1 } };
    case 'page.delivered':
    case 'page.delivery-failed': {
      const { [event.key]: _done, ...inFlight } = state.inFlight;
      return { ...state, deliveries: [...state.deliveries, event], inFlight };
    }
    case 'page.acknowledged':
      return { ...state, status: 'acknowledged', acknowledgedBy: event.person, closedAt: event.at };
    case 'page.shadow-acknowledged':
      return { ...state, seenBy: [...(state.seenBy ?? []), event.person] };
    case 'page.exhausted':
      return { ...state, status: 'exhausted', closedAt: event.at };
    case 'page.cancelled':
      return { ...state, status: 'cancelled', closedAt: event.at, cancelled: event.reason === 'commander-assigned' ? { reason: event.reason, commander: event.commander } : { reason: event.reason } };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export function foldPage(events: readonly PageEvent[], state: PageState = initialPageState()): PageState {
  return events.reduce(evolvePage, state);
}

/** The latest outcome of a delivery key: sent, failed (maybe retrying), or not tried yet. */
export function deliveryOutcome(state: PageState, key: string): PageDelivered | DeliveryFailed | undefined {
  for (let index = state.deliveries.length - 1; index >= 0; index--) if (state.deliveries[index].key === key) return state.deliveries[index];
  return undefined;
}

/**
 * Whether the page still waits for an answer: while paging, and after its
 * policy is exhausted (nobody answered, and its last level still hears of it);
 * no once acknowledged or cancelled. An open page's deliveries still go out.
 */
export function isOpenPage(state: PageState): boolean {
  return isOpenPageStatus(state.status);
}

/** `isOpenPage` for a page known by its status alone (a page row in the web room). */
export function isOpenPageStatus(status: PageStatus): boolean {
  return status === 'paging' || status === 'exhausted';
}

/** Everyone paged so far who may acknowledge (shadows are paged alongside, they do not acknowledge). */
export function responders(state: PageState): Set<string> {
  return new Set(state.levels.flatMap((level) => level.recipients.filter((recipient) => !recipient.shadow).map((recipient) => recipient.person)));
}

/** The shadows paged so far: they see the page and may acknowledge their own copy, but it goes on for the responders. */
export function shadows(state: PageState): Set<string> {
  const answering = responders(state);
  return new Set(state.levels.flatMap((level) => level.recipients.filter((recipient) => recipient.shadow && !answering.has(recipient.person)).map((recipient) => recipient.person)));
}

/** The person as one level and round paged them (a shadow, or one who answers for the page). */
export function recipientAt(state: PageState, level: number, round: number, person: string): PagedPerson | undefined {
  return state.levels.find((started) => started.level === level && started.round === round)?.recipients.find((recipient) => recipient.person === person);
}

/** One contact method a page reached a person by: where its closing notice goes. */
export interface ReachedContact {
  readonly person: string;
  readonly channel: PageChannel;
  readonly to: string;
  /** The last level and round that reached them this way. */
  readonly level: number;
  readonly round: number;
}

const isPageDelivery = (delivery: { channel: PageChannel; notice?: 'closed' }) => delivery.channel !== 'chat' && delivery.notice === undefined;
const contactKey = (delivery: { person: string; channel: string; to: string }) => `${delivery.person}\u0000${delivery.channel}\u0000${delivery.to}`;

/**
 * Whom a cancelled page's closing notice goes to, once per person and contact
 * method: everyone it reached by email, SMS, call, webhook or Slack (or may
 * have: a call under way as it closed), except whoever acknowledged it (a
 * shadow who saw their copy) and the person now in command. The room line
 * is not a contact: the room hears of the closing itself.
 */
export function closingNoticeContacts(state: PageState): ReachedContact[] {
  if (state.status !== 'cancelled') return [];
  const excluded = new Set([...state.seenBy, ...(state.acknowledgedBy ? [state.acknowledgedBy] : []), ...(state.cancelled?.commander ? [state.cancelled.commander] : [])]);
  const reached = new Map<string, ReachedContact>();
  const candidates = [...state.deliveries.filter((delivery) => delivery.type === 'page.delivered'), ...Object.values(state.inFlight)];
  for (const delivery of candidates) {
    if (!isPageDelivery(delivery) || excluded.has(delivery.person)) continue;
    const { person, channel, to, level, round } = delivery;
    const key = contactKey(delivery);
    const known = reached.get(key);
    const later = !known || round > known.round || (round === known.round && level > known.level);
    if (later) reached.set(key, { person, channel, to, level, round });
  }
  return [...reached.values()];
}

/**
 * Whether the page reached `contact` by now: yes (a delivery went out); not
 * yet known (a call still under way until the time given); or no.
 */
export function pageReached(state: PageState, contact: Pick<ReachedContact, 'person' | 'channel' | 'to'>, now: string): true | false | { until: string } {
  const key = contactKey(contact);
  if (state.deliveries.some((delivery) => delivery.type === 'page.delivered' && isPageDelivery(delivery) && contactKey(delivery) === key)) return true;
  const open = Object.values(state.inFlight).filter((attempt) => isPageDelivery(attempt) && contactKey(attempt) === key);
  if (open.length === 0) return false;
  const until = open.map((attempt) => attempt.until).sort().at(-1)!;
  // A call that ended without an outcome (a crash mid-call) may have gone out: the person hears it is closed.
  return until > now ? { until } : true;
}
