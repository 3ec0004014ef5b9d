import { describe, expect, it } from 'vitest';
import { isRefusal } from '../refusal.js';
import { decideReview, foldReview, type ReviewCommand, type ReviewEvent, type ReviewStatus } from './review.js';

const at = '2026-11-24T10:00:00.000Z';
const created: ReviewEvent = {
  type: 'review.created', at, actor: 'system', incidentId: 7, severity: 1, falseAlarm: false, owner: 'carol', dueAt: '2026-11-27T10:00:00.000Z', tag: 'sev1_20261124',
  actionItems: [{ n: 1, text: 'alert on errors', done: false, tag: 'sev1_20261124' }],
};

function given(...events: ReviewEvent[]) {
  const state = foldReview(events);
  return {
    when(command: ReviewCommand) {
      const decision = decideReview(state, command);
      return {
        then: (...expected: Partial<ReviewEvent>[]) => {
          if (isRefusal(decision)) throw new Error(`refused ${decision.code}`);
          expect(decision).toMatchObject(expected);
          return foldReview([...events, ...decision]);
        },
        thenRefuses: (code: string) => expect(isRefusal(decision) && decision.code).toBe(code),
      };
    },
  };
}

const status = (to: ReviewStatus, actor = 'carol', commander = 'carol'): ReviewCommand => ({ type: 'change-review-status', at, actor, to, commander });

describe('post-incident review', () => {
  it('is created once, with tagged action items', () => {
    const state = given().when({ type: 'create-review', at, actor: 'system', incidentId: 7, severity: 1, falseAlarm: false, owner: 'carol', dueAt: created.dueAt, tag: 'sev1_20261124', items: [{ text: 'alert on errors' }] }).then(created);
    expect(state.actionItems[0].tag).toBe('sev1_20261124');
    given(created).when({ type: 'create-review', at, actor: 'system', incidentId: 7, severity: 1, falseAlarm: false, dueAt: at, tag: 'x', items: [] }).thenRefuses('review.exists');
  });

  it('goes Draft → In Review → Reviewed → Closed, by its owner or the IC', () => {
    const inReview: ReviewEvent = { type: 'review.status_changed', at, actor: 'carol', from: 'draft', to: 'in_review' };
    given(created).when(status('in_review')).then(inReview);
    given(created).when(status('reviewed')).thenRefuses('review.bad_transition');
    given(created).when(status('in_review', 'mei')).thenRefuses('review.only_owner_or_commander');
    given(created, inReview).when(status('draft', 'alice', 'alice')).then({ type: 'review.status_changed', from: 'in_review', to: 'draft' });
    const reviewed: ReviewEvent = { type: 'review.status_changed', at, actor: 'carol', from: 'in_review', to: 'reviewed' };
    given(created, inReview, reviewed).when(status('closed')).then({ to: 'closed' });
    given(created, inReview, reviewed).when(status('draft')).thenRefuses('review.bad_transition');
  });

  it('lets only the IC assign the owner', () => {
    given(created).when({ type: 'assign-review-owner', at, actor: 'mei', owner: 'mei', commander: 'carol' }).thenRefuses('review.only_commander_assigns');
    given(created).when({ type: 'assign-review-owner', at, actor: 'carol', owner: 'mei', commander: 'carol' }).then({ type: 'review.owner_assigned', owner: 'mei', previous: 'carol' });
  });

  it('edits sections and action items until it is closed', () => {
    const state = given(created).when({ type: 'edit-review', at, actor: 'mei', sections: { rootCause: 'timeout' }, items: [{ text: 'canary', owner: 'dave' }] }).then({ type: 'review.edited' });
    expect(state.sections.rootCause).toBe('timeout');
    expect(state.actionItems).toEqual([{ n: 1, text: 'canary', owner: 'dave', done: false, tag: 'sev1_20261124' }]);
    given(created).when({ type: 'edit-review', at, actor: 'mei', sections: {}, items: [{ text: '  ' }] }).thenRefuses('review.empty_item');
    const closed: ReviewEvent = { type: 'review.status_changed', at, actor: 'carol', from: 'reviewed', to: 'closed' };
    given(created, closed).when({ type: 'edit-review', at, actor: 'mei', sections: { impact: 'x' } }).thenRefuses('review.closed');
  });

  it('reminds until reviewed', () => {
    given(created).when({ type: 'remind-review', at: '2026-11-28T00:00:00.000Z', actor: 'system' }).then({ type: 'review.reminded', overdue: true });
    given(created, { type: 'review.status_changed', at, actor: 'carol', from: 'in_review', to: 'reviewed' }).when({ type: 'remind-review', at, actor: 'system' }).thenRefuses('review.done');
  });
});
