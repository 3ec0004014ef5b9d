import { decidePage } from '../paging/decide.js';
import { foldPage } from '../paging/state.js';
import { givenFor } from './given-decider.js';

/** Given/when/then for the page decider. */
export const givenPage = givenFor({ fold: foldPage, decide: decidePage });
