import { listed, listedClauses } from '../app/render/context.js';
import type { Translate } from '../i18n/i18n.js';

/** The part of an Ajv error a message needs (Fastify passes Ajv's errors through as `error.validation`). */
export interface ValidationProblem {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

const KNOWN = new Set(['required', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'type', 'enum', 'pattern', 'format', 'additionalProperties']);

/** `/actionItems/1/text` → `actionItems[1].text`: the field as a person writing the JSON would name it. */
function fieldName(path: string, child?: unknown): string {
  const parts = path.split('/').filter(Boolean);
  if (typeof child === 'string') parts.push(child);
  return parts.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

/**
 * Says what is wrong with each field of a refused request in the caller's language, e.g.
 * "“text” must have at least 1 character" / "“text”至少需要 1 个字符", instead of Ajv's English.
 */
export function validationMessage(translate: Translate, locale: string, problems: readonly ValidationProblem[]): string {
  const lines = problems.map((problem) => {
    const { keyword, params } = problem;
    const child = keyword === 'required' ? params.missingProperty : keyword === 'additionalProperties' ? params.additionalProperty : undefined;
    const field = fieldName(problem.instancePath, child) || translate(locale, 'error.field.body');
    const values = Array.isArray(params.allowedValues) ? listed({ translate, locale }, params.allowedValues.map(String)) : '';
    const key = KNOWN.has(keyword) ? `error.field.${keyword}` : 'error.field.other';
    return translate(locale, key, { field, limit: params.limit as number | undefined, type: String(params.type ?? ''), values, format: String(params.format ?? '') });
  });
  return listedClauses({ translate, locale }, lines);
}
