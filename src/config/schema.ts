import { z } from 'zod';
import { checkMaintenanceServices, maintenancesSchema } from './maintenance-schema.js';
import { alertsSchema, checkAlertRooms, serviceAlertsSchema } from './alerts-schema.js';
import { checkCommsReferences, commsSchema, notificationsSchema } from './comms-schema.js';
import { checkOnCall, isTimeZone } from './on-call-config.js';
import { slackId, slackSchema } from './slack-schema.js';

const handle = z.string().regex(/^[a-z][a-z0-9._-]*$/, 'expected a lowercase handle such as "alice"');
const locale = z.enum(['en', 'zh-CN']);
const timezone = z.string().refine(isTimeZone, 'expected an IANA time zone such as "Europe/London"');
const phone = z.string().regex(/^\+[0-9 ]{7,20}$/, 'expected a phone number in international form, e.g. "+44 7700 900001"');

const contactMethod = z.discriminatedUnion('type', [
  z.object({ type: z.literal('email'), address: z.email('expected an email address') }).strict(),
  z.object({ type: z.literal('sms'), number: phone }).strict(),
  z.object({ type: z.literal('voice'), number: phone }).strict(),
  z.object({ type: z.literal('webhook'), url: z.url('expected an http(s) URL') }).strict(),
  /** A direct message from the Slack app, to the person's `slackId` or their email as Slack knows it. */
  z.object({ type: z.literal('slack') }).strict(),
]);

const person = z
  .object({
    name: z.string().min(1),
    locale: locale.default('en'),
    timezone,
    contacts: z.array(contactMethod).default([]),
    slackId: slackId.optional(),
  })
  .strict();

const room = z
  .object({
    locale: locale.default('en'),
    description: z.string().optional(),
    /** A security room: its incidents are private, visible only to its members and people they invite. */
    security: z.boolean().default(false),
    members: z.array(handle).default([]),
  })
  .strict();

const clock = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'expected a local time such as "09:00"');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

const restriction = z
  .object({
    days: z.array(weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
    from: clock,
    to: z.union([clock, z.literal('24:00')]),
  })
  .strict();

const rotation = z.union([
  z.enum(['daily', 'weekly']),
  z.object({ days: z.number().int().positive() }).strict(),
  z.object({ hours: z.number().positive() }).strict(),
]);

const layer = z
  .object({
    name: z.string().min(1),
    start: z.union([
      z.iso.date({ message: 'expected the local date of the first handoff, e.g. 2026-01-05' }),
      z.iso.datetime({ offset: true, message: 'expected a local date (2026-01-05) or an ISO-8601 date-time with offset' }),
    ]),
    handoff: clock.default('09:00'),
    rotation: rotation.optional(),
    /** The first form of schedules: fixed shifts of this many hours from `start`. */
    shiftHours: z.number().positive().optional(),
    people: z.array(handle).min(1),
    restrictions: z.array(restriction).default([]),
  })
  .strict();

const override = z
  .object({
    start: z.iso.datetime({ offset: true, local: true, message: 'expected an ISO-8601 date-time (without offset: the schedule’s time zone)' }),
    end: z.iso.datetime({ offset: true, local: true, message: 'expected an ISO-8601 date-time (without offset: the schedule’s time zone)' }),
    person: handle,
    replaces: handle.optional(),
  })
  .strict();

const schedule = z
  .object({
    timezone,
    layers: z.array(layer).min(1),
    overrides: z.array(override).default([]),
    shadows: z.array(handle).default([]),
  })
  .strict();

const policyTarget = z.union([
  z.object({ schedule: handle, shadow: z.boolean().optional() }).strict(),
  z.object({ team: handle, shadow: z.boolean().optional() }).strict(),
  z.object({ person: handle, shadow: z.boolean().optional() }).strict(),
]);

const escalationPolicy = z
  .object({
    repeat: z.number().int().min(0).max(10).default(2),
    levels: z
      .array(
        z
          .object({
            targets: z.array(policyTarget).min(1, 'a level needs at least one schedule, team or person'),
            ackTimeoutMinutes: z.number().positive().max(1440).optional(),
          })
          .strict(),
      )
      .min(1, 'a policy needs at least one level'),
  })
  .strict();

const secret = z.string().min(16, 'expected a secret of at least 16 characters');

const paging = z
  .object({
    defaultSeverity: z.number().int().min(1).max(5).default(2),
    /** Minutes a level waits for an acknowledgement before the next; fractions allowed (tests use seconds). */
    ackTimeoutMinutes: z.number().positive().max(1440).default(5),
    /** Where people open acknowledgement links: this server as they reach it. */
    publicUrl: z.url('expected the server’s public URL, e.g. https://dont-panic.example.com').default('http://localhost:8080'),
    ackLinkHours: z.number().positive().max(24 * 14).default(24),
    /** Signs acknowledgement links; without it, one is generated into the data directory. */
    ackSecret: secret.optional(),
    webhook: z.object({ secret, timeoutSeconds: z.number().positive().max(60).default(10) }).strict().optional(),
    twilio: z
      .object({
        accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'expected a Twilio account SID (AC followed by 32 hex digits)'),
        authToken: z.string().min(8),
        from: phone,
        /** A Twilio-compatible API; the default is Twilio itself. */
        apiBaseUrl: z.url().default('https://api.twilio.com'),
      })
      .strict()
      .optional(),
  })
  .strict();

