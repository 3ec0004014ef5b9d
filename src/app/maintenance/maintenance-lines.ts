import { phaseAt, type MaintenanceWindow } from '../../domain/maintenance/window.js';
import { personLabel, t, type RenderContext } from '../render/context.js';

/** Room lines name instants in UTC, like every other line the bot posts; `/status` shows the reader's own zone. */
export function utcLabel(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function windowParams(ctx: RenderContext, window: MaintenanceWindow, actor?: string): Record<string, string | number> {
  return {
    id: window.id,
    components: window.components.join(', '),
    from: utcLabel(window.from),
    to: utcLabel(window.to),
    text: window.text,
    by: personLabel(ctx, actor ?? window.by),
  };
}

export function maintenanceLine(ctx: RenderContext, window: MaintenanceWindow): string {
  return t(ctx, 'maintenance.item', { ...windowParams(ctx, window), phase: t(ctx, `maintenance.phase.${phaseAt(window, ctx.now)}`) });
}
