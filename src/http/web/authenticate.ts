import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../app/errors.js';
import type { WebSessions } from '../../app/web-sessions.js';
import type { WebSession } from '../../ports.js';
import { bearerPerson, type TokenCheck } from '../auth.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request was authenticated by a browser session rather than a token. */
    webSession?: WebSession;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A request that says it comes from another site (Origin) is not a request of our pages. */
function crossSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

/**
 * Requires a person on every route of `scope`: `Authorization: Bearer TOKEN` (scripts, chat adapters),
 * or the browser's session cookie. Cookie requests that change state must also carry the session's
 * CSRF token in `X-CSRF-Token` and come from our own origin.
 */
export function requirePerson(scope: FastifyInstance, check: TokenCheck, sessions: WebSessions): void {
  scope.decorateRequest('person', undefined);
  scope.decorateRequest('webSession', undefined);
  scope.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      request.person = await bearerPerson(header, check);
      return;
    }
    const session = await sessions.resolve(readCookie(request.headers.cookie, SESSION_COOKIE));
    if (!session) throw new AppError('error.unauthorized', 401);
    // Someone removed from the configuration is signed out everywhere, on their next request.
    if (!check.organisation.people.has(session.person)) {
      await sessions.signOutEverywhere(session.person);
      throw new AppError('error.unauthorized', 401);
    }
    if (!SAFE_METHODS.has(request.method)) {
      const token = request.headers[CSRF_HEADER];
      if (typeof token !== 'string' || !sameText(token, session.csrfToken) || crossSite(request)) throw new AppError('error.csrf', 403);
    }
    request.person = session.person;
    request.webSession = session;
  });
}
