import type { FastifyInstance } from 'fastify';
import { AppError } from '../../app/errors.js';
import { loadIncident } from '../../app/incidents.js';
import { lastExecutiveUpdateAt } from '../../domain/comms/comms-state.js';
import type { IncidentState } from '../../domain/incident/state.js';
import { canSeeIncident } from '../../domain/incident/visibility.js';
import type { Organisation } from '../../domain/organisation.js';
import type { Store } from '../../ports.js';
import { errorSchema } from '../errors.js';
import { incidentSummaryJson } from '../incident-json.js';
import { idParams } from '../id-params.js';


const addMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** Whether the viewer is part of the incident: declared it, holds a role, owns a task, or was paged for it. */
function involves(viewer: string, state: IncidentState): boolean {
  const { roles } = state;
  return (
    state.declaredBy === viewer ||
    [roles.commander, roles.deputy, roles.scribe, roles.customer, roles.internal, ...roles.sme].includes(viewer) ||
    state.tasks.some((task) => task.owner === viewer) ||
    state.pages.some((page) => page.primary === viewer || page.backup === viewer || page.shadows.includes(viewer))
  );
}

/**
 * What the web UI's boards show beyond the incident rows: the peak severity, a false alarm, privacy and
 * "mine" for the list, and when the next executive summary and public update are due for the room.
 */
export function boardRoutes(app: FastifyInstance, store: Store, organisation: Organisation): void {
  const visible = (viewer: string, state: IncidentState) => canSeeIncident(viewer, state, organisation.rooms);

  app.get<{ Querystring: { status?: 'open' | 'resolved'; limit?: number } }>(
    '/api/v1/web/incidents',
    {
      schema: {
        summary: 'Incidents for the web list, newest first: peak severity, false alarm, private, and whether you are in it',
        tags: ['web'],
        querystring: {
          type: 'object',
          properties: { status: { type: 'string', enum: ['open', 'resolved'] }, limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
          additionalProperties: false,
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const viewer = request.person!;
      const rows = await store.listIncidents({ status: request.query.status, limit: request.query.limit ?? 50 });
      const incidents = [];
      for (const row of rows) {
        const { state } = await loadIncident(store, row.id);
        if (!state.exists || !visible(viewer, state)) continue;
        incidents.push({
          ...incidentSummaryJson(row),
          peakSeverity: `SEV-${Math.min(state.comms.peakSeverity, state.severity)}`,
          falseAlarm: state.comms.falseAlarm,
          private: state.private,
          mine: involves(viewer, state),
        });
      }
      return { incidents };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/v1/web/incidents/:id/cadence',
    { schema: { summary: 'When the next executive summary and public update are due', tags: ['web'], params: idParams, response: { '4xx': errorSchema } } },
    async (request) => {
      const { state } = await loadIncident(store, request.params.id);
      if (!state.exists || !visible(request.person!, state)) throw new AppError('error.unknown_incident', 404, { id: request.params.id });
      const { comms } = state;
      const { timers } = organisation;
      const open = state.status === 'open';
      const lastExecutive = lastExecutiveUpdateAt(comms);
      const lastPublic = comms.lastPublishedAt ?? comms.publicSince;
      const publicEvery = comms.lastPublishedAt ? timers.publicUpdateMinutes : timers.firstPublicUpdateMinutes;
      return {
        executive: {
          lastAt: comms.updates.at(-1)?.at ?? null,
          dueAt: open && comms.major && lastExecutive ? addMinutes(lastExecutive, timers.executiveSummaryMinutes) : null,
          everyMinutes: timers.executiveSummaryMinutes,
        },
        public: {
          lastAt: comms.lastPublishedAt ?? null,
          dueAt: open && lastPublic ? addMinutes(lastPublic, publicEvery) : null,
          everyMinutes: timers.publicUpdateMinutes,
        },
      };
    },
  );
}
