import { phaseAt, type MaintenanceWindow } from '../../domain/maintenance/window.js';
import { listed, personLabel, t, utcLabel, type RenderContext } from '../render/context.js';

export function windowParams(ctx: RenderContext, window: MaintenanceWindow, actor?: string): Record<string, string | number> {
  return {
    id: window.id,
    components: listed(ctx, window.components),
    from: utcLabel(window.from),
    to: utcLabel(window.to),
    text: window.text,
    by: personLabel(ctx, actor ?? window.by),
  };
}

export function maintenanceLine(ctx: RenderContext, window: MaintenanceWindow): string {
  return t(ctx, 'maintenance.item', { ...windowParams(ctx, window), phase: t(ctx, `maintenance.phase.${phaseAt(window, ctx.now)}`) });
}
