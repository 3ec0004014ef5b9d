import { decideMaintenance } from '../maintenance/decide.js';
import { foldMaintenance } from '../maintenance/state.js';
import { givenFor } from './given-decider.js';

/** Given/when/then for the maintenance decider. */
export const givenMaintenance = givenFor({ fold: foldMaintenance, decide: decideMaintenance });
