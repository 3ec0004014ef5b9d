import type { FastifyInstance } from 'fastify';
import type { IncidentCommands } from '../app/comms/incident-commands.js';
import type { RenderContext } from '../app/render/context.js';
import type { Reviews } from '../app/review/reviews.js';
import type { Organisation } from '../domain/organisation.js';
import type { Store } from '../ports.js';
import { commsRoutes } from './routes/comms.js';
import { reviewRoutes } from './routes/reviews.js';
import { statusPageRoutes, type StatusPageDeps } from './status-page/status-routes.js';

export interface CommsHttp {
  statusPage: StatusPageDeps;
  commands: IncidentCommands;
  reviews: Reviews;
  renderContext: (locale: string) => RenderContext;
}

/** The public status page, outside the token scope. */
export async function registerStatusPage(app: FastifyInstance, comms: CommsHttp): Promise<void> {
  await app.register(async (scope) => statusPageRoutes(scope, comms.statusPage));
}

/** Communication and review routes, inside the token scope. */
export function registerCommsApi(api: FastifyInstance, comms: CommsHttp, store: Store, organisation: Organisation): void {
  commsRoutes(api, { store, organisation, commands: comms.commands });
  reviewRoutes(api, { store, organisation, reviews: comms.reviews, renderContext: comms.renderContext });
}
