import { combinedGroups } from '../../domain/alert/state.js';
import type { Store } from '../../ports.js';
import { loadIncident } from '../incidents.js';
import { listed, t, type RenderContext } from '../render/context.js';
import { alertStatusLines } from './alert-lines.js';
import { loadAlertGroup, recentChanges } from './alert-streams.js';

const RECENT_CHANGES = 3;

/** The alerts of an incident and of those merged into it, as one group. */
async function incidentAlerts(store: Store, incidentId: number) {
  const { state } = await loadIncident(store, incidentId);
  const groups = await Promise.all([incidentId, ...state.absorbed.map((other) => other.id)].map(async (id) => (await loadAlertGroup(store, id)).state));
  return combinedGroups(groups);
}

/**
 * What a person resolving an incident should know of its alerts: those still firing (not resolved), by service.
 * A resolved incident's alert that fires again opens a new incident.
 */
export async function stillFiringNote(store: Store, ctx: RenderContext, incidentId: number): Promise<string[]> {
  const group = await incidentAlerts(store, incidentId);
  const firing = [...(group?.alerts.values() ?? [])].filter((alert) => alert.status !== 'resolved');
  if (firing.length === 0) return [];
  return [t(ctx, 'alerts.still_firing', { count: firing.length, services: listed(ctx, [...new Set(firing.map((alert) => alert.service))]) })];
}

/** The lines `!status` adds for an incident: its alerts, those of incidents merged into it, and the latest changes reported for its lobby. */
export async function alertStatusSections(store: Store, ctx: RenderContext, incidentId: number): Promise<string[]> {
  const row = await store.getIncident(incidentId);
  if (!row) return [];
  return alertStatusLines(ctx, await incidentAlerts(store, row.id), await recentChanges(store, row.lobby, RECENT_CHANGES));
}
