import { READINESS_DAYS, readiness } from '../domain/oncall/readiness.js';
import type { Organisation } from '../domain/organisation.js';
import { translate } from '../i18n/i18n.js';

/** The readiness part of `dont-panic check`: lines to print, and whether pages would fail. */
export function readinessReport(organisation: Organisation, now: Date): { ready: boolean; text: string } {
  const locale = organisation.defaultLocale;
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const problems = readiness(organisation, now);
  if (problems.length === 0) return { ready: true, text: `${t('paging.readiness.ok', { days: READINESS_DAYS })}\n` };
  const lines = problems.map((problem) => {
    switch (problem.kind) {
      case 'gap':
        return t('paging.readiness.gap', { schedule: problem.schedule, start: problem.start, end: problem.end });
      case 'unreachable':
        return t('paging.readiness.unreachable', { person: problem.person, where: problem.where, from: problem.onCallFrom });
      case 'empty-level':
        return t('paging.readiness.empty_level', { policy: problem.policy, level: problem.level, start: problem.start });
    }
  });
  return { ready: false, text: `${t('paging.readiness.problems', { count: problems.length, days: READINESS_DAYS })}\n${lines.map((line) => `  - ${line}`).join('\n')}\n` };
}
