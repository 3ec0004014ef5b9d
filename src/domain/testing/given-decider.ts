import { expect } from 'vitest';
import { isRefusal, type MessageParams, type Refusal } from '../refusal.js';

/** A decider as the specs see it: fold events into state, decide a command. */
export interface Decider<State, Command, Event> {
  fold(events: readonly Event[], state?: State): State;
  decide(state: State, command: Command): Event[] | Refusal;
}

/**
 * Given/when/then for any decider: fold the given events, decide the command,
 * and compare what came out. No database, no clock.
 */
export function givenFor<State, Command, Event>(decider: Decider<State, Command, Event>) {
  return (...history: Event[]) => {
    const state = decider.fold(history);
    return {
      state,
      when(command: Command) {
        const decision = decider.decide(state, command);
        return {
          decision,
          then(...expected: Event[]): State {
            if (isRefusal(decision)) throw new Error(`expected events, got refusal ${decision.code}`);
            expect(decision).toEqual(expected);
            return decider.fold(decision, state);
          },
          thenRefuses(code: string, params?: MessageParams) {
            expect(isRefusal(decision), `expected a refusal, got ${JSON.stringify(decision)}`).toBe(true);
            if (isRefusal(decision)) {
              expect(decision.code).toBe(code);
              if (params) expect(decision.params).toMatchObject(params);
            }
          },
        };
      },
    };
  };
}
