import type { Store } from '../../ports.js';
import type { RenderContext } from '../render/context.js';
import { alertStatusLines } from './alert-lines.js';
import { loadAlertGroup, recentChanges } from './alert-streams.js';

const RECENT_CHANGES = 3;

/** The lines `!status` adds for a room: its incident's alerts and the latest changes reported for it. */
export async function alertStatusSections(store: Store, ctx: RenderContext, room: string): Promise<string[]> {
  const row = await store.latestIncidentInRoom(room);
  const group = row ? (await loadAlertGroup(store, row.id)).state : undefined;
  return alertStatusLines(ctx, group, await recentChanges(store, room, RECENT_CHANGES));
}