const team = z
  .object({ members: z.array(handle).min(1), schedule: handle.optional(), escalationPolicy: handle.optional(), room: handle.optional(), private: z.boolean().optional() })
  .strict();

const service = z
  .object({
    team: handle,
    routingKey: z.string().regex(/^[A-Za-z0-9]{32}$/, 'expected a 32-character routing key of letters and digits'),
    description: z.string().optional(),
    room: handle.optional(),
    /** Its alerts open private incidents, seen only by their members. */
    private: z.boolean().optional(),
    alerts: serviceAlertsSchema.optional(),
  })
  .strict();

export const configSchema = z
  .object({
    organisation: z.object({ name: z.string().min(1), locale: locale.default('en') }).strict(),
    contact: z
      .object({
        chatRoom: handle,
        callUrl: z.url('expected the conference call URL'),
        phoneBridge: z.object({ display: z.string().min(1), dial: phone, pin: z.string().regex(/^[0-9]{4,12}$/, 'expected a numeric PIN') }).strict(),
        executiveRoom: handle,
      })
      .strict(),
    people: z.record(handle, person),
    /** People who may change any on-call schedule (overrides), besides its rotation and its team. */
    admins: z.array(handle).default([]),
    rooms: z.record(handle, room),
    teams: z.record(handle, team).default({}),
    services: z.record(handle, service).default({}),
    schedules: z.record(handle, schedule).default({}),
    incidentCommand: z
      .object({ primary: handle, backup: handle, shadows: z.array(handle).default([]), escalationPolicy: handle.optional() })
      .strict(),
    escalationPolicies: z.record(handle, escalationPolicy).default({}),
    paging: paging.default(() => paging.parse({})),
    timers: z
      .object({
        statusStalkSeconds: z.number().positive().default(30),
        deputyTimeCallMinutes: z.number().positive().default(10),
        handoverSuggestMinutes: z.number().positive().default(60),
        handoverInsistMinutes: z.number().positive().default(180),
      })
      .strict()
      .default({ statusStalkSeconds: 30, deputyTimeCallMinutes: 10, handoverSuggestMinutes: 60, handoverInsistMinutes: 180 }),
    /** Durable timers: how many jobs one instance runs at once, so one slow provider never holds up another page. */
    jobs: z.object({ concurrency: z.number().int().min(1).max(64).default(8) }).strict().default({ concurrency: 8 }),
    alerts: alertsSchema,
    comms: commsSchema,
    notifications: notificationsSchema,
    maintenances: maintenancesSchema,
    slack: slackSchema.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const people = new Set(Object.keys(config.people));
    const known = (value: string, path: (string | number)[], what: string, set: Set<string>) => {
      if (!set.has(value)) ctx.addIssue({ code: 'custom', path, message: `unknown ${what} "${value}"` });
    };
    config.admins.forEach((admin, index) => known(admin, ['admins', index], 'person', people));
    for (const [name, team] of Object.entries(config.teams)) {
      team.members.forEach((member, index) => known(member, ['teams', name, 'members', index], 'person', people));
      if (team.schedule) known(team.schedule, ['teams', name, 'schedule'], 'schedule', new Set(Object.keys(config.schedules)));
    }
    const teams = new Set(Object.keys(config.teams));
    const keys = new Map<string, string>();
    for (const [name, service] of Object.entries(config.services)) {
      known(service.team, ['services', name, 'team'], 'team', teams);
      const other = keys.get(service.routingKey);
      if (other) ctx.addIssue({ code: 'custom', path: ['services', name, 'routingKey'], message: `same routing key as service "${other}"` });
      keys.set(service.routingKey, name);
    }
    for (const [name, schedule] of Object.entries(config.schedules)) {
      schedule.layers.forEach((layer, index) =>
        layer.people.forEach((member, position) => known(member, ['schedules', name, 'layers', index, 'people', position], 'person', people)),
      );
    }
    checkOnCall(config, ctx);
    const schedules = new Set(Object.keys(config.schedules));
    known(config.incidentCommand.primary, ['incidentCommand', 'primary'], 'schedule', schedules);
    known(config.incidentCommand.backup, ['incidentCommand', 'backup'], 'schedule', schedules);
    config.incidentCommand.shadows.forEach((shadow, index) => known(shadow, ['incidentCommand', 'shadows', index], 'schedule', schedules));
    for (const [name, room] of Object.entries(config.rooms)) {
      room.members.forEach((member, index) => known(member, ['rooms', name, 'members', index], 'person', people));
      if (room.security && room.members.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['rooms', name, 'members'], message: 'a security room needs at least one member' });
      }
    }
    const rooms = new Set(Object.keys(config.rooms));
    known(config.contact.chatRoom, ['contact', 'chatRoom'], 'room', rooms);
    known(config.contact.executiveRoom, ['contact', 'executiveRoom'], 'room', rooms);
    checkAlertRooms(config, ctx);
    for (const lobby of Object.keys(config.slack?.channels ?? {})) known(lobby, ['slack', 'channels', lobby], 'room', rooms);
    checkCommsReferences(config.comms, people, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
    checkMaintenanceServices(config.maintenances, new Set(Object.keys(config.services)), (path, message) => ctx.addIssue({ code: 'custom', path, message }));
  });

export type Config = z.infer<typeof configSchema>;
export type ScheduleConfig = z.infer<typeof schedule>;
export type PolicyConfig = z.infer<typeof escalationPolicy>;
export type ContactMethod = z.infer<typeof contactMethod>;
