/** What is wrong with a body that is not JSON, as a message key and its parameters, in the words of the catalog. */
export type JsonProblem = { readonly key: 'invalid_json' } | { readonly key: 'invalid_json_at'; readonly params: { readonly position: number } };

/**
 * The parser's own message is English and may quote the body back; the
 * answer says instead where the body stopped being JSON (counted from 1),
 * when the parser said so ("… in JSON at position 12"), and what to send.
 */
export function jsonProblem(error: unknown): JsonProblem {
  const at = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
  return at ? { key: 'invalid_json_at', params: { position: Number(at[1]) + 1 } } : { key: 'invalid_json' };
}
