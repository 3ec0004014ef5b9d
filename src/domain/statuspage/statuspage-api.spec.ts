import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../maintenance/window.js';
import type { PublicIncident } from './public-view.js';
import { statuspageViews, type PublicSnapshot } from './statuspage-api.js';

const now = new Date('2026-12-02T02:00:00.000Z');
const window: MaintenanceWindow = { id: 1, components: ['api', 'web'], from: '2026-12-02T01:00:00.000Z', to: '2026-12-02T03:00:00.000Z', text: 'Upgrade', by: 'dave', scheduledAt: '2026-12-01T10:00:00.000Z' };
const incident: PublicIncident = { id: 7, severity: 2, status: 'open', updates: [{ n: 1, at: '2026-12-02T01:30:00.000Z', text: 'Errors', components: ['web'] }], components: ['web'] };

function snapshot(incidents: PublicIncident[], maintenances: MaintenanceWindow[]): PublicSnapshot {
  return {
    page: { id: 'p', name: 'Status', url: 'https://status.example.com', timeZone: 'Etc/UTC', updatedAt: now.toISOString(), since: '2026-11-01T00:00:00.000Z' },
    components: [{ name: 'api' }, { name: 'web' }, { name: 'database' }],
    incidents,
    maintenances,
    now,
    describe: (indicator) => indicator,
    incidentName: (candidate) => candidate.title ?? `Incident #${candidate.id}`,
  };
}

describe('the Statuspage-compatible views', () => {
  it('shows a running window as under_maintenance, unless an incident is worse, and the page as in maintenance only when nothing else is wrong', () => {
    const quiet = statuspageViews.summary(snapshot([], [window]));
    expect(quiet.components.map((component) => component.status)).toEqual(['under_maintenance', 'under_maintenance', 'operational']);
    expect(quiet.status.indicator).toBe('maintenance');
    const busy = statuspageViews.summary(snapshot([incident], [window]));
    expect(busy.components.map((component) => component.status)).toEqual(['under_maintenance', 'partial_outage', 'operational']);
    expect(busy.status.indicator).toBe('major');
  });

  it('moves a window from scheduled to in_progress to completed, ended early or on time', () => {
    const at = (iso: string, candidate = window) => statuspageViews.maintenances({ ...snapshot([], [candidate]), now: new Date(iso) }).scheduled_maintenances[0];
    expect(at('2026-12-02T00:00:00.000Z')).toMatchObject({ status: 'scheduled', resolved_at: null, impact: 'maintenance' });
    expect(at('2026-12-02T01:00:00.000Z').status).toBe('in_progress');
    expect(at('2026-12-02T03:00:00.000Z')).toMatchObject({ status: 'completed', resolved_at: '2026-12-02T03:00:00.000Z' });
    const ended = at('2026-12-02T02:00:00.000Z', { ...window, endedAt: '2026-12-02T01:40:00.000Z' });
    expect(ended).toMatchObject({ status: 'completed', resolved_at: '2026-12-02T01:40:00.000Z' });
    expect(ended.incident_updates.map((update) => update.status)).toEqual(['completed', 'in_progress', 'scheduled']);
  });

  it('maps severities to impacts and keeps unresolved incidents apart', () => {
    const resolved: PublicIncident = { ...incident, id: 8, severity: 1, status: 'resolved', resolvedAt: '2026-12-02T01:50:00.000Z' };
    const views = snapshot([incident, resolved], []);
    expect(statuspageViews.incidents(views).incidents.map((candidate) => [candidate.id, candidate.impact, candidate.status])).toEqual([
      ['8', 'critical', 'resolved'],
      ['7', 'major', 'investigating'],
    ]);
    expect(statuspageViews.unresolved(views).incidents.map((candidate) => candidate.id)).toEqual(['7']);
  });
});
