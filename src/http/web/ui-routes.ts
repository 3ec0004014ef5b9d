import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../app/errors.js';
import type { WebSessions } from '../../app/web-sessions.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';

/** Where `npm install` (the `prepare` script) builds the browser UI. */
export const UI_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Pages the browser app draws; each is the same shell. Only the sign-in page is served without a session. */
const PAGES = ['/', '/declare', '/oncall', '/incidents/:id', '/incidents/:id/review', '/rooms/:room'];

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** Serves the built UI: the page shell for every page route (after sign-in) and its hashed assets. */
export async function uiRoutes(app: FastifyInstance, sessions: WebSessions): Promise<void> {
  const indexFile = `${UI_DIST}index.html`;
  const shell = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : undefined;

  if (existsSync(`${UI_DIST}assets`)) {
    await app.register(fastifyStatic, {
      root: `${UI_DIST}assets`,
      prefix: '/assets/',
      decorateReply: false,
      immutable: true,
      maxAge: '365d',
      index: false,
    });
  }

  const sendShell = (reply: FastifyReply) => {
    if (!shell) throw new AppError('error.ui_not_built', 503);
    return reply.headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(shell);
  };

  app.get('/signin', { schema: { hide: true } }, async (_request, reply) => sendShell(reply));
  for (const path of PAGES) {
    app.get(path, { schema: { hide: true } }, async (request: FastifyRequest, reply) => {
      const session = await sessions.resolve(readCookie(request.headers.cookie, SESSION_COOKIE));
      if (!session) return reply.header('cache-control', 'no-store').redirect(`/signin?next=${encodeURIComponent(request.url)}`, 302);
      return sendShell(reply);
    });
  }
}
