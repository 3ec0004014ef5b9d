import type { PageState } from '../../domain/paging/state.js';
import type { EventStore, NewEvent } from '../../ports.js';
import { personLabel, t, type RenderContext } from '../render/context.js';
import { botLine, incidentStream } from '../streams.js';

/** Who holds the IC role of an incident and since when (its last `commander.assigned`), if anyone does. */
export async function commanderSince(store: Pick<EventStore, 'readStream'>, incidentId: number): Promise<{ person: string; since: string } | undefined> {
  const events = await store.readStream(incidentStream(incidentId));
  for (let index = events.length - 1; index >= 0; index--) {
    const event = events[index];
    if (event.type === 'commander.assigned') return { person: String(event.data.person), since: event.at };
  }
  return undefined;
}

/** What the room is told when a page to the IC on call stops because someone took command. */
export function commanderClosedText(ctx: RenderContext, pageId: string, commander: string): string {
  return t(ctx, 'paging.room.closed_commander', { page: pageId, person: personLabel(ctx, commander) });
}

export function commanderClosedLine(ctx: RenderContext, page: PageState, commander: string): NewEvent {
  return botLine(ctx.now.toISOString(), commanderClosedText(ctx, page.pageId, commander), page.incidentId, 'page');
}
