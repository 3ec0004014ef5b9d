import type { FastifyInstance, FastifyRequest } from 'fastify';
import { personForToken } from '../app/api-tokens.js';
import { AppError } from '../app/errors.js';
import type { TokenStore } from '../ports.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The handle of the authenticated person. */
    person?: string;
  }
}

/** Requires `Authorization: Bearer TOKEN` on every route registered inside `scope`. */
export function requireToken(scope: FastifyInstance, tokens: TokenStore): void {
  scope.decorateRequest('person', undefined);
  scope.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const person = match ? await personForToken(tokens, match[1]) : undefined;
    if (!person) throw new AppError('error.unauthorized', 401);
    request.person = person;
  });
}
