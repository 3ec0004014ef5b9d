import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../app/errors.js';
import { MAX_PASSWORD_LENGTH } from '../../app/passwords.js';
import { SESSION_HOURS, type WebSessions } from '../../app/web-sessions.js';
import type { Organisation } from '../../domain/organisation.js';
import { findPerson } from '../../domain/people.js';
import type { WebSession } from '../../ports.js';
import { errorSchema } from '../errors.js';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './cookies.js';

const WINDOW_MS = 10 * 60_000;

/**
 * How many attempts in the window each kind of key allows. One account from one address is held at ten;
 * an address and an account get more room, because behind a proxy everyone shares one address, and
 * anyone could otherwise lock the IC out by mistyping their name ten times.
 */
const LIMITS = { pair: 10, account: 50, address: 100 } as const;

const limitOf = (key: string) => LIMITS[key.slice(0, key.indexOf(':')) as keyof typeof LIMITS];

/**
 * Sign-in attempts per account from an address, per account and per client
 * address. An attempt counts before the password is checked, so guesses sent
 * in parallel are limited as surely as guesses sent one by one; a successful
 * sign-in forgives its own.
 */
class SignInLimiter {
  readonly #attempts = new Map<string, number[]>();

  #recent(key: string, now: number): number[] {
    const recent = (this.#attempts.get(key) ?? []).filter((at) => now - at < WINDOW_MS);
    if (recent.length) this.#attempts.set(key, recent);
    else this.#attempts.delete(key);
    return recent;
  }

  /** Records an attempt for every key, or refuses it (recording nothing) when any key is at its limit. */
  attempt(keys: readonly string[], now: number): boolean {
    if (keys.some((key) => this.#recent(key, now).length >= limitOf(key))) return false;
    for (const key of keys) this.#attempts.set(key, [...this.#recent(key, now), now]);
    return true;
  }

  succeeded(keys: readonly string[]): void {
    for (const key of keys) this.#attempts.delete(key);
  }
}

export function personJson(organisation: Organisation, handle: string) {
  const person = organisation.people.get(handle)!;
  return { handle, name: person.name, locale: person.locale, timezone: person.timezone };
}

function sessionJson(organisation: Organisation, person: string, session: WebSession | undefined) {
  return { person: personJson(organisation, person), csrfToken: session?.csrfToken ?? null, expiresAt: session?.expiresAt ?? null };
}

/** `POST /api/v1/session`: sign in with a person and password. Needs no session; answers with the cookie. */
export function signInRoute(app: FastifyInstance, organisation: Organisation, sessions: WebSessions): void {
  const limiter = new SignInLimiter();
  app.post<{ Body: { person: string; password: string } }>(
    '/api/v1/session',
    {
      schema: {
        summary: 'Sign in to the web UI (sets a secure, http-only session cookie)',
        tags: ['session'],
        security: [],
        body: {
          type: 'object',
          properties: {
            person: { type: 'string', minLength: 1, maxLength: 200 },
            password: { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH },
          },
          required: ['person', 'password'],
          additionalProperties: false,
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request, reply) => {
      const person = findPerson(organisation.people, request.body.person)?.handle;
      const account = person ?? request.body.person.trim().toLowerCase();
      const keys = [`pair:${request.ip}|${account}`, `account:${account}`, `address:${request.ip}`];
      if (!limiter.attempt(keys, Date.now())) throw new AppError('error.sign_in_throttled', 429, { minutes: WINDOW_MS / 60_000 });
      const signedIn = await sessions.signIn(person, request.body.password);
      if (!signedIn || !person) throw new AppError('error.invalid_credentials', 401);
      limiter.succeeded(keys);
      reply.header('set-cookie', sessionCookie(signedIn.secret, SESSION_HOURS * 3600));
      reply.header('cache-control', 'no-store');
      return sessionJson(organisation, person, signedIn.session);
    },
  );
}

/** Who is signed in (`GET`) and signing out (`DELETE`); registered inside the authenticated scope. */
export function sessionRoutes(app: FastifyInstance, organisation: Organisation, sessions: WebSessions): void {
  app.get('/api/v1/session', { schema: { summary: 'The signed-in person, and the CSRF token the browser sends back', tags: ['session'], response: { '4xx': errorSchema } } }, async (request: FastifyRequest, reply) => {
    reply.header('cache-control', 'no-store');
    return sessionJson(organisation, request.person!, request.webSession);
  });

  app.delete('/api/v1/session', { schema: { summary: 'Sign out of the web UI', tags: ['session'], response: { '4xx': errorSchema } } }, async (request, reply) => {
    const secret = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (secret) await sessions.signOut(secret);
    reply.header('set-cookie', clearedSessionCookie());
    return { signedOut: true };
  });
}
