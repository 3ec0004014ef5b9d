import type { FastifyInstance } from 'fastify';
import type { IncidentCommands } from '../../app/comms/incident-commands.js';
import { inboxStream } from '../../app/comms/inbox.js';
import { groupsOf, recipientsOf } from '../../app/comms/subscribers.js';
import { AppError } from '../../app/errors.js';
import { loadIncident } from '../../app/incidents.js';
import { canSeeIncident } from '../../domain/incident/visibility.js';
import type { Organisation } from '../../domain/organisation.js';
import type { Store } from '../../ports.js';
import { errorSchema } from '../errors.js';
import { requestLocale } from '../locale.js';
import { idParams } from '../id-params.js';


/** Stakeholder communication for signed-in people: their in-app notifications and their own subscriptions. */
export function commsRoutes(app: FastifyInstance, deps: { store: Store; organisation: Organisation; commands: IncidentCommands }): void {
  const { store, organisation, commands } = deps;

  /** A private incident is "not found" for anyone who may not see it, as everywhere else. */
  async function visible(id: number, viewer: string) {
    const { state } = await loadIncident(store, id);
    if (!state.exists || !canSeeIncident(viewer, state, organisation.rooms)) throw new AppError('error.unknown_incident', 404, { id });
    return state;
  }

  app.get<{ Querystring: { limit?: number } }>(
    '/api/v1/me/inbox',
    {
      schema: {
        summary: 'Your in-app notifications (executive summaries of incidents you follow, reminders), newest first',
        tags: ['communications'],
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } }, additionalProperties: false },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const events = await store.readStreamBackwards(inboxStream(request.person!), undefined, request.query.limit ?? 100);
      return { items: events.map((event) => ({ position: event.position, at: event.at, ...event.data })) };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/v1/incidents/:id/communications',
    {
      schema: {
        summary: 'Who follows the incident, its executive summaries and its public drafts (published or not)',
        tags: ['communications'],
        params: idParams,
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const state = await visible(request.params.id, request.person!);
      const { comms } = state;
      return {
        subscribers: {
          groups: groupsOf(state, organisation).map((group) => ({ key: group.key, name: group.name, automatic: !comms.groups.includes(group.key) })),
          people: comms.people,
          optedOut: comms.optedOut,
          recipients: recipientsOf(state, organisation).length,
          subscribed: recipientsOf(state, organisation).some((recipient) => recipient.handle === request.person),
        },
        updates: comms.updates,
        drafts: comms.drafts.map((draft) => ({ ...draft, publishedAt: draft.publishedAt ?? null })),
        publicSince: comms.publicSince ?? null,
        lastPublishedAt: comms.lastPublishedAt ?? null,
      };
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/v1/incidents/:id/subscription',
    { schema: { summary: 'Subscribe yourself to the incident’s executive summaries (email and in-app)', tags: ['communications'], params: idParams, response: { '4xx': errorSchema } } },
    async (request) => {
      const person = request.person!;
      await visible(request.params.id, person);
      await commands.run(request.params.id, (at) => ({ type: 'subscribe', at, actor: person, person }), requestLocale(request, organisation));
      return { subscribed: true };
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/v1/incidents/:id/subscription',
    { schema: { summary: 'Stop receiving the incident’s executive summaries, even through a group', tags: ['communications'], params: idParams, response: { '4xx': errorSchema } } },
    async (request) => {
      const person = request.person!;
      await visible(request.params.id, person);
      await commands.run(request.params.id, (at) => ({ type: 'unsubscribe', at, actor: person, person }), requestLocale(request, organisation));
      return { subscribed: false };
    },
  );
}
