/** Ways to reach a person outside the app, in the order they listed them. */
export type ContactChannel = 'email' | 'sms' | 'voice' | 'webhook' | 'slack';

export interface ContactMethod {
  readonly channel: ContactChannel;
  /** Email address, phone number in international form, or URL. */
  readonly to: string;
}

export interface Person {
  readonly handle: string;
  readonly name: string;
  readonly locale: string;
  readonly timezone: string;
  readonly phone?: string;
  readonly email?: string;
  readonly contacts?: readonly ContactMethod[];
}

export type Directory = ReadonlyMap<string, Person>;

/**
 * Finds a person by handle or display name as people type them in chat:
 * `carol`, `@carol`, `Carol`, or a full name in quotes already stripped by the parser.
 */
export function findPerson(directory: Directory, typed: string): Person | undefined {
  const wanted = typed.trim().replace(/^@/, '').toLowerCase();
  if (!wanted) return undefined;
  const byHandle = directory.get(wanted);
  if (byHandle) return byHandle;
  for (const person of directory.values()) {
    if (person.name.toLowerCase() === wanted) return person;
  }
  return undefined;
}
