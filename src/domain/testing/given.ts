import { expect } from 'vitest';
import type { IncidentCommand } from '../incident/commands.js';
import { decide } from '../incident/decide.js';
import type { IncidentEvent } from '../incident/events.js';
import { fold, type IncidentState } from '../incident/state.js';
import { isRefusal } from '../refusal.js';

/**
 * Given/when/then for the incident decider: fold the given events, decide the
 * command, and compare what came out. No database, no clock.
 */
export function given(...history: IncidentEvent[]) {
  const state: IncidentState = fold(history);
  return {
    state,
    when(command: IncidentCommand) {
      const decision = decide(state, command);
      return {
        decision,
        then(...expected: IncidentEvent[]) {
          if (isRefusal(decision)) throw new Error(`expected events, got refusal ${decision.code}`);
          expect(decision).toEqual(expected);
          return fold(decision, state);
        },
        thenRefuses(code: string, params?: Record<string, string | number>) {
          expect(isRefusal(decision), `expected a refusal, got ${JSON.stringify(decision)}`).toBe(true);
          if (isRefusal(decision)) {
            expect(decision.code).toBe(code);
            if (params) expect(decision.params).toMatchObject(params);
          }
        },
      };
    },
  };
}
