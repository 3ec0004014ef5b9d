import type { FastifyInstance, FastifyRequest } from 'fastify';
import { personForToken } from '../app/api-tokens.js';
import { AppError } from '../app/errors.js';
import type { Organisation } from '../domain/organisation.js';
import type { Clock, TokenStore } from '../ports.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The handle of the authenticated person. */
    person?: string;
  }
}

export interface TokenCheck {
  readonly tokens: TokenStore;
  readonly clock: Clock;
  readonly organisation: Organisation;
}

/**
 * The person of an `Authorization: Bearer TOKEN` header: a live token of a
 * person still in the configuration. Anything else is a 401, never a 500.
 */
export async function bearerPerson(header: string, check: TokenCheck): Promise<string> {
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const person = match ? await personForToken(check.tokens, check.clock, match[1], (handle) => check.organisation.people.has(handle)) : undefined;
  if (!person) throw new AppError('error.unauthorized', 401);
  return person;
}

/** Requires `Authorization: Bearer TOKEN` on every route registered inside `scope`. */
export function requireToken(scope: FastifyInstance, check: TokenCheck): void {
  scope.decorateRequest('person', undefined);
  scope.addHook('onRequest', async (request: FastifyRequest) => {
    request.person = await bearerPerson(request.headers.authorization ?? '', check);
  });
}
