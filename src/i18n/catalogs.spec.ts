import { describe, expect, it } from 'vitest';
import { loadCatalog } from './i18n.js';

function keys(catalog: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    value && typeof value === 'object' ? keys(value as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('message catalogs', () => {
  it('have the same keys in English and Chinese', () => {
    const en = keys(loadCatalog('en')).sort();
    const zh = keys(loadCatalog('zh-CN')).sort();
    expect(zh.filter((key) => !en.includes(key))).toEqual([]);
    expect(en.filter((key) => !zh.includes(key))).toEqual([]);
  });

  it('have no empty message', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const catalog = loadCatalog(locale);
      for (const key of keys(catalog)) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalog);
        expect(typeof value === 'string' && value.trim().length > 0, `${locale}:${key}`).toBe(true);
      }
    }
  });
});
