import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StatusReadModel } from '../../app/status-page/status-read-model.js';
import type { Organisation } from '../../domain/organisation.js';
import { statuspageViews, type PublicSnapshot } from '../../domain/statuspage/statuspage-api.js';
import type { Translate } from '../../i18n/i18n.js';
import { chosenLocale } from '../status-page/status-routes.js';

export interface StatuspageApiDeps {
  organisation: Organisation;
  translate: Translate;
  model: StatusReadModel;
}

const ROUTES: Record<string, keyof typeof statuspageViews> = {
  'summary.json': 'summary',
  'status.json': 'status',
  'components.json': 'components',
  'incidents.json': 'incidents',
  'incidents/unresolved.json': 'unresolved',
  'scheduled-maintenances.json': 'maintenances',
  'scheduled-maintenances/upcoming.json': 'upcoming',
  'scheduled-maintenances/active.json': 'active',
};

function slug(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'status';
}

/**
 * Public, read-only endpoints in the shapes of Atlassian Statuspage's API v2,
 * for status aggregators and widgets. No token: they show only what the IC
 * published (never a private incident), like `/status`. Browsers on other
 * origins may read them, as they may Statuspage's.
 */
export function statuspageApiRoutes(app: FastifyInstance, deps: StatuspageApiDeps): void {
  const { organisation, translate, model } = deps;
  const started = new Date().toISOString();

  async function snapshot(request: FastifyRequest): Promise<PublicSnapshot> {
    await model.settled();
    const { locale } = chosenLocale(request, organisation);
    const maintenances = model.maintenances();
    const updatedAt = model.updatedAt ?? model.since ?? started;
    return {
      page: {
        id: slug(organisation.name),
        name: organisation.comms.statusPage.title,
        url: organisation.comms.statusPage.publicUrl,
        timeZone: 'Etc/UTC',
        updatedAt,
        since: model.since ?? started,
      },
      components: [...organisation.services.values()].map((service) => ({ name: service.name, description: service.description })),
      incidents: model.incidents(),
      maintenances,
      now: new Date(),
      describe: (status) => translate(locale, `statuspage.page_status.${status}`),
      incidentName: (incident) => incident.title ?? translate(locale, 'statuspage.incident_heading', { id: incident.id }),
    };
  }

  for (const [path, view] of Object.entries(ROUTES)) {
    app.get(`/api/v2/${path}`, { schema: { hide: true } }, async (request, reply) => {
      const body = statuspageViews[view](await snapshot(request));
      return reply
        .headers({ 'access-control-allow-origin': '*', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' })
        .type('application/json; charset=utf-8')
        .send(body);
    });
  }
}
