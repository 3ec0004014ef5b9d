import { CalendarTokens, type CalendarSubject } from '../app/calendar/calendar-tokens.js';
import { listed } from '../app/render/context.js';
import { translate } from '../i18n/i18n.js';
import { loadOrganisation, openConfiguredStore, type CommonOptions } from './options.js';

export interface CalendarOptions extends CommonOptions {
  schedule?: string;
  revoke?: boolean;
}

/** `dont-panic calendar PERSON` / `--schedule NAME`: prints a secret subscription link; `--revoke` invalidates the subject's links. */
export async function calendar(person: string | undefined, options: CalendarOptions): Promise<void> {
  const { organisation } = loadOrganisation(options);
  const locale = (person && organisation.people.get(person)?.locale) || organisation.defaultLocale;
  const say = (key: string, params: Record<string, string>) => translate(locale, `calendar.${key}`, params);
  const fail = (text: string): never => {
    process.stderr.write(`${text}\n`);
    process.exit(2);
  };
  if (Boolean(person) === Boolean(options.schedule)) fail(say('one_subject', {}));
  if (person && !organisation.people.has(person)) fail(say('unknown_person', { given: person, people: listed({ translate, locale }, [...organisation.people.keys()]) }));
  if (options.schedule && !organisation.schedules.has(options.schedule)) {
    fail(say('unknown_schedule', { given: options.schedule, schedules: listed({ translate, locale }, [...organisation.schedules.keys()]) }));
  }
  const subject: CalendarSubject = person ? { person } : { schedule: options.schedule! };
  const named = person ?? `--schedule ${options.schedule}`;
  const store = await openConfiguredStore(options);
  try {
    const tokens = new CalendarTokens({ store, clock: { now: () => new Date() } });
    if (options.revoke) {
      await tokens.revoke(subject);
      process.stdout.write(`${say('revoked', { subject: named })}\n`);
      return;
    }
    const token = await tokens.issue(subject);
    process.stdout.write(`${say('url', { url: `${organisation.comms.statusPage.publicUrl}/calendar/${token}.ics`, subject: named })}\n`);
  } finally {
    await store.close();
  }
}
