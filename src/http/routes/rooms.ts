import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../app/engine.js';
import { roomStream } from '../../app/streams.js';
import { MAX_TEXT_LENGTH } from '../../domain/language/parse.js';
import type { Store } from '../../ports.js';
import { errorSchema } from '../errors.js';
import { incidentSummaryJson, roomMessageJson } from '../incident-json.js';

const roomParams = {
  type: 'object',
  properties: { room: { type: 'string', minLength: 1, maxLength: 100 } },
  required: ['room'],
} as const;

export function roomRoutes(app: FastifyInstance, engine: Engine, store: Store): void {
  app.get(
    '/api/v1/rooms',
    {
      schema: {
        summary: 'The rooms the caller may see: lobbies, open incidents’ rooms and their sub-teams',
        tags: ['rooms'],
        response: { '4xx': errorSchema },
      },
    },
    async (request) => ({ rooms: await engine.listRooms(request.person!) }),
  );

  app.post<{ Params: { room: string }; Body: { text: string } }>(
    '/api/v1/rooms/:room/messages',
    {
      schema: {
        summary: 'Post a chat line (a command or conversation) as the token’s person',
        tags: ['rooms'],
        params: roomParams,
        body: {
          type: 'object',
          properties: { text: { type: 'string', minLength: 1, maxLength: MAX_TEXT_LENGTH } },
          required: ['text'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              replies: {
                type: 'array',
                items: { type: 'object', properties: { text: { type: 'string' }, error: { type: 'boolean' }, onlyForSender: { type: 'boolean' } }, required: ['text'] },
              },
              incident: { type: ['object', 'null'], additionalProperties: true },
              opened: { type: 'boolean' },
            },
          },
          '4xx': errorSchema,
        },
      },
    },
    async (request) => {
      const outcome = await engine.postMessage(request.params.room, request.person!, request.body.text);
      return { replies: outcome.replies, incident: outcome.incident ? incidentSummaryJson(outcome.incident) : null, ...(outcome.opened ? { opened: true } : {}) };
    },
  );

  app.get<{ Params: { room: string }; Querystring: { after?: number; limit?: number } }>(
    '/api/v1/rooms/:room/messages',
    {
      schema: {
        summary: 'The room’s history, bot posts included, oldest first',
        tags: ['rooms'],
        params: roomParams,
        querystring: {
          type: 'object',
          properties: {
            after: { type: 'integer', minimum: 0, description: 'Only messages with a greater position' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
          },
          additionalProperties: false,
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const room = await engine.enterRoom(request.params.room, request.person!);
      const events = await store.readStream(roomStream(room.name));
      const after = request.query.after ?? 0;
      const newer = events.filter((event) => event.position > after);
      const limit = request.query.limit ?? 200;
      // Without `after`, the most recent page; with it, the next page forward.
      const page = request.query.after === undefined ? newer.slice(-limit) : newer.slice(0, limit);
      return {
        room: room.name,
        kind: room.kind === 'lobby' ? 'lobby' : room.subteam ? 'subteam' : 'incident',
        locale: room.locale,
        ...(room.kind === 'incident' ? { incident: room.incidentId } : {}),
        messages: page.map(roomMessageJson),
      };
    },
  );
}
