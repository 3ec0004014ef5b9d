import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../app/errors.js';
import { errorText } from '../../app/render/context.js';
import type { StatusReadModel } from '../../app/status-page/status-read-model.js';
import type { StatusSubscriptions } from '../../app/status-page/subscriptions.js';
import type { Organisation } from '../../domain/organisation.js';
import type { Translate } from '../../i18n/i18n.js';
import { phaseAt } from '../../domain/maintenance/window.js';
import { statuspageApiRoutes } from '../statuspage-api/statuspage-api-routes.js';
import { renderAtom } from './atom.js';
import { LOCAL_TIME_SCRIPT_HASH } from './html.js';
import { renderIncident, renderIndex, renderMessage, renderUnsubscribeQuestion, type PageContext } from './render.js';

export interface StatusPageDeps {
  organisation: Organisation;
  translate: Translate;
  model: StatusReadModel;
  subscriptions: StatusSubscriptions;
}

const SECURITY_HEADERS = {
  'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; script-src ${LOCAL_TIME_SCRIPT_HASH}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function chosenLocale(request: FastifyRequest, organisation: Organisation): { locale: string; explicit: boolean } {
  const lang = String((request.query as Record<string, unknown>)?.lang ?? (request.body as Record<string, unknown> | undefined)?.lang ?? '').toLowerCase();
  if (lang.startsWith('zh')) return { locale: 'zh-CN', explicit: true };
  if (lang === 'en') return { locale: 'en', explicit: true };
  const accepted = String(request.headers['accept-language'] ?? '').toLowerCase();
  if (accepted.startsWith('zh')) return { locale: 'zh-CN', explicit: false };
  if (accepted.startsWith('en')) return { locale: 'en', explicit: false };
  return { locale: organisation.defaultLocale, explicit: false };
}

/**
 * The public status page: no sign-in, server-rendered, in English and Chinese.
 * It reads the in-memory read model only, and caches each rendered page until
 * the model changes.
 */
