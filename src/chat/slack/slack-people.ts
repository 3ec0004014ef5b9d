import type { Directory } from '../../domain/people.js';
import type { SlackWeb } from './slack-web.js';

/**
 * Slack users to people and back: by the `slackId` a person has in the
 * config, else by their email address as Slack knows it. Answers are kept
 * for the life of the process (people rarely change address mid-incident).
 */
export class SlackPeople {
  readonly #handleOf = new Map<string, string | null>();
  readonly #userOf = new Map<string, string | null>();

  constructor(
    private readonly people: Directory,
    slackIds: Readonly<Record<string, string | undefined>>,
    private readonly web: SlackWeb,
  ) {
    for (const [handle, id] of Object.entries(slackIds)) {
      if (!id) continue;
      this.#handleOf.set(id, handle);
      this.#userOf.set(handle, id);
    }
  }

  /** The person behind a Slack user, if any. */
  async personOf(user: string): Promise<string | undefined> {
    if (!this.#handleOf.has(user)) {
      let handle: string | null = null;
      try {
        const info = await this.web.apiCall('users.info', { user });
        const email = ((info.user as { profile?: { email?: string } })?.profile?.email ?? '').toLowerCase();
        handle = [...this.people.values()].find((person) => email && person.email?.toLowerCase() === email)?.handle ?? null;
      } catch {
        handle = null;
      }
      this.#handleOf.set(user, handle);
      if (handle) this.#userOf.set(handle, user);
    }
    return this.#handleOf.get(user) ?? undefined;
  }

  /** Already known without asking Slack (for mentions in a line). */
  known(user: string): string | undefined {
    return this.#handleOf.get(user) ?? undefined;
  }

  /** The Slack user of a person, looked up by email. Throws when Slack cannot be asked (try later). */
  async userOf(handle: string): Promise<string | undefined> {
    if (this.#userOf.has(handle)) return this.#userOf.get(handle) ?? undefined;
    const email = this.people.get(handle)?.email;
    let user: string | null = null;
    if (email) {
      try {
        const found = await this.web.apiCall('users.lookupByEmail', { email });
        user = (found.user as { id?: string })?.id ?? null;
      } catch (error) {
        if ((error as { data?: { error?: string } }).data?.error !== 'users_not_found') throw error;
      }
    }
    this.#userOf.set(handle, user);
    if (user) this.#handleOf.set(user, handle);
    return user ?? undefined;
  }
}
