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
  /** The day it should be done by (YYYY-MM-DD), when the review set one. */
  readonly due?: string;
}

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
  | (Envelope & { type: 'review.reminded'; dueAt: string; overdue: boolean });

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
      items: { text: string; owner?: string }[];
    })
  | (Envelope & { type: 'assign-review-owner'; owner: string; commander?: string })
  | (Envelope & {
      type: 'edit-review';
      sections: Partial<Record<ReviewSection, string>>;
      items?: { text: string; owner?: string; done?: boolean; due?: string }[];
    })
  | (Envelope & { type: 'change-review-status'; to: ReviewStatus; commander?: string })
  | (Envelope & { type: 'remind-review' });

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
  };
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
      };
    case 'review.owner_assigned':
      return { ...next, owner: event.owner };
    case 'review.edited':
      return { ...next, sections: { ...state.sections, ...event.sections }, actionItems: event.actionItems ?? state.actionItems };
    case 'review.status_changed':
      return { ...next, status: event.to };
    case 'review.reminded':
      return { ...next, reminders: state.reminders + 1 };
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

const MAX_SECTION = 20_000;
const MAX_ITEMS = 200;

function items(tag: string, given: readonly { text: string; owner?: string; done?: boolean; due?: string }[]): ActionItem[] {
  return given.map((item, index) => ({ n: index + 1, text: item.text.trim(), owner: item.owner, done: item.done ?? false, tag, ...(item.due ? { due: item.due } : {}) }));
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
      return [{ type: 'review.edited', at, actor, sections: command.sections, ...(command.items ? { actionItems: items(state.tag, command.items) } : {}) }];
    }
    case 'change-review-status':
      if (state.status === command.to) return refuse('review.already_status', { status: command.to });
      if (!REVIEW_TRANSITIONS[state.status].includes(command.to)) return refuse('review.bad_transition', { from: state.status, to: command.to });
      if (command.to === 'in_review' && !state.owner) return refuse('review.needs_owner');
      if (!mayLead(command.commander)) return refuse('review.only_owner_or_commander', { person: state.owner ?? '', commander: command.commander ?? '' });
      return [{ type: 'review.status_changed', at, actor, from: state.status, to: command.to }];
    case 'remind-review':
      if (state.status === 'reviewed' || state.status === 'closed') return refuse('review.done');
      return [{ type: 'review.reminded', at, actor, dueAt: state.dueAt, overdue: at >= state.dueAt }];
  }
}
