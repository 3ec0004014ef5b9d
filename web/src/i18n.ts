import i18next from 'i18next';
import ICU from 'i18next-icu';
import { tightenChineseProcessor } from '../../src/i18n/cjk-spacing.js';
import coreEn from '../../src/i18n/catalog/en/core.json';
import ecosystemEn from '../../src/i18n/catalog/en/ecosystem.json';
import roomsEn from '../../src/i18n/catalog/en/rooms.json';
import rulesEn from '../../src/i18n/catalog/en/rules.json';
import webEn from '../../src/i18n/catalog/en/web.json';
import coreZh from '../../src/i18n/catalog/zh-CN/core.json';
import ecosystemZh from '../../src/i18n/catalog/zh-CN/ecosystem.json';
import roomsZh from '../../src/i18n/catalog/zh-CN/rooms.json';
import rulesZh from '../../src/i18n/catalog/zh-CN/rules.json';
import webZh from '../../src/i18n/catalog/zh-CN/web.json';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

const STORED = 'dont-panic.locale';

/**
 * The browser shows the UI's own catalog, and the role names and command usage of the chat's catalogs, in both
 * languages. Each feature's file keeps the usage of its own commands (`!subteam` in rooms.json, `!page` and `!proxy`
 * in rules.json, `!maintenance` and `!oncall` in ecosystem.json), so the palette shows exactly what `!help` says.
 */
const usageEn = { ...coreEn.usage, ...roomsEn.usage, ...rulesEn.usage, ...ecosystemEn.usage };
const usageZh = { ...coreZh.usage, ...roomsZh.usage, ...rulesZh.usage, ...ecosystemZh.usage };
const resources = {
  en: { translation: { ...webEn.web.ui, role: coreEn.role, usage: usageEn } },
  'zh-CN': { translation: { ...webZh.web.ui, role: coreZh.role, usage: usageZh } },
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
