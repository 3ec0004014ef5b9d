import { expect } from 'vitest';
import type { PageCommand } from '../paging/commands.js';
import { decidePage } from '../paging/decide.js';
import type { PageEvent } from '../paging/events.js';
import { foldPage, type PageState } from '../paging/state.js';
import { isRefusal } from '../refusal.js';

/** Given/when/then for the page decider: fold the given events, decide the command, compare. */
export function givenPage(...history: PageEvent[]) {
  const state: PageState = foldPage(history);
  return {
    state,
    when(command: PageCommand) {
      const decision = decidePage(state, command);
      return {
        decision,
        then(...expected: PageEvent[]) {
          if (isRefusal(decision)) throw new Error(`expected events, got refusal ${decision.code}`);
          expect(decision).toEqual(expected);
          return foldPage(decision, state);
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
