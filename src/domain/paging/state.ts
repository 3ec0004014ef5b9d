import type { PageTarget } from '../oncall/escalation.js';
import type { DeliveryAttempted, DeliveryFailed, LevelStarted, PageCancelled, PageDelivered, PageEvent, PagedPerson, PolicySnapshot } from './events.js';

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
 * Whether deliveries still go out: yes while paging, and after the policy is
 * exhausted (its last level still hears of it); no once acknowledged or cancelled.
 */
export function stillDelivering(state: PageState): boolean {
  return state.status === 'paging' || state.status === 'exhausted';
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
