import { AppError } from './errors.js';
import type { MessageParams, Refusal } from '../domain/refusal.js';

/**
 * The HTTP status of a refusal of the process, the one table every route answers by (the error handler applies
 * it to every `refusal.*` error, whichever layer raised it). Decided by what the refusal means, read from the
 * last part of its code (`review.only_owner_or_commander` → `only_owner_or_commander`):
 *
 * - 403: the caller may not do this; someone else can (`only_*` the IC, the owner…; `not_allowed*`,
 *   `not_owner`, `not_yours`, a stranger's read-only access).
 * - 404: what the request points at does not exist, or is not the caller's to see (`unknown`, `none`,
 *   `not_found`, `unknown_id`, `unknown_draft`, `unknown_schedule`).
 * - 400: the request itself is wrong whatever the state: it names nobody, is empty, too long or too many, gives a
 *   time that cannot be, names a person, component or target that is not one, or asks something meaningless
 *   (oneself as proxy, an incident into itself).
 * - 409: everything else: the thing's state does not allow it now (already done, resolved, closed, someone
 *   else holds the role, nothing to stop).
 */
const FORBIDDEN = /^(only_|not_allowed)|^(not_owner|not_yours|stranger_read_only)$/;

const NOT_FOUND: ReadonlySet<string> = new Set(['unknown', 'none', 'not_found', 'unknown_id', 'unknown_draft', 'unknown_schedule']);

/** By the last part of the code, or the whole code (without `refusal.`) where the last part alone is ambiguous. */
const INVALID: ReadonlySet<string> = new Set([
  'unknown_person',
  'unknown_target',
  'unknown_components',
  'bad_name',
  'bad_time',
  // `public.empty` is a draft without text; `role.empty` (nobody holds the role) is a state, so 409.
  'public.empty',
  'empty_item',
  'no_text',
  'no_components',
  'nobody',
  'too_long',
  'text_too_long',
  'too_many_items',
  'too_far',
  'ends_before_start',
  'in_past',
  'in_the_past',
  'self',
  'itself',
  'replaces_self',
  'not_on_rotation',
  'which_one',
]);

export type RefusalStatus = 400 | 403 | 404 | 409;

/** The status of a refusal code, with or without its `refusal.` prefix. */
export function refusalStatus(code: string): RefusalStatus {
  const bare = code.replace(/^refusal\./, '');
  const meaning = bare.slice(bare.lastIndexOf('.') + 1);
  if (FORBIDDEN.test(meaning)) return 403;
  if (NOT_FOUND.has(meaning)) return 404;
  if (INVALID.has(meaning) || INVALID.has(bare)) return 400;
  return 409;
}

/** Whether an API error is a refusal of the process (its status then comes from `refusalStatus`). */
export const isRefusalCode = (code: string): boolean => code.startsWith('refusal.');

/** A refusal as the API's error, with the status its meaning gives and `params` as the reader reads them. */
export function refusalError(refusal: Refusal, params: MessageParams = { ...refusal.params }): AppError {
  return new AppError(`refusal.${refusal.code}`, refusalStatus(refusal.code), params);
}
