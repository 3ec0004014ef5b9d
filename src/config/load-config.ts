import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { ContactChannel, ContactMethod, Person } from '../domain/people.js';
import type { Organisation } from '../domain/organisation.js';
import { toCommsSettings, toCommsTimers } from './comms-schema.js';
import { toPolicy, toSchedule } from './on-call-config.js';
import { configSchema, type Config } from './schema.js';

/** The configuration file is wrong; `problems` are `path: what is expected` lines. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${formatPath(issue.path) || '(top level)'}: ${issue.message}`);
}

export function parseConfig(text: string, file: string): Config {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) throw new ConfigError(file, document.errors.map((error) => error.message));
  const result = configSchema.safeParse(document.toJS());
  if (!result.success) throw new ConfigError(file, describeIssues(result.error));
  return result.data;
}

export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file: ${(error as Error).message}`]);
  }
  return parseConfig(text, file);
}

function phoneOf(contacts: Config['people'][string]['contacts']): string | undefined {
  for (const contact of contacts) if (contact.type === 'voice' || contact.type === 'sms') return contact.number;
  return undefined;
}

function emailOf(contacts: Config['people'][string]['contacts']): string | undefined {
  for (const contact of contacts) if (contact.type === 'email') return contact.address;
  return undefined;
}

function contactsOf(person: Config['people'][string]): ContactMethod[] {
  return person.contacts.map((contact) => {
    if (contact.type === 'slack') return { channel: 'slack', to: person.slackId ?? emailOf(person.contacts) ?? '' };
    return { channel: contact.type, to: contact.type === 'email' ? contact.address : contact.type === 'webhook' ? contact.url : contact.number };
  });
}

/** Channels with a notifier configured; webhooks are signed, so they need the signing secret. */
function pagingChannels({ paging, notifications, slack }: Config): ContactChannel[] {
  return [
    ...(notifications.email ? (['email'] as const) : []),
    ...(paging.twilio ? (['sms', 'voice'] as const) : []),
    ...(paging.webhook ? (['webhook'] as const) : []),
    ...(slack ? (['slack'] as const) : []),
  ];
}

/** The domain's view of a validated configuration. */
export function toOrganisation(config: Config): Organisation {
  const people = new Map<string, Person>(
    Object.entries(config.people).map(([handle, person]) => [
      handle,
      {
        handle,
        name: person.name,
        locale: person.locale,
        timezone: person.timezone,
        phone: phoneOf(person.contacts),
        email: emailOf(person.contacts),
        contacts: contactsOf(person),
      },
    ]),
  );
  return {
    name: config.organisation.name,
    defaultLocale: config.organisation.locale,
    contact: config.contact,
    people,
    rooms: new Map(Object.entries(config.rooms).map(([name, room]) => [name, { name, locale: room.locale, security: room.security, members: room.members }])),
    teams: new Map(Object.entries(config.teams).map(([name, team]) => [name, { name, ...team }])),
    services: new Map(Object.entries(config.services).map(([name, service]) => [name, { name, ...service }])),
    schedules: new Map(Object.entries(config.schedules).map(([name, schedule]) => [name, toSchedule(name, schedule)])),
    incidentCommand: config.incidentCommand,
    escalationPolicies: new Map(
      Object.entries(config.escalationPolicies).map(([name, policy]) => [name, toPolicy(name, policy, config.paging.ackTimeoutMinutes)]),
    ),
    paging: { ackTimeoutSeconds: config.paging.ackTimeoutMinutes * 60, channels: pagingChannels(config) },
    defaultPageSeverity: config.paging.defaultSeverity as Organisation['defaultPageSeverity'],
    timers: { ...config.timers, ...toCommsTimers(config.comms) },
    comms: toCommsSettings(config.comms),
  };
}
