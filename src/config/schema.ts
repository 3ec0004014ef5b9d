import { z } from 'zod';
import { alertsSchema, checkAlertRooms, serviceAlertsSchema } from './alerts-schema.js';
import { checkCommsReferences, commsSchema, notificationsSchema } from './comms-schema.js';

const handle = z.string().regex(/^[a-z][a-z0-9._-]*$/, 'expected a lowercase handle such as "alice"');
const locale = z.enum(['en', 'zh-CN']);
const timezone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone such as "Europe/London"');
const phone = z.string().regex(/^\+[0-9 ]{7,20}$/, 'expected a phone number in international form, e.g. "+44 7700 900001"');

const contactMethod = z.discriminatedUnion('type', [
  z.object({ type: z.literal('email'), address: z.email('expected an email address') }).strict(),
  z.object({ type: z.literal('sms'), number: phone }).strict(),
  z.object({ type: z.literal('voice'), number: phone }).strict(),
  z.object({ type: z.literal('webhook'), url: z.url('expected an http(s) URL') }).strict(),
]);

const person = z
  .object({
    name: z.string().min(1),
    locale: locale.default('en'),
    timezone,
    contacts: z.array(contactMethod).default([]),
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

const layer = z
  .object({
    name: z.string().min(1),
    start: z.iso.datetime({ offset: true, message: 'expected an ISO-8601 date-time with offset, e.g. 2026-01-05T09:00:00Z' }),
    shiftHours: z.number().positive(),
    people: z.array(handle).min(1),
  })
  .strict();

const schedule = z.object({ timezone, layers: z.array(layer).min(1) }).strict();

const team = z.object({ members: z.array(handle).min(1), schedule: handle.optional(), room: handle.optional() }).strict();

const service = z
  .object({
    team: handle,
    routingKey: z.string().regex(/^[A-Za-z0-9]{32}$/, 'expected a 32-character routing key of letters and digits'),
    description: z.string().optional(),
    room: handle.optional(),
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
    rooms: z.record(handle, room),
    teams: z.record(handle, team).default({}),
    services: z.record(handle, service).default({}),
    schedules: z.record(handle, schedule).default({}),
    incidentCommand: z.object({ primary: handle, backup: handle, shadows: z.array(handle).default([]) }).strict(),
    paging: z.object({ defaultSeverity: z.number().int().min(1).max(5).default(2) }).strict().default({ defaultSeverity: 2 }),
    timers: z
      .object({
        statusStalkSeconds: z.number().positive().default(30),
        deputyTimeCallMinutes: z.number().positive().default(10),
        handoverSuggestMinutes: z.number().positive().default(60),
        handoverInsistMinutes: z.number().positive().default(180),
      })
      .strict()
      .default({ statusStalkSeconds: 30, deputyTimeCallMinutes: 10, handoverSuggestMinutes: 60, handoverInsistMinutes: 180 }),
    alerts: alertsSchema,
    comms: commsSchema,
    notifications: notificationsSchema,
  })
  .strict()
  .superRefine((config, ctx) => {
    const people = new Set(Object.keys(config.people));
    const known = (value: string, path: (string | number)[], what: string, set: Set<string>) => {
      if (!set.has(value)) ctx.addIssue({ code: 'custom', path, message: `unknown ${what} "${value}"` });
    };
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
    checkCommsReferences(config.comms, people, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
  });

export type Config = z.infer<typeof configSchema>;
export type ContactMethod = z.infer<typeof contactMethod>;
