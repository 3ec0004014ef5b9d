import type { FastifyInstance } from 'fastify';
import type { Maintenances } from '../../app/maintenance/maintenances.js';
import { phaseAt, type MaintenanceWindow } from '../../domain/maintenance/window.js';
import { isRefusal, type Refusal } from '../../domain/refusal.js';
import { errorSchema } from '../errors.js';
import { idParams } from '../id-params.js';
import { refusalError } from '../../app/refusal-status.js';

const instant = { type: 'string', format: 'date-time' } as const;

function json(window: MaintenanceWindow, now: Date) {
  return {
    id: window.id,
    services: window.components,
    from: window.from,
    to: window.to,
    text: window.text,
    by: window.by,
    scheduledAt: window.scheduledAt,
    status: phaseAt(window, now),
    ...(window.endedAt ? { endedAt: window.endedAt } : {}),
    ...(window.key ? { name: window.key } : {}),
  };
}

function orThrow(outcome: MaintenanceWindow | Refusal): MaintenanceWindow {
  if (isRefusal(outcome)) throw refusalError(outcome);
  return outcome;
}

/** Maintenance windows over HTTP, for the teams owning the services; each is recorded with who announced or ended it. */
export function maintenanceRoutes(app: FastifyInstance, maintenances: Maintenances): void {
  app.get('/api/v1/maintenances', { schema: { summary: 'Maintenance windows, newest first', tags: ['maintenance'], response: { '4xx': errorSchema } } }, async () => {
    const now = new Date();
    return { maintenances: (await maintenances.list()).map((window) => json(window, now)) };
  });

  app.post<{ Body: { services: string[]; from: string; to: string; text: string } }>(
    '/api/v1/maintenances',
    {
      schema: {
        summary: 'Announce a maintenance window: alerts of its services are recorded but page nobody while it runs',
        tags: ['maintenance'],
        body: {
          type: 'object',
          properties: { services: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, maxItems: 50 }, from: instant, to: instant, text: { type: 'string', minLength: 1, maxLength: 500 } },
          required: ['services', 'from', 'to', 'text'],
          additionalProperties: false,
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request, reply) => {
      const { services, from, to, text } = request.body;
      const window = orThrow(await maintenances.schedule({ components: services, from, to, text, actor: request.person! }));
      return reply.status(201).send(json(window, new Date()));
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/v1/maintenances/:id/end',
    {
      schema: {
        summary: 'End a maintenance window now (or cancel it before it starts): paging resumes',
        tags: ['maintenance'],
        params: idParams,
        response: { '4xx': errorSchema },
      },
    },
    async (request) => json(orThrow(await maintenances.end(request.params.id, request.person!)), new Date()),
  );
}
