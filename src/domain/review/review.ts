import type { Severity } from '../incident/severity.js';
import { refuse, type Refusal } from '../refusal.js';

export const REVIEW_STATUSES = ['draft', 'in_review', 'reviewed', 'closed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_SECTIONS = ['summary', 'rootCause', 'impact', 'wentWell', 'wentBadly'] as const;
export type ReviewSection = (typeof REVIEW_SECTIONS)[number];

export interface ActionItem {
  readonly n: number;
  readonly text: string;
  readonly owner?: string;
  readonly done: boolean;
  readonly tag: string;
  /** The incident's follow-up this item came from: a second `!resolve` adds only new ones. */
  readonly fromTodo?: number;
  /** The day it should be done by (YYYY-MM-DD), when the review set one. */
  readonly due?: string;
}

type ItemInput = { text: string; owner?: string; done?: boolean; due?: string; fromTodo?: number };

interface Envelope {
  readonly at: string;
  readonly actor: string;
}

export type ReviewEvent =
  | (Envelope & {
      type: 'review.created';
      incidentId: number;
      severity: Severity;
      falseAlarm: boolean;
      owner?: string;
      dueAt: string;
      tag: string;
      actionItems: ActionItem[];
    })
  | (Envelope & { type: 'review.owner_assigned'; owner: string; previous?: string })
  | (Envelope & { type: 'review.edited'; sections: Partial<Record<ReviewSection, string>>; actionItems?: ActionItem[] })
  | (Envelope & { type: 'review.status_changed'; from: ReviewStatus; to: ReviewStatus })
  | (Envelope & { type: 'review.reminded'; dueAt: string; overdue: boolean })
  /** The incident was reopened: the review goes back to Draft, the reason on its record. */
  | (Envelope & { type: 'review.reopened'; from: ReviewStatus; reason: string })
  /** The incident was resolved again: the flag follows the last resolve, new follow-ups become items. */
  | (Envelope & { type: 'review.refreshed'; falseAlarm: boolean; severity: Severity; added: ActionItem[] });

/** `commander` is the incident's IC when the command is made: only they assign the owner. */
export type ReviewCommand =
  | (Envelope & {
      type: 'create-review';
      incidentId: number;
      severity: Severity;
      falseAlarm: boolean;
      owner?: string;
      dueAt: string;
      tag: string;
      items: ItemInput[];
    })
  | (Envelope & { type: 'assign-review-owner'; owner: string; commander?: string })
  | (Envelope & {
      type: 'edit-review';
      sections: Partial<Record<ReviewSection, string>>;
      items?: ItemInput[];
    })
  | (Envelope & { type: 'change-review-status'; to: ReviewStatus; commander?: string })
  | (Envelope & { type: 'remind-review' })
  | (Envelope & { type: 'reopen-review'; reason: string })
  | (Envelope & { type: 'refresh-review'; falseAlarm: boolean; severity: Severity; items: ItemInput[] });

export interface ReviewState {
  readonly exists: boolean;
  readonly incidentId: number;
  readonly severity: Severity;
  readonly falseAlarm: boolean;
  readonly owner?: string;
  readonly status: ReviewStatus;
  readonly dueAt: string;
  readonly tag: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly sections: Readonly<Record<ReviewSection, string>>;
  readonly actionItems: readonly ActionItem[];
  readonly reminders: number;
  /** When it was closed: what it shows is fixed from then on. */
  readonly closedAt?: string;
  readonly reopenings: readonly { readonly at: string; readonly actor: string; readonly reason: string }[];
  /**
   * Every follow-up the review has taken in as an action item, whether or not
   * the item is still there: one the editor deleted is not added back.
   */
  readonly takenTodos: readonly number[];
}

export function initialReview(): ReviewState {
  return {
    exists: false,
    incidentId: 0,
    severity: 5,
    falseAlarm: false,
    status: 'draft',
    dueAt: '',
    tag: '',
    createdAt: '',
    updatedAt: '',
    sections: { summary: '', rootCause: '', impact: '', wentWell: '', wentBadly: '' },
    actionItems: [],
    reminders: 0,
    reopenings: [],
    takenTodos: [],
  };
}

/** The follow-ups taken in so far, and those these items came from. */
function taken(state: ReviewState, added: readonly ActionItem[]): readonly number[] {
  const more = added.map((item) => item.fromTodo).filter((n): n is number => n !== undefined && !state.takenTodos.includes(n));
  return more.length ? [...state.takenTodos, ...more] : state.takenTodos;
}

export function evolveReview(state: ReviewState, event: ReviewEvent): ReviewState {
  const next = { ...state, updatedAt: event.at };
  switch (event.type) {
    case 'review.created':
      return {
        ...next,
        exists: true,
        incidentId: event.incidentId,
        severity: event.severity,
        falseAlarm: event.falseAlarm,
        owner: event.owner,
        dueAt: event.dueAt,
        tag: event.tag,
        createdAt: event.at,
        actionItems: event.actionItems,
        takenTodos: taken(state, event.actionItems),
      };
    case 'review.owner_assigned':
      return { ...next, owner: event.owner };
    case 'review.edited':
      return { ...next, sections: { ...state.sections, ...event.sections }, actionItems: event.actionItems ?? state.actionItems };
    case 'review.status_changed':
      return { ...next, status: event.to, closedAt: event.to === 'closed' ? event.at : undefined };
    case 'review.reminded':
      return { ...next, reminders: state.reminders + 1 };
    case 'review.reopened':
      return { ...next, status: 'draft', closedAt: undefined, reopenings: [...state.reopenings, { at: event.at, actor: event.actor, reason: event.reason }] };
    case 'review.refreshed':
      return { ...next, falseAlarm: event.falseAlarm, severity: event.severity, actionItems: [...state.actionItems, ...event.added], takenTodos: taken(state, event.added) };
  }
}

export function foldReview(events: readonly ReviewEvent[]): ReviewState {
  return events.reduce(evolveReview, initialReview());
}

/** Draft → In Review → Reviewed → Closed; a review in review may go back to draft for more work. */
export const REVIEW_TRANSITIONS: Readonly<Record<ReviewStatus, readonly ReviewStatus[]>> = {
  draft: ['in_review'],
  in_review: ['reviewed', 'draft'],
  reviewed: ['closed'],
  closed: [],
};

/**
 * What a review must say before it is Reviewed (and so Closed): what happened, why, and who it hurt. The
 * summary made from the incident while nobody has written one is a start, not the review's word.
 */
export const REQUIRED_SECTIONS: readonly ReviewSection[] = ['summary', 'rootCause', 'impact'];

/** The required sections still empty (blank counts as empty), in the review's order. */
export function unwrittenSections(state: ReviewState): ReviewSection[] {
  return REQUIRED_SECTIONS.filter((section) => !state.sections[section].trim());
}

const MAX_SECTION = 20_000;
const MAX_ITEMS = 200;

function items(tag: string, given: readonly ItemInput[], first = 1): ActionItem[] {
  return given.map((item, index) => ({
    n: first + index,
    text: item.text.trim(),
    owner: item.owner,
    done: item.done ?? false,
    tag,
    ...(item.due ? { due: item.due } : {}),
    ...(item.fromTodo !== undefined ? { fromTodo: item.fromTodo } : {}),
  }));
}

export function decideReview(state: ReviewState, command: ReviewCommand): ReviewEvent[] | Refusal {
  const { at, actor } = command;
  if (command.type === 'create-review') {
    if (state.exists) return refuse('review.exists', { id: state.incidentId });
    const { type: _type, items: given, ...rest } = command;
    return [{ ...rest, type: 'review.created', actionItems: items(command.tag, given) }];
  }
  if (!state.exists) return refuse('review.none');
  const mayLead = (commander?: string) => actor === state.owner || actor === commander || (!commander && !state.owner);
  switch (command.type) {
    case 'assign-review-owner':
      if (command.commander && command.commander !== actor) return refuse('review.only_commander_assigns', { commander: command.commander });
      if (state.owner === command.owner) return refuse('review.already_owner', { person: command.owner });
      return [{ type: 'review.owner_assigned', at, actor, owner: command.owner, previous: state.owner }];
    case 'edit-review': {
      if (state.status === 'closed') return refuse('review.closed');
      if (Object.values(command.sections).some((text) => (text ?? '').length > MAX_SECTION)) return refuse('review.too_long', { max: MAX_SECTION });
      if (command.items && command.items.length > MAX_ITEMS) return refuse('review.too_many_items', { max: MAX_ITEMS });
      if (command.items?.some((item) => !item.text.trim())) return refuse('review.empty_item');
      // An edited item keeps the follow-up it came from, so the list still says where each item started.
      const kept = command.items?.map((item) => ({ ...item, fromTodo: item.fromTodo ?? state.actionItems.find((old) => old.text === item.text.trim())?.fromTodo }));
      return [{ type: 'review.edited', at, actor, sections: command.sections, ...(kept ? { actionItems: items(state.tag, kept) } : {}) }];
    }
    case 'change-review-status':
      if (state.status === command.to) return refuse('review.already_status', { status: command.to });
      if (!REVIEW_TRANSITIONS[state.status].includes(command.to)) return refuse('review.bad_transition', { from: state.status, to: command.to });
      if (command.to === 'in_review' && !state.owner) return refuse('review.needs_owner');
      if (!mayLead(command.commander)) {
        // The owner and the IC may be one person: name them once.
        if (state.owner && state.owner === command.commander) return refuse('review.only_owner_commander', { person: state.owner });
        return refuse('review.only_owner_or_commander', { person: state.owner ?? '', commander: command.commander ?? '' });
      }
      if (command.to === 'reviewed' || command.to === 'closed') {
        const unwritten = unwrittenSections(state);
        if (unwritten.length > 0) return refuse('review.unwritten', { to: command.to, sections: unwritten, count: unwritten.length });
      }
      return [{ type: 'review.status_changed', at, actor, from: state.status, to: command.to }];
    case 'remind-review':
      if (state.status === 'reviewed' || state.status === 'closed') return refuse('review.done');
      return [{ type: 'review.reminded', at, actor, dueAt: state.dueAt, overdue: at >= state.dueAt }];
    case 'reopen-review':
      if (state.status === 'draft') return refuse('review.already_status', { status: 'draft' });
      return [{ type: 'review.reopened', at, actor, from: state.status, reason: command.reason }];
    case 'refresh-review': {
      // A closed review is never rewritten; only a reopen (back to Draft) lets it change.
      if (state.status === 'closed') return refuse('review.closed');
      // Only follow-ups added since the review last took them in: the editor's deletions stay deleted.
      const added = items(state.tag, command.items.filter((item) => item.fromTodo === undefined || !state.takenTodos.includes(item.fromTodo)), state.actionItems.length + 1);
      if (added.length === 0 && command.falseAlarm === state.falseAlarm && command.severity === state.severity) return refuse('review.unchanged');
      return [{ type: 'review.refreshed', at, actor, falseAlarm: command.falseAlarm, severity: command.severity, added }];
    }
  }
}
