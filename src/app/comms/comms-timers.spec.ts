import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../domain/incident/events.js';
import type { Timers } from '../../domain/organisation.js';
import { commsTimersFor } from './comms-timers.js';

const timers = {
  statusStalkSeconds: 30,
  executiveSummaryMinutes: 30,
  executiveEscalationMinutes: 5,
  firstPublicUpdateMinutes: 5,
  publicUpdateMinutes: 20,
  publicUpdateWindowMinutes: 120,
  reviewReminderHours: 24,
  publicAutoCloseMinutes: 30,
  reminderRepeats: 3,
} as Timers;
const at = '2026-11-24T10:00:00.000Z';
const declared = (severity: 1 | 2 | 3): IncidentEvent => ({ type: 'incident.declared', at, actor: 'carol', id: 7, title: 't', severity, room: 'r', private: false });

describe('stakeholder communication timers', () => {
  it('starts the executive cadence for major incidents only', () => {
    expect(commsTimersFor(7, [declared(2)], timers).schedule).toEqual([
      { key: 'executive-summary:7', kind: 'executive-summary-due', dueAt: '2026-11-24T10:30:00.000Z', payload: { incidentId: 7, level: 'liaison' } },
    ]);
    expect(commsTimersFor(7, [declared(3)], timers).schedule).toEqual([]);
  });

  it('moves the cadence with each summary and delivers the summary once', () => {
    const { schedule } = commsTimersFor(7, [{ type: 'update.posted', at, actor: 'dave', n: 3, text: 'x' }], timers);
    expect(schedule.map((job) => [job.key, job.dueAt])).toEqual([
      ['executive-summary:7', '2026-11-24T10:30:00.000Z'],
      ['deliver-update:7:3', at],
    ]);
  });

  it('stops the cadence when the incident stops being major, and everything when it is resolved', () => {
    expect(commsTimersFor(7, [{ type: 'severity.changed', at, actor: 'carol', from: 2, to: 3 }], timers).cancel).toEqual(['executive-summary:7']);
    const resolved = commsTimersFor(7, [{ type: 'incident.resolved', at, actor: 'carol' }], timers);
    expect(resolved.cancel).toEqual(['executive-summary:7', 'public-updates:7']);
    expect(resolved.schedule.map((job) => [job.key, job.dueAt])).toEqual([['create-review:7', at], ['public-close:7', '2026-11-24T10:30:00.000Z']]);
  });

  it('asks for the first public update within 5 minutes, then every 20, and mails each publication', () => {
    expect(commsTimersFor(7, [{ type: 'public.started', at, actor: 'erin' }], timers).schedule[0]).toMatchObject({ key: 'public-updates:7', dueAt: '2026-11-24T10:05:00.000Z' });
    const published = commsTimersFor(7, [{ type: 'public.published', at, actor: 'carol', n: 2, text: 'x', components: [] }], timers).schedule;
    expect(published.map((job) => [job.key, job.dueAt])).toEqual([
      ['public-updates:7', '2026-11-24T10:20:00.000Z'],
      ['notify-status:7:2', at],
    ]);
  });

  it('never schedules drafts anywhere', () => {
    expect(commsTimersFor(7, [{ type: 'public.drafted', at, actor: 'erin', n: 1, text: 'x', components: [], eta: [] }], timers)).toEqual({ schedule: [], cancel: [] });
  });
});
