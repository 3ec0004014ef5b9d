import { z } from 'zod';
import type { CommsSettings, CommsTimers } from '../domain/comms/settings.js';
import type { Severity } from '../domain/incident/severity.js';

const key = z.string().regex(/^[a-z][a-z0-9._-]*$/, 'expected a lowercase key such as "sev1-stakeholders"');
const minutes = z.number().positive('expected a positive number of minutes');

const group = z
  .object({
    name: z.string().min(1),
    severity: z.number().int().min(1).max(5).optional(),
    members: z.array(key).default([]),
    emails: z.array(z.email('expected an email address')).default([]),
  })
  .strict();

const TIMER_DEFAULTS = {
  executiveSummaryMinutes: 30,
  executiveEscalationMinutes: 5,
  firstPublicUpdateMinutes: 5,
  publicUpdateMinutes: 20,
  publicUpdateWindowMinutes: 120,
  reviewReminderHours: 24,
  publicAutoCloseMinutes: 30,
  reminderRepeats: 3,
};

/** Stakeholders, cadences and the public status page: the `comms` block of the configuration. */
export const commsSchema = z
  .object({
    stakeholders: z.record(key, group).default({}),
    timers: z
      .object({
        executiveSummaryMinutes: minutes.default(30),
        executiveEscalationMinutes: minutes.default(5),
        firstPublicUpdateMinutes: minutes.default(5),
        publicUpdateMinutes: minutes.default(20),
        publicUpdateWindowMinutes: minutes.default(120),
        reviewReminderHours: z.number().positive().default(24),
        publicAutoCloseMinutes: minutes.default(30),
        reminderRepeats: z.number().int().min(1).default(3),
      })
      .strict()
      .default(TIMER_DEFAULTS),
    statusPage: z
      .object({
        title: z.string().min(1).default('Status'),
        publicUrl: z.url('expected the URL people reach the server at, e.g. https://status.example.com').default('http://localhost:8080'),
        /** Signs subscription links; at least 32 characters. Without it, one is generated in the data directory. */
        secret: z.string().min(32, 'expected at least 32 characters').optional(),
        /** Also serve the status page on this port, from a thread of its own (0: any free port). */
        port: z.number().int().min(0).max(65535).optional(),
      })
      .strict()
      .default({ title: 'Status', publicUrl: 'http://localhost:8080' }),
  })
  .strict()
  .default({ stakeholders: {}, timers: TIMER_DEFAULTS, statusPage: { title: 'Status', publicUrl: 'http://localhost:8080' } });

/** Outgoing email (SMTP), shared by every feature that sends mail. */
export const notificationsSchema = z
  .object({
    email: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535).default(587),
        secure: z.boolean().default(false),
        from: z.string().min(3),
        user: z.string().optional(),
        password: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .default({});

export type CommsConfig = z.infer<typeof commsSchema>;

export function checkCommsReferences(
  comms: CommsConfig,
  people: ReadonlySet<string>,
  addIssue: (path: (string | number)[], message: string) => void,
): void {
  for (const [name, entry] of Object.entries(comms.stakeholders)) {
    entry.members.forEach((member, index) => {
      if (!people.has(member)) addIssue(['comms', 'stakeholders', name, 'members', index], `unknown person "${member}"`);
    });
  }
}

export function toCommsSettings(comms: CommsConfig): CommsSettings {
  return {
    stakeholders: new Map(
      Object.entries(comms.stakeholders).map(([groupKey, entry]) => [
        groupKey,
        { key: groupKey, name: entry.name, severity: entry.severity as Severity | undefined, members: entry.members, emails: entry.emails },
      ]),
    ),
    statusPage: { title: comms.statusPage.title, publicUrl: comms.statusPage.publicUrl.replace(/\/+$/, '') },
  };
}

export function toCommsTimers(comms: CommsConfig): CommsTimers {
  return comms.timers;
}
