import type { Organisation } from '../../domain/organisation.js';
import type { Params, Translate } from '../../i18n/i18n.js';

/** Everything needed to turn facts into lines for one room. */
export interface RenderContext {
  readonly organisation: Organisation;
  readonly translate: Translate;
  readonly locale: string;
  readonly now: Date;
}

export function t(ctx: RenderContext, key: string, params?: Params): string {
  return ctx.translate(ctx.locale, key, params);
}

export function personLabel(ctx: RenderContext, handle: string | undefined): string {
  if (!handle) return t(ctx, 'common.nobody');
  const person = ctx.organisation.people.get(handle);
  return person ? `${person.name} (@${handle})` : handle;
}

export function roleLabel(ctx: RenderContext, role: string): string {
  return t(ctx, `role.${role}`);
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
export function listed(ctx: RenderContext, items: readonly string[]): string {
  return items.join(t(ctx, 'common.list'));
}

/**
 * A refusal's parameters as a person reads them: people by name and handle,
 * roles and stakeholder groups by their names, the rest as given.
 */
export function refusalParams(ctx: RenderContext, params: Readonly<Record<string, string | number>> = {}): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params };
  for (const key of ['person', 'commander'] as const) if (typeof out[key] === 'string') out[key] = personLabel(ctx, out[key] as string);
  if (typeof out.role === 'string') out.role = roleLabel(ctx, out.role);
  if (typeof out.group === 'string') out.group = ctx.organisation.comms.stakeholders.get(out.group)?.name ?? out.group;
  return out;
}
