import type { FastifyInstance } from 'fastify';
import { WebSessions } from '../../app/web-sessions.js';
import type { Organisation } from '../../domain/organisation.js';
import type { Clock, LiveFeed, Store } from '../../ports.js';
import { requirePerson } from './authenticate.js';
import { boardRoutes } from './board-routes.js';
import { liveRoute } from './live-route.js';
import { organisationRoutes } from './organisation-routes.js';
import { sessionRoutes, signInRoute } from './session-routes.js';
import { uiRoutes } from './ui-routes.js';

export interface WebUiDeps {
  store: Store;
  feed: LiveFeed;
  organisation: Organisation;
  clock: Clock;
}

export interface WebUi {
  /** Replaces the token-only check: a bearer token or a browser session (with CSRF protection). */
  authenticate(scope: FastifyInstance): void;
  /** The API routes only the web UI needs; registered inside the authenticated scope. */
  routes(scope: FastifyInstance): void;
}

/** The browser UI: sign-in, pages and assets at the top level; session, live feed and on-call APIs behind a person. */
export async function installWebUi(app: FastifyInstance, deps: WebUiDeps): Promise<WebUi> {
  const sessions = new WebSessions(deps.store, deps.clock);
  signInRoute(app, deps.organisation, sessions);
  await uiRoutes(app, sessions);
  return {
    authenticate: (scope) => requirePerson(scope, deps.store, sessions),
    routes: (scope) => {
      sessionRoutes(scope, deps.organisation, sessions);
      organisationRoutes(scope, deps.organisation, deps.clock);
      boardRoutes(scope, deps.store, deps.organisation);
      liveRoute(scope, deps.store, deps.feed, deps.organisation.rooms, { pollMs: Number(process.env.DONT_PANIC_LIVE_POLL_MS ?? 2000) });
    },
  };
}
