/**
 * A route's `:id` (an incident's, a maintenance window's): a whole number from 1, no larger than a
 * JavaScript number holds exactly, so `99999999999999999999999` is refused as too large rather than
 * read as `1e+23`.
 */
export const idParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
  required: ['id'],
} as const;
