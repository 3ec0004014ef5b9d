import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Engine } from '../../app/engine.js';
import { AppError } from '../../app/errors.js';
import { loadIncident } from '../../app/incidents.js';
import type { PagingService } from '../../app/paging/paging-service.js';
import { refusalParams } from '../../app/render/context.js';
import { READINESS_DAYS } from '../../domain/oncall/readiness.js';
import { onCallAt, timeline } from '../../domain/oncall/schedule.js';
import { isRefusal, refuse, type Refusal } from '../../domain/refusal.js';
import type { Store } from '../../ports.js';
import { errorSchema } from '../errors.js';
import { idParams } from '../id-params.js';
import { requestLocale } from '../locale.js';
import { refusalError } from '../../app/refusal-status.js';

const pageIdParams = {
  type: 'object',
  properties: { pageId: { type: 'string', pattern: '^[0-9]{1,9}-[0-9]{1,6}$' } },
  required: ['pageId'],
} as const;

/** Pages of incidents, acknowledging, the decision trail, on-call schedules and readiness. */
export function pagingRoutes(app: FastifyInstance, paging: PagingService, store: Store, engine: Engine): void {
  const { organisation } = engine;
  /** A refusal as the API's error (its status by `refusalStatus`), labelled (and its lists joined) in the language of whoever asked. */
  const refused = (request: FastifyRequest, refusal: Refusal) => refusalError(refusal, refusalParams(paging.renderContext(requestLocale(request, organisation)), refusal.params));
  /** A private incident's pages are "not found" for anyone who may not see the incident. */
  async function existing(id: number, viewer: string) {
    const row = await store.getIncident(id);
    if (!row || !engine.canSee(viewer, (await loadIncident(store, id)).state)) throw new AppError('error.unknown_incident', 404, { id });
    return row;
  }

  app.get<{ Params: { id: number } }>(
    '/api/v1/incidents/:id/pages',
    { schema: { summary: 'Every page of the incident: one row per person, channel and level, with status and times', tags: ['paging'], params: idParams, response: { '4xx': errorSchema } } },
    async (request) => {
      await existing(request.params.id, request.person!);
      return { pages: await paging.pages(request.params.id) };
    },
  );

  app.get<{ Params: { id: number }; Querystring: { person: string } }>(
    '/api/v1/incidents/:id/pages/why',
    {
      schema: {
        summary: 'Why a person was (or was not) paged: policy, level, rule and contact method of every page',
        tags: ['paging'],
        params: idParams,
        querystring: { type: 'object', properties: { person: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['person'], additionalProperties: false },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      await existing(request.params.id, request.person!);
      const person = request.query.person.replace(/^@/, '');
      if (!organisation.people.has(person)) throw new AppError('error.unknown_person', 404, { person });
      return paging.why(request.params.id, person);
    },
  );

  app.post<{ Params: { pageId: string } }>(
    '/api/v1/pages/:pageId/ack',
    { schema: { summary: 'Acknowledge a page as the token’s person: escalation stops', tags: ['paging'], params: pageIdParams, response: { '4xx': errorSchema } } },
    async (request) => {
      // A private incident's page is, to a non-member, exactly a page that does not exist.
      const incidentId = Number(/^(\d+)-/.exec(request.params.pageId)?.[1]);
      const incident = Number.isInteger(incidentId) ? (await loadIncident(store, incidentId)).state : undefined;
      if (incident?.exists && !engine.canSee(request.person!, incident)) throw refused(request, refuse('page.not_found', { page: request.params.pageId }));
      const result = await paging.acknowledge(request.params.pageId, request.person!, 'api');
      if (isRefusal(result)) throw refused(request, result);
      return { pageId: result.pageId, status: result.status, acknowledgedBy: result.acknowledgedBy, acknowledgedAt: result.closedAt };
    },
  );

  app.get(
    '/api/v1/oncall/readiness',
    { schema: { summary: `What would make a page fail in the next ${READINESS_DAYS} days`, tags: ['oncall'], response: { '4xx': errorSchema } } },
    async () => {
      const problems = paging.readiness();
      return { ready: problems.length === 0, days: READINESS_DAYS, problems };
    },
  );

  app.get<{ Querystring: { at?: string } }>(
    '/api/v1/oncall/schedules',
    {
      schema: {
        summary: 'Schedules and who is on call on each (now, or at `at`)',
        tags: ['oncall'],
        querystring: { type: 'object', properties: { at: { type: 'string', format: 'date-time' } }, additionalProperties: false },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const at = request.query.at ? new Date(request.query.at) : new Date();
      return {
        at: at.toISOString(),
        schedules: [...organisation.schedules.values()].map((schedule) => ({
          name: schedule.name,
          timezone: schedule.timezone,
          onCall: onCallAt(schedule, at) ?? null,
          shadows: schedule.shadows,
          layers: schedule.layers,
          overrides: schedule.overrides,
        })),
      };
    },
  );

  app.get<{ Params: { name: string }; Querystring: { from?: string; days?: number } }>(
    '/api/v1/oncall/schedules/:name',
    {
      schema: {
        summary: 'Who is on call on one schedule, shift by shift (gaps included)',
        tags: ['oncall'],
        params: { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['name'] },
        querystring: {
          type: 'object',
          properties: { from: { type: 'string', format: 'date-time' }, days: { type: 'integer', minimum: 1, maximum: 90, default: 14 } },
          additionalProperties: false,
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const schedule = organisation.schedules.get(request.params.name);
      if (!schedule) throw new AppError('error.unknown_schedule', 404, { name: request.params.name, schedules: [...organisation.schedules.keys()] });
      const from = request.query.from ? new Date(request.query.from) : new Date();
      const to = new Date(from.getTime() + (request.query.days ?? 14) * 86_400_000);
      return { name: schedule.name, timezone: schedule.timezone, from: from.toISOString(), to: to.toISOString(), segments: timeline(schedule, from, to) };
    },
  );

  const scheduleParams = {
    type: 'object',
    properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, id: { type: 'string', minLength: 1, maxLength: 100 } },
    required: ['name'],
  } as const;

  function overridesOf() {
    if (!paging.overrides) throw new AppError('error.paging_off', 404);
    return paging.overrides;
  }

  app.get<{ Params: { name: string } }>(
    '/api/v1/oncall/schedules/:name/overrides',
    { schema: { summary: 'Overrides added through the API on a schedule', tags: ['oncall'], params: scheduleParams, response: { '4xx': errorSchema } } },
    async (request) => {
      if (!organisation.schedules.has(request.params.name)) throw new AppError('error.unknown_schedule', 404, { name: request.params.name, schedules: [...organisation.schedules.keys()] });
      const overrides = overridesOf();
      await overrides.refresh();
      return { overrides: overrides.list(request.params.name) };
    },
  );

  app.post<{ Params: { name: string }; Body: { start: string; end: string; person: string; replaces?: string } }>(
    '/api/v1/oncall/schedules/:name/overrides',
    {
      schema: {
        summary: 'Put someone on call for a while: for everyone on the schedule, or only replacing one person',
        tags: ['oncall'],
        params: scheduleParams,
        body: {
          type: 'object',
          properties: {
            // With an offset, or without one in the schedule's time zone: checked by the overrides, as the configuration's are.
            start: { type: 'string', minLength: 1, maxLength: 40 },
            end: { type: 'string', minLength: 1, maxLength: 40 },
            person: { type: 'string', minLength: 1, maxLength: 100 },
            replaces: { type: 'string', minLength: 1, maxLength: 100 },
          },
          required: ['start', 'end', 'person'],
          additionalProperties: false,
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request, reply) => {
      const result = await overridesOf().add(request.person!, request.params.name, request.body);
      if (isRefusal(result)) throw refused(request, result);
      return reply.status(201).send({ override: result });
    },
  );

  app.delete<{ Params: { name: string } }>(
    '/api/v1/oncall/schedules/:name/shift',
    { schema: { summary: 'End early the shift the caller covers on the schedule now (their running overrides), as !oncall end does', tags: ['oncall'], params: scheduleParams, response: { '4xx': errorSchema } } },
    async (request) => {
      const result = await overridesOf().endShift(request.person!, request.params.name);
      if (isRefusal(result)) throw refused(request, result);
      return { ended: result };
    },
  );

  app.delete<{ Params: { name: string; id: string } }>(
    '/api/v1/oncall/schedules/:name/overrides/:id',
    { schema: { summary: 'Remove an override added through the API', tags: ['oncall'], params: scheduleParams, response: { '4xx': errorSchema } } },
    async (request, reply) => {
      const result = await overridesOf().remove(request.person!, request.params.name, request.params.id);
      if (isRefusal(result)) throw refused(request, result);
      return reply.status(204).send();
    },
  );
}
