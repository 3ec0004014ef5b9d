import type { Organisation } from '../organisation.js';

/** A minimal organisation for domain specs; pass what the spec is about. */
export function testOrganisation(extra: Partial<Organisation> = {}): Organisation {
  return {
    name: 'Test',
    defaultLocale: 'en',
    contact: { chatRoom: 'r', callUrl: 'https://call', phoneBridge: { display: 'x', dial: '+1', pin: '1234' }, executiveRoom: 'r' },
    people: new Map(),
    rooms: new Map(),
    teams: new Map(),
    services: new Map(),
    schedules: new Map(),
    incidentCommand: { primary: 'primary', backup: 'backup', shadows: [] },
    escalationPolicies: new Map(),
    paging: { ackTimeoutSeconds: 300, channels: ['email'] },
    defaultPageSeverity: 2,
    comms: { stakeholders: new Map(), statusPage: { title: 'Status', publicUrl: 'http://localhost' } },
    timers: {
      statusStalkSeconds: 30,
      deputyTimeCallMinutes: 10,
      handoverSuggestMinutes: 60,
      handoverInsistMinutes: 180,
      executiveSummaryMinutes: 30,
      executiveEscalationMinutes: 10,
      firstPublicUpdateMinutes: 5,
      publicUpdateMinutes: 20,
      publicUpdateWindowMinutes: 120,
      reviewReminderHours: 24,
      publicAutoCloseMinutes: 30,
      reminderRepeats: 3,
    },
    ...extra,
  } as Organisation;
}
