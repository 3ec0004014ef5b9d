import { readdirSync, readFileSync } from 'node:fs';
import i18next, { type i18n as I18n } from 'i18next';
import ICU from 'i18next-icu';
import IntlMessageFormat from 'intl-messageformat';
import { tightenChinese, tightenChineseProcessor } from './cjk-spacing.js';
import { closeQuotes, closeQuotesProcessor } from './quote-punctuation.js';

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
  created.use(ICU).use(tightenChineseProcessor).use(closeQuotesProcessor).init({
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    resources: Object.fromEntries(LOCALES.map((locale) => [locale, { translation: loadCatalog(locale) }])),
    interpolation: { escapeValue: false },
    returnNull: false,
    postProcess: ['tightenChinese', 'closeQuotes'],
    initAsync: false,
  });
  return created;
}

/** What i18next-icu gave the instance: its formatter class and the formats it passes to each. */
interface IcuPlugin {
  readonly formats?: ConstructorParameters<typeof IntlMessageFormat>[2];
}

type Formatter = { readonly format: IntlMessageFormat; readonly message: string } | undefined;

/** Each message's formatter, by language and key, built once (as i18next-icu builds it); undefined: not a plain catalog message. */
const formatters = new Map<string, Formatter>();

function formatterFor(lng: string, key: string): Formatter {
  const id = `${lng}\u0000${key}`;
  if (formatters.has(id)) return formatters.get(id);
  instance ??= init();
  const icu = instance.services.i18nFormat as IcuPlugin | undefined;
  let formatter: Formatter;
  for (const found of [lng, 'en']) {
    const message: unknown = instance.getResource(found, 'translation', key);
    if (typeof message !== 'string' || !icu) continue;
    try {
      // As i18next-icu does: without ignoreTag, a literal `<` in a message would not parse.
      formatter = { format: new IntlMessageFormat(message, found, icu.formats, { ignoreTag: true }), message };
    } catch {
      formatter = undefined;
    }
    break;
  }
  formatters.set(id, formatter);
  return formatter;
}

/** i18next's own `t`: what `translate` answers for anything but a plain message found in a catalog. */
export function translateThroughI18next(locale: string, key: string, params?: Params): string {
  instance ??= init();
  const lng = (LOCALES as readonly string[]).includes(locale) ? locale : 'en';
  // `t` with the language, not `getFixedT(lng)`: a fixed `t` copies every i18next option on each call.
  return instance.t(key, { ...params, lng }) as string;
}

/**
 * Renders a message as i18next's `t` does (a spec holds the two side by side
 * for every key): the catalog's message in the locale or else in English,
 * formatted as the ICU plugin formats it, then the Chinese spacing and the
 * stop after a quote that ends its own sentence (`quote-punctuation.ts`). It skips
 * `t`'s option handling and path lookups, which cost more than the formatting
 * for the dozens of lines a `!status` renders: each message's formatter is
 * found once. Anything else (a missing key) goes through `t`.
 */
export const translate: Translate = (locale, key, params) => {
  const lng = (LOCALES as readonly string[]).includes(locale) ? locale : 'en';
  const formatter = formatterFor(lng, key);
  if (!formatter) return translateThroughI18next(lng, key, params);
  let text: string;
  try {
    text = formatter.format.format(params as Record<string, string | number>) as string;
  } catch {
    // i18next-icu answers a message it cannot format with the message itself.
    text = formatter.message;
  }
  return closeQuotes(lng.startsWith('zh') ? tightenChinese(text, params) : text);
};

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}
