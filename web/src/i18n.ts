import i18next from 'i18next';
import ICU from 'i18next-icu';
import { tightenChineseProcessor } from '../../src/i18n/cjk-spacing.js';
import coreEn from '../../src/i18n/catalog/en/core.json';
import webEn from '../../src/i18n/catalog/en/web.json';
import coreZh from '../../src/i18n/catalog/zh-CN/core.json';
import roomsEn from '../../src/i18n/catalog/en/rooms.json';
import roomsZh from '../../src/i18n/catalog/zh-CN/rooms.json';
import webZh from '../../src/i18n/catalog/zh-CN/web.json';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

const STORED = 'dont-panic.locale';

/** The browser shows the UI's own catalog, and the role names and command usage of the core catalog, in both languages. */
const resources = {
  en: { translation: { ...webEn.web.ui, role: coreEn.role, usage: { ...coreEn.usage, ...roomsEn.usage } } },
  'zh-CN': { translation: { ...webZh.web.ui, role: coreZh.role, usage: { ...coreZh.usage, ...roomsZh.usage } } },
};

export const i18n = i18next.createInstance();
void i18n.use(ICU).use(tightenChineseProcessor).init({
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LOCALES],
  resources,
  interpolation: { escapeValue: false },
  postProcess: ['tightenChinese'],
  initAsync: false,
});

export function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}

/** The switch wins; then the person's preference from the configuration; then the browser's language. */
export function preferredLocale(personLocale?: string): Locale {
  const stored = localStorage.getItem(STORED);
  if (isLocale(stored)) return stored;
  if (isLocale(personLocale)) return personLocale;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function rememberLocale(locale: Locale): void {
  localStorage.setItem(STORED, locale);
}
