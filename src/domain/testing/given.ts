import { decide } from '../incident/decide.js';
import { fold } from '../incident/state.js';
import { givenFor } from './given-decider.js';

/** Given/when/then for the incident decider. */
export const given = givenFor({ fold, decide });
