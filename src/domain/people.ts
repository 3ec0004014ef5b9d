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

/**
 * A person named at the start of a line and the text after them, when the name may be a full name of several
 * words (`!task Dave Davies restart db`): the longest full name the words begin with, else the first word. The
 * text is never left empty by taking a name.
 */
export function leadingPerson(directory: Directory, first: string, rest: string): { typed: string; text: string } {
  const words = rest.split(/\s+/).filter(Boolean);
  let best: { typed: string; text: string } = { typed: first, text: rest };
  for (let taken = 1; taken < words.length; taken++) {
    const typed = [first, ...words.slice(0, taken)].join(' ');
    const person = findPerson(directory, typed);
    if (person && person.name.toLowerCase() === typed.toLowerCase()) best = { typed, text: words.slice(taken).join(' ') };
  }
  return best;
}
