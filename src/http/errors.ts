import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../app/errors.js';
import { errorText } from '../app/render/context.js';
import { StoreUnavailable } from '../ports.js';
import type { Organisation } from '../domain/organisation.js';
import type { Translate } from '../i18n/i18n.js';
import { jsonProblem } from './json-syntax.js';
import { isRefusalCode, refusalStatus } from '../app/refusal-status.js';
import { esc } from './status-page/html.js';
import { requestLocale } from './locale.js';
import { validationMessage, type ValidationProblem } from './validation-messages.js';

export const BODY_LIMIT = 1024 * 1024;

const DRAIN_LIMIT = 32 * 1024 * 1024;

/**
 * Reads and discards the rest of a refused upload, so the client (still
 * writing) receives the 413 instead of a reset connection. Bounded in bytes and time.
 */
function drain(stream: IncomingMessage): Promise<void> {
  return new Promise((done) => {
    if (stream.readableEnded || stream.destroyed) return done();
    let bytes = 0;
    const timer = setTimeout(finish, 5000);
    function finish() {
      clearTimeout(timer);
      stream.off('data', count);
      done();
    }
    function count(chunk: Buffer) {
      bytes += chunk.length;
      if (bytes > DRAIN_LIMIT) finish();
    }
    stream.on('data', count);
    stream.once('end', finish);
    stream.once('error', finish);
    stream.resume();
  });
}

/** The JSON shape of every error the API returns. */
export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

/**
 * Maps every failure to `{"error": {"code", "message"}}` with the right status
 * and a message in the caller's language that says what to do instead.
 */
export function installErrorHandling(app: FastifyInstance, organisation: Organisation, translate: Translate): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const locale = requestLocale(request, organisation);
    const send = (status: number, code: string, message: string) => reply.status(status).send({ error: { code, message } });
    if (error instanceof AppError) {
      // A refusal of the process answers by the one table of refusal statuses, whatever status its raiser guessed.
      const status = isRefusalCode(error.code) ? refusalStatus(error.code) : error.status;
      return send(status, error.code.replace(/^error\./, ''), errorText({ translate, locale }, error));
    }
    if (error instanceof StoreUnavailable) {
      request.log.warn({ reason: error.reason }, 'store unavailable');
      return send(503, 'store_unavailable', translate(locale, 'error.store_unavailable'));
    }
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && error.statusCode === 400)) {
      const problem = jsonProblem(error);
      return send(400, 'invalid_json', translate(locale, `error.${problem.key}`, 'params' in problem ? problem.params : {}));
    }
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return send(400, 'empty_body', translate(locale, 'error.empty_body'));
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      await drain(request.raw);
      return send(413, 'too_large', translate(locale, 'error.too_large', { limit: BODY_LIMIT }));
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(415, 'unsupported_media_type', translate(locale, 'error.invalid_request', { detail: translate(locale, 'error.field.content_type') }));
    }
    if (error.validation) {
      const detail = validationMessage(translate, locale, error.validation as unknown as ValidationProblem[]);
      return send(400, 'invalid_request', translate(locale, 'error.invalid_request', { detail }));
    }
    if (error.statusCode && error.statusCode < 500) {
      return send(error.statusCode, 'invalid_request', translate(locale, 'error.invalid_request', { detail: error.message }));
    }
    request.log.error({ err: error }, 'request failed');
    return send(500, 'internal', translate(locale, 'error.internal'));
  });

  app.setNotFoundHandler((request, reply) => {
    const locale = requestLocale(request, organisation);
    const path = request.url.split('?')[0];
    // A person who followed a wrong link in a browser gets a page with a way back, not the API's JSON.
    if (request.method === 'GET' && !path.startsWith('/api/') && String(request.headers.accept ?? '').includes('text/html')) {
      const message = esc(translate(locale, 'error.not_found', { what: path }));
      reply
        .status(404)
        .type('text/html; charset=utf-8')
        .send(`<!doctype html><html lang="${locale}"><meta charset="utf-8"><title>${message}</title><p>${message}</p><p><a href="/">${esc(translate(locale, 'error.not_found_home'))}</a></p></html>`);
      return;
    }
    reply.status(404).send({ error: { code: 'not_found', message: translate(locale, 'error.not_found', { what: `${request.method} ${path}` }) } });
  });
}
