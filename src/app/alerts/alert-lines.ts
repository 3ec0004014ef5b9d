import type { MaintenanceWindow } from '../../domain/maintenance/window.js';
import type { ChangeRecorded } from '../../domain/alert/change.js';
import type { AlertFacts } from '../../domain/alert/commands.js';
import type { ServicePageRequested } from '../../domain/alert/events.js';
import { groupCounts } from '../../domain/alert/flood.js';
import type { AlertGroupState } from '../../domain/alert/state.js';
import type { Severity } from '../../domain/incident/severity.js';
import { durationLabel, listed, personLabel, t, type RenderContext } from '../render/context.js';

const MAX_SUMMARY = 200;

function short(text: string): string {
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text;
}

export function openedLine(ctx: RenderContext, alert: AlertFacts, incidentId: number, severity: Severity): string {
  return t(ctx, 'alerts.opened', { service: alert.service, alertSeverity: alert.severity, id: incidentId, severity, summary: short(alert.summary) });
}

export function severityRaisedLine(ctx: RenderContext, alert: AlertFacts): string {
  return t(ctx, 'alerts.raised_by', { service: alert.service, alertSeverity: alert.severity, summary: short(alert.summary) });
}

export function servicePagedLine(ctx: RenderContext, event: ServicePageRequested): string {
  return t(ctx, 'alerts.service_paged', { service: event.service, team: event.team, person: personLabel(ctx, event.person) });
}

export function maintenanceSilencedLine(ctx: RenderContext, service: string, window: MaintenanceWindow): string {
  return t(ctx, 'alerts.maintenance_silenced', { service, id: window.id, to: `${window.to.slice(0, 16).replace('T', ' ')} UTC` });
}

export function allResolvedLine(ctx: RenderContext, incidentId: number, count: number, outcome: 'auto' | 'commander' | 'closed'): string {
  return t(ctx, `alerts.all_resolved_${outcome}`, { id: incidentId, count });
}

/** The group's one growing line: the counts now and what changed since the window began. */
export function digestLine(ctx: RenderContext, group: AlertGroupState, since: string, windowSeconds: number): string {
  const counts = groupCounts(group, since);
  return t(ctx, 'alerts.digest', {
    id: group.incidentId,
    total: counts.total,
    open: counts.open,
    acknowledged: counts.acknowledged,
    resolved: counts.resolved,
    fresh: counts.newInWindow,
    closed: counts.resolvedInWindow,
    seconds: windowSeconds,
    services: listed(ctx, counts.services),
    triggers: group.triggers,
  });
}

export function changeLine(ctx: RenderContext, change: ChangeRecorded): string {
  return t(ctx, 'alerts.change', { service: change.service, summary: short(change.summary), source: change.source ?? '-' });
}

/** What `!status` adds: the incident's alerts and the room's recent changes. */
export function alertStatusLines(ctx: RenderContext, group: AlertGroupState | undefined, changes: readonly ChangeRecorded[]): string[] {
  const lines: string[] = [];
  if (group?.exists && group.alerts.size > 0) {
    const counts = groupCounts(group, group.lastAt);
    lines.push(
      counts.open + counts.acknowledged === 0
        ? t(ctx, 'alerts.status_all_resolved', { total: counts.total })
        : t(ctx, 'alerts.status', {
            total: counts.total,
            open: counts.open,
            acknowledged: counts.acknowledged,
            resolved: counts.resolved,
            services: listed(ctx, counts.services),
          }),
    );
  }
  if (changes.length > 0) {
    lines.push(t(ctx, 'alerts.recent_changes'));
    for (const change of changes) {
      lines.push(`  ${t(ctx, 'alerts.change_entry', { ago: durationLabel(ctx, change.at), service: change.service, summary: short(change.summary) })}`);
    }
  }
  return lines;
}