export function statusPageRoutes(app: FastifyInstance, deps: StatusPageDeps): void {
  const { organisation, translate, model, subscriptions } = deps;
  const cache = new Map<string, { version: number; body: string }>();

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  function pageContext(request: FastifyRequest): PageContext {
    const { locale, explicit } = chosenLocale(request, organisation);
    return { organisation, translate, locale, langQuery: explicit ? `?lang=${locale}` : '', now: new Date() };
  }

  function html(reply: FastifyReply, status: number, body: string) {
    return reply.status(status).headers({ ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).send(body);
  }

  async function cached(key: string, render: () => string): Promise<string> {
    await model.settled();
    const hit = cache.get(key);
    if (hit && hit.version === model.version) return hit.body;
    const body = render();
    cache.set(key, { version: model.version, body });
    return body;
  }

  const hidden = { schema: { hide: true } };
  statuspageApiRoutes(app, deps);

  app.get('/status', hidden, async (request, reply) => {
    const page = pageContext(request);
    const day = page.now.toISOString().slice(0, 10);
    const maintenances = model.maintenances();
    // Windows start and end with the clock, not with an event: their phases are part of the cache key.
    const phases = maintenances.map((window) => phaseAt(window, page.now)).join(',');
    return html(
      reply,
      200,
      await cached(`index:${page.locale}:${page.langQuery}:${day}:${phases}`, () => renderIndex(page, model.incidents(), subscriptions.enabled ? {} : undefined, maintenances)),
    );
  });

  app.get<{ Params: { id: string } }>('/status/incidents/:id', hidden, async (request, reply) => {
    const page = pageContext(request);
    const id = /^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : NaN;
    await model.settled();
    const incident = model.incident(id);
    if (!incident) return html(reply, 404, renderMessage(page, 'not_found_title', 'not_found', {}, 'error'));
    return html(reply, 200, await cached(`incident:${id}:${page.locale}:${page.langQuery}`, () => renderIncident(page, incident)));
  });

  app.get('/status/feed.atom', hidden, async (request, reply) => {
    const page = pageContext(request);
    const body = await cached(`atom:${page.locale}`, () => renderAtom(page, model.incidents(), organisation.comms.statusPage.publicUrl, model.maintenances()));
    return reply.headers({ 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }).send(body);
  });

  // A form sends only text; JSON may send anything, and a number is neither an address nor a language.
  const subscribeBody = { type: 'object', properties: { email: { type: 'string' }, lang: { type: 'string' } } } as const;
  app.post<{ Body: Record<string, unknown> }>('/status/subscribe', { schema: { hide: true, body: subscribeBody } }, async (request, reply) => {
    const page = pageContext(request);
    const json = String(request.headers['content-type'] ?? '').startsWith('application/json');
    const email = typeof request.body?.email === 'string' ? request.body.email : '';
    try {
      await subscriptions.request(email, page.locale);
    } catch (error) {
      if (!(error instanceof AppError) || json) throw error;
      const message = errorText({ translate, locale: page.locale }, error);
      return html(reply, error.status, renderIndex(page, model.incidents(), { error: message, value: email.slice(0, 254) }, model.maintenances()));
    }
    if (json) return reply.status(202).send({ status: 'pending', message: translate(page.locale, 'statuspage.check_inbox') });
    return html(reply, 202, renderMessage(page, 'subscribe_heading', 'check_inbox'));
  });

  /**
   * The page a confirm or unsubscribe link opens: in the language the address subscribed in (a `?lang=` on the
   * link still wins), since a mail client's browser rarely asks for it; an invalid link in the request's language.
   */
  function linkAnswer(request: FastifyRequest, reply: FastifyReply, subscriber: { locale: string } | undefined, done: 'confirmed' | 'unsubscribed') {
    const page = pageContext(request);
    if (!subscriber) return html(reply, 400, renderMessage(page, 'invalid_link_title', 'invalid_link', {}, 'error'));
    const locale = page.langQuery ? page.locale : subscriber.locale;
    return html(reply, 200, renderMessage({ ...page, locale, langQuery: `?lang=${locale}` }, `${done}_title`, done));
  }

  app.get<{ Querystring: { token?: string } }>('/status/confirm', hidden, async (request, reply) =>
    linkAnswer(request, reply, await subscriptions.confirm(String(request.query.token ?? '')), 'confirmed'),
  );

  // Only a POST unsubscribes: mail clients' one-click unsubscribe (RFC 8058) sends `List-Unsubscribe=One-Click`
  // as a form, urlencoded or multipart, and so does the button of the GET's page. The link's token is all
  // that counts. A GET (the link in each email, or a mail system's scanner fetching it first) only asks.
  const unsubscribe = async (request: FastifyRequest<{ Querystring: { token?: string } }>, reply: FastifyReply) =>
    linkAnswer(request, reply, await subscriptions.unsubscribe(String(request.query.token ?? '')), 'unsubscribed');
  app.get<{ Querystring: { token?: string } }>('/status/unsubscribe', hidden, async (request, reply) => {
    const token = String(request.query.token ?? '');
    const link = await subscriptions.unsubscribeLink(token);
    // Nothing left to cancel: the page says it is done, as the POST would.
    if (!link?.subscribed) return linkAnswer(request, reply, link, 'unsubscribed');
    const page = pageContext(request);
    const locale = page.langQuery ? page.locale : link.locale;
    const self = (lang: string) => `/status/unsubscribe?token=${encodeURIComponent(token)}&lang=${lang}`;
    return html(reply, 200, renderUnsubscribeQuestion({ ...page, locale, langQuery: `?lang=${locale}`, languageHref: self }, self(locale)));
  });
  void app.register(async (scope) => {
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 4096 }, (_request, _body, done) => done(null, {}));
    scope.post('/status/unsubscribe', hidden, unsubscribe);
  });
}
