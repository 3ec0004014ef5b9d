import type { FastifyInstance } from 'fastify';
import { buildFeed } from '../../app/calendar/calendar-feed.js';
import type { CalendarTokens } from '../../app/calendar/calendar-tokens.js';
import type { RenderContext } from '../../app/render/context.js';
import type { Organisation } from '../../domain/organisation.js';
import { renderIcs } from './calendar-ics.js';

export interface CalendarRouteDeps {
  organisation: Organisation;
  tokens: CalendarTokens;
  renderContext(locale: string): RenderContext;
  /** Brings runtime overrides (added by API or chat, maybe on another instance) into the schedules first. */
  refreshOverrides?: () => Promise<void>;
}

/**
 * `GET /calendar/TOKEN.ics`: the secret link is the only credential, since
 * calendar apps send no token. An unknown or revoked link gets the same 404
 * as a path that does not exist.
 */
export function calendarRoutes(app: FastifyInstance, deps: CalendarRouteDeps): void {
  const { organisation } = deps;
  const host = new URL(organisation.comms.statusPage.publicUrl).host || 'dont-panic';
  // The link is the secret: keep its requests out of the info-level request log.
  app.get<{ Params: { file: string } }>('/calendar/:file', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
    const token = /^(.+)\.ics$/.exec(request.params.file)?.[1] ?? '';
    const subject = await deps.tokens.subjectOf(token);
    const person = subject && 'person' in subject ? organisation.people.get(subject.person) : undefined;
    const ctx = deps.renderContext(person?.locale ?? organisation.defaultLocale);
    await deps.refreshOverrides?.();
    const feed = subject && buildFeed(ctx, subject, host);
    if (!feed) return reply.status(404).send({ error: { code: 'not_found', message: ctx.translate(ctx.locale, 'error.not_found', { what: 'GET /calendar/…' }) } });
    return reply
      .headers({ 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' })
      .send(renderIcs(feed, ctx.now));
  });
}
