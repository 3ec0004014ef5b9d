import { nextStep } from '../oncall/escalation.js';
import { refuse, type Refusal } from '../refusal.js';
import type { PageCommand } from './commands.js';
import type { PageEvent } from './events.js';
import { deliveryOutcome, isOpenPage, responders, shadows, type PageState } from './state.js';

export type PageDecision = PageEvent[] | Refusal;

/**
 * The rules of a page: it escalates level by level until a responder
 * acknowledges, the policy runs out, the incident ends, or — for a page to the
 * Incident Commander on call — someone takes command. A page whose policy ran
 * out is still open, as PagerDuty keeps such an incident triggered: someone it
 * reached may still acknowledge it, and it closes (its people told) when the
 * incident ends or someone takes command.
 */
export function decidePage(state: PageState, command: PageCommand): PageDecision {
  const { at, actor } = command;
  if (command.type === 'open') {
    if (state.exists) return refuse('page.already_open', { page: state.pageId });
    const { type: _type, first, ...opened } = command;
    return [
      { ...opened, type: 'page.opened' },
      { type: 'page.level-started', at, actor, level: 0, round: 0, recipients: first.recipients, unfilled: first.unfilled },
    ];
  }
  if (!state.exists) return refuse('page.unknown');

  switch (command.type) {
    case 'record-attempt': {
      if (deliveryOutcome(state, command.delivery.key)?.type === 'page.delivered') return refuse('page.already_delivered', { key: command.delivery.key });
      return [{ type: 'page.delivery-attempted', at, actor, ...command.delivery, until: command.until }];
    }
    case 'record-delivery': {
      // Outcomes are facts: recorded even after an acknowledgement, but a delivery is sent once.
      if (deliveryOutcome(state, command.delivery.key)?.type === 'page.delivered') return refuse('page.already_delivered', { key: command.delivery.key });
      const repeated = command.mayHaveRepeated ? { mayHaveRepeated: true as const } : {};
      if (command.outcome === 'sent') {
        return [{ type: 'page.delivered', at, actor, ...command.delivery, ...(command.providerId ? { providerId: command.providerId } : {}), ...repeated }];
      }
      return [
        { type: 'page.delivery-failed', at, actor, ...command.delivery, error: command.error, permanent: command.permanent, willRetry: command.willRetry, ...repeated },
      ];
    }
    case 'acknowledge': {
      if (state.status === 'acknowledged') return refuse('page.already_acknowledged', { page: state.pageId, person: state.acknowledgedBy! });
      if (!isOpenPage(state)) return refuse('page.closed', { page: state.pageId });
      if (!responders(state).has(actor)) {
        if (!shadows(state).has(actor)) return refuse('page.not_yours', { page: state.pageId });
        if (state.seenBy.includes(actor)) return refuse('page.shadow_already', { page: state.pageId });
        return [{ type: 'page.shadow-acknowledged', at, actor, person: actor, via: command.via }];
      }
      return [{ type: 'page.acknowledged', at, actor, person: actor, via: command.via }];
    }
    case 'escalate': {
      if (state.status !== 'paging') return refuse('page.closed', { page: state.pageId });
      const expected = nextStep(state.policy, state.level, state.round);
      if (!command.next) {
        if (expected) return refuse('page.not_exhausted', { page: state.pageId });
        return [{ type: 'page.exhausted', at, actor }];
      }
      if (!expected || expected.level !== command.next.level || expected.round !== command.next.round) {
        return refuse('page.stale_escalation', { page: state.pageId });
      }
      const { level, round, recipients, unfilled } = command.next;
      return [{ type: 'page.level-started', at, actor, level, round, recipients, unfilled }];
    }
    case 'cancel':
      if (!isOpenPage(state)) return refuse('page.closed', { page: state.pageId });
      if (command.reason === 'incident-resolved') return [{ type: 'page.cancelled', at, actor, reason: command.reason }];
      // Only a page for the IC stops when someone takes command, and only one asked for before they did:
      // a page the sitting IC (or anyone) sends afterwards is meant to go out.
      if (state.target.kind !== 'commander') return refuse('page.not_for_commander', { page: state.pageId });
      if (command.since < state.requestedAt) return refuse('page.asked_after_commander', { page: state.pageId });
      return [{ type: 'page.cancelled', at, actor, reason: command.reason, commander: command.commander }];
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}
