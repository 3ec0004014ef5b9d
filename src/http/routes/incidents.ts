import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../app/engine.js';
import { AppError } from '../../app/errors.js';
import { loadIncident } from '../../app/incidents.js';
import { incidentStream } from '../../app/streams.js';
import type { Store } from '../../ports.js';
import { errorSchema } from '../errors.js';
import { incidentJson, incidentSummaryJson, timelineEventJson } from '../incident-json.js';
import { idParams } from '../id-params.js';

export function incidentRoutes(app: FastifyInstance, engine: Engine, store: Store): void {
  /** The incident, if the viewer may see it: a private one is "not found" for everyone else. */
  async function visible(id: number, viewer: string) {
    const row = await store.getIncident(id);
    const loaded = row && (await loadIncident(store, id));
    if (!loaded || !engine.canSee(viewer, loaded.state)) throw new AppError('error.unknown_incident', 404, { id });
    return loaded;
  }

  app.get<{ Querystring: { status?: 'open' | 'resolved'; limit?: number } }>(
    '/api/v1/incidents',
    {
      schema: {
        summary: 'Incidents, newest first',
        tags: ['incidents'],
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['open', 'resolved'] },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
          additionalProperties: false,
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const rows = await store.listIncidents({ status: request.query.status, limit: request.query.limit });
      const shown = [];
      for (const row of rows) {
        if (!row.private || engine.canSee(request.person!, (await loadIncident(store, row.id)).state)) shown.push(incidentSummaryJson(row));
      }
      return { incidents: shown };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/v1/incidents/:id',
    { schema: { summary: 'One incident: title, severity, status, roles, notes, tasks, follow-ups', tags: ['incidents'], params: idParams, response: { '4xx': errorSchema } } },
    async (request) => {
      const { state, version } = await visible(request.params.id, request.person!);
      return incidentJson(state, version);
    },
  );

  app.get<{ Params: { id: number }; Querystring: { after?: number; before?: number; limit?: number } }>(
    '/api/v1/incidents/:id/timeline',
    {
      schema: {
        summary: 'The incident’s events, oldest first; page with `after` (forward) or `before` (backward) versions',
        tags: ['incidents'],
        params: idParams,
        querystring: {
          type: 'object',
          properties: {
            after: { type: 'integer', minimum: 0 },
            before: { type: 'integer', minimum: 1 },
            limit: { type: 'integer', minimum: 1, maximum: 5000, default: 1000 },
          },
          additionalProperties: false,
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      await visible(request.params.id, request.person!);
      const { after, before, limit = 1000 } = request.query;
      if (after !== undefined && before !== undefined) throw new AppError('error.after_and_before', 400);
      const stream = incidentStream(request.params.id);
      const events =
        before !== undefined
          ? (await store.readStreamBackwards(stream, before, limit)).reverse()
          : (await store.readStream(stream, after ?? 0)).slice(0, limit);
      const hasMore = before !== undefined ? (events[0]?.version ?? 1) > 1 : events.length === limit;
      return { events: events.map(timelineEventJson), hasMore };
    },
  );
}
