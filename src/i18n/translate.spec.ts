import { describe, expect, it } from 'vitest';
import { loadCatalog, translate, translateThroughI18next, type Params } from './i18n.js';

function entries(catalog: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(catalog).flatMap(([key, value]): [string, string][] =>
    value && typeof value === 'object' ? entries(value as Record<string, unknown>, `${prefix}${key}.`) : [[`${prefix}${key}`, String(value)]],
  );
}

/** A value for every argument a message names: numbers where it counts or formats one, words (some Chinese) elsewhere. */
function paramsFor(message: string, round: number): Params {
  const params: Record<string, string | number> = {};
  for (const [, name, kind] of message.matchAll(/\{\s*(\w+)\s*(?:,\s*(\w+))?/g)) {
    params[name] = kind === 'plural' || kind === 'number' || kind === 'selectordinal' ? round + 1 : kind === 'select' ? 'other' : round % 2 ? '王美' : `Alice ${round}`;
  }
  return params;
}

describe('translate', () => {
  it('renders every catalog message exactly as i18next’s own t does, in both languages', () => {
    let compared = 0;
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const [key, message] of entries(loadCatalog(locale))) {
        for (const round of [0, 1, 4]) {
          const params = paramsFor(message, round);
          expect(translate(locale, key, params), `${locale}:${key}`).toBe(translateThroughI18next(locale, key, params));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('falls back to English for an unknown locale and answers a missing key as i18next does', () => {
    expect(translate('fr', 'ingest.processed')).toBe(translate('en', 'ingest.processed'));
    expect(translate('en', 'no.such.key')).toBe(translateThroughI18next('en', 'no.such.key'));
  });
});
