import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadIncident } from '../../app/incidents.js';
import type { PagingService } from '../../app/paging/paging-service.js';
import { loadPage } from '../../app/paging/page-streams.js';
import { personLabel, t } from '../../app/render/context.js';
import type { Organisation } from '../../domain/organisation.js';
import { isRefusal } from '../../domain/refusal.js';
import type { Store } from '../../ports.js';
import { refusalStatus } from '../../app/refusal-status.js';

const tokenParams = { type: 'object', properties: { token: { type: 'string', minLength: 1, maxLength: 600 } }, required: ['token'] } as const;

const escapeHtml = (text: string) => text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);

function page(title: string, body: string, lang: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/**
 * The links in emails and texts: the signed token is the only credential.
 * GET shows what would be acknowledged (mail scanners fetch links; they must
 * not acknowledge anything); POST acknowledges. JSON when asked for it.
 */
export function ackLinkRoutes(app: FastifyInstance, paging: PagingService, store: Store, organisation: Organisation): void {
  const links = paging.links!;

  async function open(request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply, acknowledge: boolean) {
    const json = String(request.headers.accept ?? '').includes('application/json');
    const check = links.check(request.params.token);
    const locale = check.ok ? (organisation.people.get(check.person)?.locale ?? organisation.defaultLocale) : organisation.defaultLocale;
    const ctx = paging.renderContext(locale);
    if (!check.ok) {
      const message = t(ctx, `paging.ack_page.${check.reason}`);
      reply.status(check.reason === 'expired' ? 410 : 403);
      return json ? { error: { code: `ack_link_${check.reason}`, message } } : reply.type('text/html').send(page(message, '', locale));
    }
    const { state } = await loadPage(store, check.pageId);
    const { state: incident } = await loadIncident(store, state.incidentId);
    const facts = { page: check.pageId, person: personLabel(ctx, check.person), id: incident.id, title: incident.title, room: state.room };
    if (!acknowledge) {
      // The link works without signing in, and may sit in a shared channel: a private incident's title stays behind the sign-in.
      const text = t(ctx, incident.private ? 'paging.ack_page.confirm_private' : 'paging.ack_page.confirm', facts);
      if (json) return { pageId: check.pageId, person: check.person, status: state.status, message: text };
      const form = `<p>${escapeHtml(text)}</p><form method="post"><button type="submit">${escapeHtml(t(ctx, 'paging.ack_page.button'))}</button></form>`;
      return reply.type('text/html').send(page(t(ctx, 'paging.ack_page.title', facts), form, locale));
    }
    const result = await paging.acknowledge(check.pageId, check.person, 'link');
    if (isRefusal(result)) {
      const message = paging.refusalText(ctx, result);
      reply.status(refusalStatus(result.code));
      return json ? { error: { code: result.code, message } } : reply.type('text/html').send(page(message, '', locale));
    }
    const done = t(ctx, 'paging.ack_page.done', facts);
    return json ? { pageId: result.pageId, status: result.status, acknowledgedBy: result.acknowledgedBy, message: done } : reply.type('text/html').send(page(done, '', locale));
  }

  app.get<{ Params: { token: string } }>('/ack/:token', { logLevel: 'warn', schema: { hide: true, params: tokenParams } }, (request, reply) => open(request, reply, false));
  app.post<{ Params: { token: string } }>('/ack/:token', { logLevel: 'warn', schema: { hide: true, params: tokenParams } }, (request, reply) => open(request, reply, true));
}
