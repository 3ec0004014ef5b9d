import type { Store } from '../../ports.js';
import type { RenderContext } from '../render/context.js';
import { alertStatusLines } from './alert-lines.js';
import { loadAlertGroup, recentChanges } from './alert-streams.js';

const RECENT_CHANGES = 3;

/** The lines `!status` adds for an incident: its alerts and the latest changes reported for its lobby. */
export async function alertStatusSections(store: Store, ctx: RenderContext, incidentId: number): Promise<string[]> {
  const row = await store.getIncident(incidentId);
  if (!row) return [];
  const group = (await loadAlertGroup(store, row.id)).state;
  return alertStatusLines(ctx, group, await recentChanges(store, row.lobby, RECENT_CHANGES));
}
