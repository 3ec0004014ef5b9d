import i18next, { type i18n as I18n } from 'i18next';
import ICU from 'i18next-icu';
import en from './catalog/en.json' with { type: 'json' };
import zhCN from './catalog/zh-CN.json' with { type: 'json' };

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export type Params = Readonly<Record<string, string | number | undefined>>;

/** Renders a catalog message (ICU syntax) in a locale; unknown locales fall back to English. */
export type Translate = (locale: string, key: string, params?: Params) => string;

export const catalogs = { en, 'zh-CN': zhCN } as const;

let instance: I18n | undefined;

function init(): I18n {
  const created = i18next.createInstance();
  created.use(ICU).init({
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return created;
}

export const translate: Translate = (locale, key, params) => {
  instance ??= init();
  const language = (LOCALES as readonly string[]).includes(locale) ? locale : 'en';
  return instance.getFixedT(language)(key, params ?? {}) as string;
};

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}
