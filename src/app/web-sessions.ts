import { createHash, randomBytes } from 'node:crypto';
import type { Clock, SessionStore, WebSession } from '../ports.js';
import { verifyPassword } from './passwords.js';

export const SESSION_HOURS = 12;

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

export interface SignedIn {
  /** The cookie value: shown to the browser once, stored only as a hash. */
  readonly secret: string;
  readonly session: WebSession;
}

/** Browser sign-in: people of the configuration with a password set by `dont-panic passwd`. */
export class WebSessions {
  readonly #store: SessionStore;
  readonly #clock: Clock;

  constructor(store: SessionStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  /** A new session when the password matches, else undefined (unknown people take as long as wrong passwords). */
  async signIn(person: string | undefined, password: string): Promise<SignedIn | undefined> {
    const stored = person ? await this.#store.passwordHash(person) : undefined;
    if (!(await verifyPassword(password, stored)) || !person) return undefined;
    const secret = randomBytes(32).toString('base64url');
    const now = this.#clock.now();
    const session: WebSession = {
      idHash: hash(secret),
      person,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString(),
    };
    await this.#store.saveSession(session);
    return { secret, session };
  }

  /** The live session a cookie value belongs to; expired ones are removed. */
  async resolve(secret: string | undefined): Promise<WebSession | undefined> {
    if (!secret || secret.length > 100) return undefined;
    const session = await this.#store.findSession(hash(secret));
    if (!session) return undefined;
    if (Date.parse(session.expiresAt) <= this.#clock.now().getTime()) {
      await this.#store.deleteSession(session.idHash);
      return undefined;
    }
    return session;
  }

  async signOut(secret: string): Promise<void> {
    await this.#store.deleteSession(hash(secret));
  }

  async signOutEverywhere(person: string): Promise<void> {
    await this.#store.deleteSessionsOf(person);
  }
}
