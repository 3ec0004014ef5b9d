import type { FastifyInstance } from 'fastify';
import { loadAlertGroup, recentChanges } from '../../app/alerts/alert-streams.js';
import type { Engine } from '../../app/engine.js';
import { AppError } from '../../app/errors.js';
import { loadIncident } from '../../app/incidents.js';
import { groupCounts } from '../../domain/alert/flood.js';
import type { Store } from '../../ports.js';
import { errorSchema } from '../errors.js';

const RECENT_CHANGES = 10;

export function alertRoutes(app: FastifyInstance, engine: Engine, store: Store): void {
  app.get<{ Params: { id: number } }>(
    '/api/v1/incidents/:id/alerts',
    {
      schema: {
        summary: 'The incident’s alert group (every alert by service and dedup key, with counts) and the room’s recent changes',
        tags: ['incidents'],
        params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const row = await store.getIncident(request.params.id);
      // A private incident is "not found" for everyone outside its room, here as everywhere.
      if (!row || !engine.canSee(request.person!, (await loadIncident(store, row.id)).state)) {
        throw new AppError('error.unknown_incident', 404, { id: request.params.id });
      }
      const { state } = await loadAlertGroup(store, row.id);
      const counts = groupCounts(state, state.lastAt);
      return {
        incidentId: row.id,
        counts: { total: counts.total, open: counts.open, acknowledged: counts.acknowledged, resolved: counts.resolved, triggers: state.triggers },
        allResolved: state.alerts.size > 0 && counts.open + counts.acknowledged === 0,
        alerts: [...state.alerts.values()],
        changes: (await recentChanges(store, row.room, RECENT_CHANGES)).map(({ type: _type, ...change }) => change),
      };
    },
  );
}
