import type { z } from 'zod';
import { messageParams, t, type LanguageContext } from '../app/render/context.js';
import type { MessageParams } from '../domain/refusal.js';

/** One thing wrong with an incoming event: a catalog key under `ingest.problem` and what fills it. */
export interface Problem {
  readonly key: string;
  readonly params?: MessageParams;
}

/** A problem in the sender's language, its lists joined as they write them. */
export function problemText(ctx: LanguageContext, problem: Problem): string {
  return t(ctx, `ingest.problem.${problem.key}`, messageParams(ctx, problem.params));
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly Problem[] };

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let node = body;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** Says, for each zod issue, what is wrong with which field, in words a sender can act on. */
export function problemsOf(error: z.ZodError, body: unknown): Problem[] {
  return error.issues.map((issue): Problem => {
    const field = fieldName(issue.path) || 'event';
    if (issue.code === 'custom') return { key: issue.message, params: { field, ...(issue.params as MessageParams) } };
    const value = valueAt(body, issue.path);
    if (value === undefined || value === null || value === '') return { key: 'missing', params: { field } };
    switch (issue.code) {
      case 'too_big':
        if (issue.exact) return { key: 'wrong_length', params: { field, length: Number(issue.maximum) } };
        return { key: 'too_long', params: { field, maximum: Number(issue.maximum) } };
      case 'too_small':
        if (issue.exact) return { key: 'wrong_length', params: { field, length: Number(issue.minimum) } };
        return { key: 'too_short', params: { field, minimum: Number(issue.minimum) } };
      case 'invalid_value':
        return { key: 'not_one_of', params: { field, values: issue.values.map(String) } };
      case 'invalid_type':
        return { key: 'wrong_type', params: { field, expected: issue.expected } };
      case 'unrecognized_keys':
        return { key: 'unknown_fields', params: { field, keys: issue.keys } };
      default:
        return { key: 'invalid', params: { field } };
    }
  });
}
