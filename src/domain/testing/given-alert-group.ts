import { expect } from 'vitest';
import type { AlertCommand } from '../alert/commands.js';
import { decideAlertGroup } from '../alert/decide.js';
import type { AlertEvent } from '../alert/events.js';
import { foldAlertGroup, type AlertGroupState } from '../alert/state.js';
import { isRefusal } from '../refusal.js';

/** Given/when/then for the alert group decider: fold the given events, decide, compare. */
export function givenAlerts(...history: AlertEvent[]) {
  const state: AlertGroupState = foldAlertGroup(history);
  return {
    state,
    when(command: AlertCommand) {
      const decision = decideAlertGroup(state, command);
      return {
        decision,
        then(...expected: AlertEvent[]): AlertGroupState {
          if (isRefusal(decision)) throw new Error(`expected events, got refusal ${decision.code}`);
          expect(decision).toEqual(expected);
          return foldAlertGroup(decision, state);
        },
        thenRefuses(code: string) {
          expect(isRefusal(decision) && decision.code).toBe(code);
        },
      };
    },
  };
}
