import { decideAlertGroup } from '../alert/decide.js';
import { foldAlertGroup } from '../alert/state.js';
import { givenFor } from './given-decider.js';

/** Given/when/then for the alert group decider. */
export const givenAlerts = givenFor({ fold: foldAlertGroup, decide: decideAlertGroup });
