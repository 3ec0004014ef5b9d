import type { FastifyInstance } from 'fastify';
import { loadAlertGroup, recentChanges } from '../../app/alerts/alert-streams.js';
import type { Engine } from '../../app/engine.js';
import { AppError } from '../../app/errors.js';
import { loadIncident } from '../../app/incidents.js';
import { groupCounts } from '../../domain/alert/flood.js';
import type { Store } from '../../ports.js';
import { errorSchema } from '../errors.js';
import { idParams } from '../id-params.js';

const RECENT_CHANGES = 10;

export function alertRoutes(app: FastifyInstance, engine: Engine, store: Store): void {
  app.get<{ Params: { id: number } }>(
    '/api/v1/incidents/:id/alerts',
    {
      schema: {
        summary: 'The incident’s alert group (every alert by service and dedup key, with counts) and the room’s recent changes',
        tags: ['incidents'],
        params: idParams,
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const loaded = await loadIncident(store, request.params.id);
      // A private incident is "not found" for everyone outside its room, here as everywhere.
      if (!engine.canSee(request.person!, loaded.state)) throw new AppError('error.unknown_incident', 404, { id: request.params.id });
      const own = await groupJson(store, loaded.state.id);
      return {
        incidentId: loaded.state.id,
        ...own,
        // Incidents merged into this one keep their own groups: their alerts arrive here now.
        merged: await Promise.all(loaded.state.absorbed.map(async (other) => ({ incidentId: other.id, ...(await groupJson(store, other.id)) }))),
        changes: (await recentChanges(store, loaded.state.lobby, RECENT_CHANGES)).map(({ type: _type, ...change }) => change),
      };
    },
  );
}

async function groupJson(store: Store, incidentId: number) {
  const { state } = await loadAlertGroup(store, incidentId);
  const counts = groupCounts(state, state.lastAt);
  return {
    counts: { total: counts.total, open: counts.open, acknowledged: counts.acknowledged, resolved: counts.resolved, triggers: state.triggers },
    allResolved: state.alerts.size > 0 && counts.open + counts.acknowledged === 0,
    alerts: [...state.alerts.values()],
  };
}
