import type { Severity } from '../incident/severity.js';

const DAY_MS = 86_400_000;

/**
 * When the post-incident review meeting is due: 3 calendar days after a SEV-1
 * is resolved, 5 business days (Monday to Friday, in UTC) after anything else.
 */
export function reviewDueAt(severity: Severity, resolvedAt: string): string {
  const start = Date.parse(resolvedAt);
  if (severity === 1) return new Date(start + 3 * DAY_MS).toISOString();
  let at = start;
  let left = 5;
  while (left > 0) {
    at += DAY_MS;
    const weekday = new Date(at).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return new Date(at).toISOString();
}

/** Action items carry the incident's severity and date, e.g. `sev1_20260105`. */
export function reviewTag(severity: Severity, declaredAt: string): string {
  return `sev${severity}_${declaredAt.slice(0, 10).replaceAll('-', '')}`;
}
