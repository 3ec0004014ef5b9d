import type { TFunction } from 'i18next';

/** The browser's regional variant of the UI language (en-GB for en), so dates read as the viewer expects. */
function regional(locale: string): string {
  const browser = navigator.language;
  return browser.toLowerCase().startsWith(locale.split('-')[0].toLowerCase()) ? browser : locale;
}

/** Zones that keep China's clock: Chinese readers call it 北京时间, not GMT+8 or 中国标准时间. */
const BEIJING_TIME = new Set(['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Chungking', 'Asia/Harbin', 'PRC']);

/** "2026年12月1日 16:56（北京时间）": the date and the 24-hour time as Chinese writes them, the zone in full-width brackets. */
function chineseTime(date: Date): string {
  const day = new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'long', day: 'numeric' }).format(date);
  const time = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zone = BEIJING_TIME.has(timeZone)
    ? '北京时间'
    : new Intl.DateTimeFormat('zh-CN', { timeZoneName: 'long' }).formatToParts(date).find((part) => part.type === 'timeZoneName')?.value;
  return zone ? `${day} ${time}（${zone}）` : `${day} ${time}`;
}

/** Times are shown in the viewer's own time zone (the browser's), with the zone named. */
export function formatTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (locale.startsWith('zh')) return chineseTime(date);
  return new Intl.DateTimeFormat(regional(locale), { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(date);
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
