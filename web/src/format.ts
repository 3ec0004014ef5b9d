import type { TFunction } from 'i18next';

/** The browser's regional variant of the UI language (en-GB for en), so dates read as the viewer expects. */
function regional(locale: string): string {
  const browser = navigator.language;
  return browser.toLowerCase().startsWith(locale.split('-')[0].toLowerCase()) ? browser : locale;
}

/** Times are shown in the viewer's own time zone (the browser's), with the zone named. */
export function formatTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(regional(locale), { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));
}

export function formatClock(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(regional(locale), { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
}

export function formatAge(t: TFunction, fromIso: string, to: number): string {
  const minutes = Math.max(0, Math.floor((to - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return t('time.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('time.hours_minutes', { hours, minutes: minutes % 60 });
  return t('time.days_hours', { days: Math.floor(hours / 24), hours: hours % 24 });
}

export function severityNumber(label: string): number {
  return Number(label.replace(/\D/g, '')) || 5;
}
