import { ROLE_ALIASES } from '../../domain/language/aliases.js';
import type { AssignableRole } from '../../domain/incident/roles.js';
import type { Organisation } from '../../domain/organisation.js';
import type { MessageParam, MessageParams } from '../../domain/refusal.js';
import type { Params, Translate } from '../../i18n/i18n.js';

/** Everything needed to turn facts into lines for one room. */
export interface RenderContext {
  readonly organisation: Organisation;
  readonly translate: Translate;
  readonly locale: string;
  readonly now: Date;
}

/** The render context of a language, at the clock's time of asking: one way to build it, wherever lines are written. */
export function renderContextOf(deps: { organisation: Organisation; translate: Translate; clock: { now(): Date } }, locale: string): RenderContext {
  return { organisation: deps.organisation, translate: deps.translate, locale, now: deps.clock.now() };
}

/** What writing in one language needs, for lines written outside a room (the status page, the CLI, HTTP errors). */
export type LanguageContext = Pick<RenderContext, 'translate' | 'locale'>;

export function t(ctx: LanguageContext, key: string, params?: Params): string {
  return ctx.translate(ctx.locale, key, params);
}

export function personLabel(ctx: RenderContext, handle: string | undefined): string {
  if (!handle) return t(ctx, 'common.nobody');
  const person = ctx.organisation.people.get(handle);
  if (person) return `${person.name} (@${handle})`;
  // What an alert did (it opened the incident, paged the IC) is told as the alert's, not as a handle nobody has.
  return handle.startsWith('alert:') ? t(ctx, 'common.alert_actor', { service: handle.slice('alert:'.length) }) : handle;
}

export function roleLabel(ctx: RenderContext, role: string): string {
  return t(ctx, `role.${role}`);
}

/** The word a reader types for a role in a command: `sme` in English, 主题专家 in Chinese. */
export function roleCommandWord(ctx: LanguageContext, role: string): string {
  const aliases = ROLE_ALIASES[role as AssignableRole] ?? [role];
  return (ctx.locale.startsWith('zh') ? aliases.find((alias) => /[\u4e00-\u9fff]/.test(alias)) : undefined) ?? aliases[0];
}

export function durationLabel(ctx: RenderContext, fromIso: string, to: Date = ctx.now): string {
  const minutes = Math.max(0, Math.floor((to.getTime() - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return t(ctx, 'time.minutes', { minutes });
  return t(ctx, 'time.hours_minutes', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** "Label: value" with the colon of the language ("事件指挥官：王美"). */
export function labelled(ctx: RenderContext, label: string, value: string): string {
  return t(ctx, 'common.labelled', { label, value });
}

/** A list of names with the separator of the language (", " / "、"). */
export function listed(ctx: LanguageContext, items: readonly string[]): string {
  return items.join(t(ctx, 'common.list_separator'));
}

/** Clauses that may hold commas of their own (tasks, reasons, problems) with the language's semicolon ("; " / "；"). */
export function listedClauses(ctx: LanguageContext, clauses: readonly string[]): string {
  return clauses.join(t(ctx, 'common.clause_separator'));
}

type UtcForm = 'date-time' | 'time' | 'time-seconds';

const UTC_SPANS: Record<UtcForm, readonly [number, number]> = { 'date-time': [0, 16], time: [11, 16], 'time-seconds': [11, 19] };

/**
 * An instant as the bot's lines name it, in UTC and saying so: "2026-12-01 09:05 UTC", "09:05 UTC"
 * or "09:05:30 UTC". Instants are kept as `toISOString()` writes them, always in UTC.
 */
export function utcLabel(iso: string, form: UtcForm = 'date-time'): string {
  const [start, end] = UTC_SPANS[form];
  return `${iso.slice(start, end).replace('T', ' ')} UTC`;
}

/** What an empty list reads as in a message ("Open ones: —."). */
const NO_ITEMS = '—';

/**
 * A message's parameters as the reader reads them: each list joined with the
 * separator of their language (an empty one as "—"), the rest as given.
 * Refusals, errors and ingest problems are made before anyone knows who will
 * read them, so their lists stay lists until here.
 */
export function messageParams(ctx: LanguageContext, params: MessageParams = {}): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) out[key] = typeof value === 'string' || typeof value === 'number' ? value : listed(ctx, value) || NO_ITEMS;
  return out;
}

/**
 * A refusal's parameters as a person reads them: people by name and handle,
 * roles and stakeholder groups by their names (and a role's command word as
 * `roleWord`), lists joined in the reader's language, the rest as given.
 */
export function refusalParams(ctx: RenderContext, params: MessageParams = {}): Record<string, string | number> {
  const out: Record<string, MessageParam> = { ...params };
  for (const key of ['person', 'commander'] as const) if (typeof out[key] === 'string') out[key] = personLabel(ctx, out[key] as string);
  if (typeof out.role === 'string') {
    out.roleWord = roleCommandWord(ctx, out.role);
    out.role = roleLabel(ctx, out.role);
  }
  if (typeof out.group === 'string') out.group = ctx.organisation.comms.stakeholders.get(out.group)?.name ?? out.group;
  return messageParams(ctx, out);
}

/** An error with a catalog key (an `AppError`, or one that looks like it) as its reader reads it. */
export function errorText(ctx: LanguageContext, error: { readonly code: string; readonly params?: MessageParams }): string {
  return t(ctx, error.code, messageParams(ctx, error.params));
}
