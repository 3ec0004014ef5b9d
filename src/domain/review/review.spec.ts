import { describe, expect, it } from 'vitest';
import { isRefusal } from '../refusal.js';
import { decideReview, foldReview, type ReviewCommand, type ReviewEvent, type ReviewStatus } from './review.js';

const at = '2026-11-24T10:00:00.000Z';
const created: ReviewEvent = {
  type: 'review.created', at, actor: 'system', incidentId: 7, severity: 1, falseAlarm: false, owner: 'carol', dueAt: '2026-11-27T10:00:00.000Z', tag: 'sev1_20261124',
  actionItems: [{ n: 1, text: 'alert on errors', done: false, tag: 'sev1_20261124' }],
};

/** The sections a review needs before it is Reviewed. */
const written: ReviewEvent = { type: 'review.edited', at, actor: 'carol', sections: { summary: 'Checkout failed for 20 minutes.', rootCause: 'A bad deploy.', impact: '12% of orders failed.' } };

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
    // carol owns it and is the IC: she is named once.
    given(created).when(status('in_review', 'mei')).thenRefuses('review.only_owner_commander');
    given(created).when(status('in_review', 'mei', 'alice')).thenRefuses('review.only_owner_or_commander');
    given(created, inReview).when(status('draft', 'alice', 'alice')).then({ type: 'review.status_changed', from: 'in_review', to: 'draft' });
    const reviewed: ReviewEvent = { type: 'review.status_changed', at, actor: 'carol', from: 'in_review', to: 'reviewed' };
    given(created, written, inReview).when(status('reviewed')).then(reviewed);
    given(created, written, inReview, reviewed).when(status('closed')).then({ to: 'closed' });
    given(created, written, inReview, reviewed).when(status('draft')).thenRefuses('review.bad_transition');
  });

  describe('when its summary, root cause or impact is not written', () => {
    const inReview: ReviewEvent = { type: 'review.status_changed', at, actor: 'carol', from: 'draft', to: 'in_review' };
    const refusalOf = (command: ReviewCommand, ...events: ReviewEvent[]) => decideReview(foldReview([created, ...events]), command);

    it('stays in review, naming every empty one in the review’s order', () => {
      expect(refusalOf(status('reviewed'), inReview)).toEqual({ refused: true, code: 'review.unwritten', params: { to: 'reviewed', sections: ['summary', 'rootCause', 'impact'], count: 3 } });
      const partly: ReviewEvent = { type: 'review.edited', at, actor: 'mei', sections: { summary: 'Checkout failed.', impact: '   ' } };
      expect(refusalOf(status('reviewed'), inReview, partly)).toMatchObject({ code: 'review.unwritten', params: { sections: ['rootCause', 'impact'], count: 2 } });
    });

    it('is not closed either, when a section was emptied after it was reviewed', () => {
      const reviewed: ReviewEvent = { type: 'review.status_changed', at, actor: 'carol', from: 'in_review', to: 'reviewed' };
      const emptied: ReviewEvent = { type: 'review.edited', at, actor: 'mei', sections: { rootCause: '' } };
      expect(refusalOf(status('closed'), written, inReview, reviewed, emptied)).toMatchObject({ code: 'review.unwritten', params: { to: 'closed', sections: ['rootCause'] } });
    });

    it('needs nothing written to go into review, or back to draft', () => {
      given(created).when(status('in_review')).then({ to: 'in_review' });
      given(created, inReview).when(status('draft')).then({ to: 'draft' });
    });
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

  describe('when the incident is reopened and resolved again', () => {
    const withTodo: ReviewEvent = { ...created, actionItems: [{ n: 1, text: 'alert on errors', done: false, tag: 'sev1_20261124', fromTodo: 1 }] } as ReviewEvent;
    const closed: ReviewEvent[] = [
      withTodo,
      { type: 'review.status_changed', at, actor: 'carol', from: 'draft', to: 'in_review' },
      { type: 'review.status_changed', at, actor: 'carol', from: 'in_review', to: 'reviewed' },
      { type: 'review.status_changed', at, actor: 'carol', from: 'reviewed', to: 'closed' },
    ];

    it('never rewrites a closed review: a reopen sends it back to Draft with the reason', () => {
      given(...closed).when({ type: 'refresh-review', at, actor: 'system', falseAlarm: true, severity: 1, items: [] }).thenRefuses('review.closed');
      const back = given(...closed).when({ type: 'reopen-review', at, actor: 'dave', reason: 'Incident #7 was reopened by dave.' })
        .then({ type: 'review.reopened', from: 'closed', reason: 'Incident #7 was reopened by dave.' });
      expect(back).toMatchObject({ status: 'draft', closedAt: undefined, reopenings: [{ actor: 'dave', reason: 'Incident #7 was reopened by dave.' }] });
      given(withTodo).when({ type: 'reopen-review', at, actor: 'dave', reason: 'x' }).thenRefuses('review.already_status');
    });

    it('adds only new follow-ups, with their owners, and lets the flag follow the last resolve', () => {
      const items = [{ text: 'alert on errors', fromTodo: 1 }, { text: 'roll back', owner: 'dave', fromTodo: 2 }];
      const state = given(withTodo).when({ type: 'refresh-review', at, actor: 'system', falseAlarm: true, severity: 1, items })
        .then({ type: 'review.refreshed', falseAlarm: true, added: [{ n: 2, text: 'roll back', owner: 'dave', fromTodo: 2, done: false, tag: 'sev1_20261124' }] });
      expect(state.actionItems).toHaveLength(2);
      expect(state.falseAlarm).toBe(true);
      given(withTodo).when({ type: 'refresh-review', at, actor: 'system', falseAlarm: false, severity: 1, items: [items[0]] }).thenRefuses('review.unchanged');
    });

    it('does not add back a follow-up the editor deleted: only those added since it last took them in', () => {
      const replaced: ReviewEvent = { type: 'review.edited', at, actor: 'mei', sections: {}, actionItems: [{ n: 1, text: 'canary', done: false, tag: 'sev1_20261124' }] };
      const items = [{ text: 'alert on errors', fromTodo: 1 }, { text: 'new one', fromTodo: 2 }];
      const state = given(withTodo, replaced).when({ type: 'refresh-review', at, actor: 'system', falseAlarm: false, severity: 1, items })
        .then({ type: 'review.refreshed', added: [{ n: 2, text: 'new one', fromTodo: 2, done: false, tag: 'sev1_20261124' }] });
      expect(state.actionItems.map((item) => item.text)).toEqual(['canary', 'new one']);
      given(withTodo, replaced).when({ type: 'refresh-review', at, actor: 'system', falseAlarm: false, severity: 1, items: [items[0]] }).thenRefuses('review.unchanged');
    });
  });
});
