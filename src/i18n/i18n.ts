import { readdirSync, readFileSync } from 'node:fs';
import i18next, { type i18n as I18n } from 'i18next';
import ICU from 'i18next-icu';
import { tightenChineseProcessor } from './cjk-spacing.js';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export type Params = Readonly<Record<string, string | number | undefined>>;

/** Renders a catalog message (ICU syntax) in a locale; unknown locales fall back to English. */
export type Translate = (locale: string, key: string, params?: Params) => string;

type Catalog = Record<string, unknown>;

function deepMerge(target: Catalog, source: Catalog): Catalog {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    target[key] =
      existing && typeof existing === 'object' && value && typeof value === 'object'
        ? deepMerge(existing as Catalog, value as Catalog)
        : value;
  }
  return target;
}

/**
 * Each feature owns one file per locale under `catalog/<locale>/` (core.json,
 * paging.json, …); a locale's catalog is all of them merged.
 */
export function loadCatalog(locale: Locale): Catalog {
  const folder = new URL(`./catalog/${locale}/`, import.meta.url);
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .reduce<Catalog>((catalog, file) => deepMerge(catalog, JSON.parse(readFileSync(new URL(file, folder), 'utf8'))), {});
}

let instance: I18n | undefined;

function init(): I18n {
  const created = i18next.createInstance();
  created.use(ICU).use(tightenChineseProcessor).init({
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    resources: Object.fromEntries(LOCALES.map((locale) => [locale, { translation: loadCatalog(locale) }])),
    interpolation: { escapeValue: false },
    returnNull: false,
    postProcess: ['tightenChinese'],
    initAsync: false,
  });
  return created;
}

export const translate: Translate = (locale, key, params) => {
  instance ??= init();
  const lng = (LOCALES as readonly string[]).includes(locale) ? locale : 'en';
  // `t` with the language, not `getFixedT(lng)`: a fixed `t` copies every i18next option on each call.
  return instance.t(key, { ...params, lng }) as string;
};

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}
