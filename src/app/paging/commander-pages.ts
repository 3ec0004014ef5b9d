import type { IncidentState } from '../../domain/incident/state.js';
import type { CancelPage } from '../../domain/paging/commands.js';
import type { PageState } from '../../domain/paging/state.js';
import type { NewEvent } from '../../ports.js';
import { personLabel, t, type RenderContext } from '../render/context.js';
import { botLine } from '../streams.js';

/**
 * The cancel a page to the IC on call gets because someone holds command (the page decides whether it
 * applies: one asked for after they took it goes on); undefined for any other page, or with nobody in command.
 */
export function commanderCancel(page: Pick<PageState, 'target'>, incident: Pick<IncidentState, 'roles' | 'commanderSince'>, at: string): CancelPage | undefined {
  const { commander } = incident.roles;
  if (page.target.kind !== 'commander' || !commander || !incident.commanderSince) return undefined;
  return { type: 'cancel', at, actor: 'system', reason: 'commander-assigned', commander, since: incident.commanderSince };
}

/** What the room is told when a page to the IC on call stops because someone took command. */
export function commanderClosedText(ctx: RenderContext, pageId: string, commander: string): string {
  return t(ctx, 'paging.room.closed_commander', { page: pageId, person: personLabel(ctx, commander) });
}

export function commanderClosedLine(ctx: RenderContext, page: PageState, commander: string): NewEvent {
  return botLine(ctx.now.toISOString(), commanderClosedText(ctx, page.pageId, commander), page.incidentId, 'page');
}
