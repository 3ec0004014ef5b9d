import { combinedGroups } from '../../domain/alert/state.js';
import type { Store } from '../../ports.js';
import { loadIncident } from '../incidents.js';
import type { RenderContext } from '../render/context.js';
import { alertStatusLines } from './alert-lines.js';
import { loadAlertGroup, recentChanges } from './alert-streams.js';

const RECENT_CHANGES = 3;

/** The lines `!status` adds for an incident: its alerts, those of incidents merged into it, and the latest changes reported for its lobby. */
export async function alertStatusSections(store: Store, ctx: RenderContext, incidentId: number): Promise<string[]> {
  const row = await store.getIncident(incidentId);
  if (!row) return [];
  const { state } = await loadIncident(store, row.id);
  const groups = await Promise.all([row.id, ...state.absorbed.map((other) => other.id)].map(async (id) => (await loadAlertGroup(store, id)).state));
  return alertStatusLines(ctx, combinedGroups(groups), await recentChanges(store, row.lobby, RECENT_CHANGES));
}
