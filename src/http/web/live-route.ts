import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Visibility } from '../../app/visibility.js';
import { incidentIdOfStream } from '../../app/streams.js';
import type { Room } from '../../domain/organisation.js';
import type { LiveFeed, RecordedEvent, Store } from '../../ports.js';
import { errorSchema } from '../errors.js';
import { roomMessageJson, timelineEventJson } from '../incident-json.js';

const PAGE = 500;
const PING_MS = 15_000;
/** How soon a reader looks again for a commit it was told of but could not read yet, and for how long it keeps looking. */
const UNSEEN_RETRY_MS = 250;
const UNSEEN_GIVE_UP_MS = 30_000;
/** How many positions read a reader remembers, so an announcement that comes after its event was read is not waited for. */
const REMEMBERED_READS = 2048;

export interface LiveOptions {
  /** How often to look for commits the in-process feed cannot announce (other instances sharing the store). */
  pollMs: number;
}

function liveJson(event: RecordedEvent) {
  if (event.stream.startsWith('room-')) return { kind: 'room', room: event.stream.slice('room-'.length), message: roomMessageJson(event) };
  return { kind: 'incident', incidentId: incidentIdOfStream(event.stream), event: timelineEventJson(event) };
}

/**
 * `GET /api/v1/live`: Server-Sent Events of every room line and incident event the person may see, in store order.
 * Resumes after `Last-Event-ID` (or `?after=`), a cursor into the store's log (the position of the last event sent),
 * so a browser that slept or lost the network gets every line it missed, once. Events are always read back from the store, never forwarded from the
 * feed: the feed only says "something was committed", so the stream has no gaps and no reordering.
 */
export function liveRoute(app: FastifyInstance, store: Store, feed: LiveFeed, rooms: ReadonlyMap<string, Room>, options: LiveOptions): void {
  const open = new Set<ServerResponse>();
  // Streams never end by themselves: end them so the server can close.
  app.addHook('preClose', async () => {
    for (const response of open) response.end();
  });
  app.get<{ Querystring: { after?: number } }>(
    '/api/v1/live',
    {
      schema: {
        summary: 'Live room lines and incident events (text/event-stream), resumable with Last-Event-ID',
        tags: ['live'],
        querystring: { type: 'object', properties: { after: { type: 'integer', minimum: 0 } }, additionalProperties: false },
        response: { '4xx': errorSchema },
      },
    },
    async (request, reply) => {
      const header = Number(request.headers['last-event-id']);
      const resume = Number.isSafeInteger(header) && header >= 0 ? header : request.query.after;
      let last = resume ?? (await store.lastPosition());
      const visibility = new Visibility(store, request.person!, rooms);
      const raw = reply.raw;
      let closed = false;
      let reading: Promise<void> | undefined;
      let again = false;
      // Commits announced (by the feed or another instance) and not read back yet, with when they were announced:
      // on PostgreSQL a commit is readable only once the transactions older than it have ended. Where positions
      // follow commit order (SQLite), every announced commit is readable at once and nothing is tracked.
      const mayHoldBack = !store.positionsInCommitOrder;
      const unseen = new Map<number, number>();
      const read = new Set<number>();
      let retry: NodeJS.Timeout | undefined;

      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ position: last })}\n\n`);

      const catchUp = async () => {
        do {
          again = false;
          for (;;) {
            const page = await store.readAll(last, PAGE);
            for (const event of page) {
              if (closed) return;
              if (await visibility.canSee(event)) raw.write(`id: ${event.position}\ndata: ${JSON.stringify(liveJson(event))}\n\n`);
              last = event.position;
              if (mayHoldBack) {
                unseen.delete(event.position);
                read.add(event.position);
                if (read.size > REMEMBERED_READS) read.delete(read.values().next().value!);
              }
            }
            // Read until nothing is left: on PostgreSQL a short page may have events held back behind it.
            if (page.length === 0) break;
          }
        } while (again && !closed);
        lookAgainForUnseen();
      };
      const lookAgainForUnseen = () => {
        const now = Date.now();
        for (const [position, announced] of unseen) if (now - announced > UNSEEN_GIVE_UP_MS) unseen.delete(position);
        if (unseen.size > 0 && !closed && !retry) {
          retry = setTimeout(() => {
            retry = undefined;
            wake();
          }, UNSEEN_RETRY_MS);
        }
      };
      const wake = (announced?: number) => {
        if (closed) return;
        if (mayHoldBack && announced !== undefined && !read.has(announced)) unseen.set(announced, Date.now());
        if (reading) {
          again = true;
          return;
        }
        reading = catchUp()
          .catch((error: unknown) => {
            request.log.warn({ err: error }, 'live feed read failed; the browser will resume');
            raw.destroy();
          })
          .finally(() => (reading = undefined));
      };

      const unsubscribe = feed.subscribe((event) => wake(event.position));
      // Commits of other instances sharing the store (PostgreSQL): announced by the store, read back like any other.
      // Every announcement wakes the reader: positions are not in commit order across streams, so a commit's
      // position says nothing about whether `last` is past it.
      const unwatch = store.watchCommits?.((position) => wake(position)) ?? (() => undefined);
      const poll = setInterval(() => wake(), options.pollMs);
      const ping = setInterval(() => raw.write(': ping\n\n'), PING_MS);
      open.add(raw);
      raw.on('close', () => {
        closed = true;
        open.delete(raw);
        unsubscribe();
        unwatch();
        clearInterval(poll);
        clearInterval(ping);
        clearTimeout(retry);
      });
      wake();
    },
  );
}
