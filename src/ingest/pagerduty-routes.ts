import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AlertIntake, IngestOutcome } from '../app/alerts/alert-intake.js';
import type { Organisation } from '../domain/organisation.js';
import type { Translate } from '../i18n/i18n.js';
import { parseChangeEvent } from './change-event.js';
import { discardRest, senderLocale } from './ingest-http.js';
import { MAX_EVENT_BYTES } from './event-limits.js';
import { parsePagerDutyEvent } from './pagerduty-event.js';
import type { Problem } from './problems.js';

export interface IngestRouteDeps {
  intake: AlertIntake;
  organisation: Organisation;
  translate: Translate;
}

const accepted = {
  type: 'object',
  properties: { status: { type: 'string' }, message: { type: 'string' }, dedup_key: { type: 'string' } },
  required: ['status', 'message'],
} as const;

const invalid = {
  type: 'object',
  properties: { status: { type: 'string' }, message: { type: 'string' }, errors: { type: 'array', items: { type: 'string' } } },
  required: ['status', 'message'],
} as const;

/**
 * `POST /v2/enqueue` and `POST /v2/change/enqueue`, compatible with PagerDuty's
 * Events API v2: the same fields, limits, status codes and body shapes, so
 * existing senders (Alertmanager's `pagerduty_configs`, client libraries) work
 * unchanged. The routing key is the credential, as with PagerDuty.
 */
export function pagerDutyRoutes(app: FastifyInstance, deps: IngestRouteDeps): void {
  const { intake, organisation, translate } = deps;
  const say = (request: FastifyRequest, key: string, params?: Record<string, string | number>) =>
    translate(senderLocale(request, organisation), key, params);
  // The success answers never change: render them once per language, not once per event.
  const fixed = new Map<string, string>();
  const sayFixed = (request: FastifyRequest, key: string) => {
    const locale = senderLocale(request, organisation);
    let text = fixed.get(`${locale}:${key}`);
    if (text === undefined) fixed.set(`${locale}:${key}`, (text = translate(locale, key)));
    return text;
  };

  const refuse = (request: FastifyRequest, reply: FastifyReply, status: number, problems: readonly Problem[]) =>
    reply.code(status).send({
      status: 'invalid event',
      message: say(request, 'ingest.invalid_event'),
      errors: problems.map((problem) => say(request, `ingest.problem.${problem.key}`, problem.params)),
    });

  const answer = (request: FastifyRequest, reply: FastifyReply, outcome: IngestOutcome, body: Record<string, string>) => {
    if (outcome.accepted) return reply.code(202).send(body);
    return reply
      .code(429)
      .header('retry-after', String(outcome.retryAfterSeconds))
      .send({ status: 'throttle event', message: say(request, 'ingest.throttled', { seconds: outcome.retryAfterSeconds }) });
  };

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        await discardRest(request.raw);
        return refuse(request, reply, 413, [{ key: 'too_large', params: { limit: MAX_EVENT_BYTES / 1024 } }]);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return refuse(request, reply, 400, [{ key: 'content_type' }]);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return refuse(request, reply, 400, [{ key: 'missing', params: { field: 'event' } }]);
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return refuse(request, reply, 400, [{ key: 'invalid_json', params: { detail: error.message } }]);
    }
    if (error instanceof SyntaxError || (error.statusCode && error.statusCode < 500)) {
      return refuse(request, reply, 400, [{ key: 'invalid_json', params: { detail: error.message } }]);
    }
    request.log.error({ err: error }, 'event intake failed');
    return reply.code(500).send({ status: 'error', message: say(request, 'ingest.failed') });
  });

  const options = {
    bodyLimit: MAX_EVENT_BYTES,
    // One line per event under a flood would cost more than the event; failures are still logged.
    logLevel: 'warn' as const,
    schema: { tags: ['events'], response: { 202: accepted, 400: invalid, 413: invalid } },
  };

  app.post('/v2/enqueue', { ...options, schema: { ...options.schema, summary: 'PagerDuty Events API v2: trigger, acknowledge or resolve an alert' } }, async (request, reply) => {
    const parsed = parsePagerDutyEvent(request.body);
    if (!parsed.ok) return refuse(request, reply, 400, parsed.problems);
    const event = parsed.value;
    const policy = intake.policyFor(event.routingKey);
    if (!policy) return refuse(request, reply, 400, [{ key: 'unknown_routing_key' }]);
    const at = intake.now();
    const outcome =
      event.action === 'trigger'
        ? await intake.submit({ kind: 'trigger', at, policy, alert: { ...event.alert, service: policy.service } })
        : await intake.submit({ kind: event.action, at, policy, dedupKey: event.dedupKey });
    return answer(request, reply, outcome, { status: 'success', message: sayFixed(request, 'ingest.processed'), dedup_key: event.dedupKey });
  });

  app.post('/v2/change/enqueue', { ...options, schema: { ...options.schema, summary: 'PagerDuty Events API v2: a change event (deploy, configuration change)' } }, async (request, reply) => {
    const parsed = parseChangeEvent(request.body);
    if (!parsed.ok) return refuse(request, reply, 400, parsed.problems);
    const policy = intake.policyFor(parsed.value.routingKey);
    if (!policy) return refuse(request, reply, 400, [{ key: 'unknown_routing_key' }]);
    const outcome = await intake.submit({ kind: 'change', at: intake.now(), policy, change: { ...parsed.value.change, service: policy.service } });
    return answer(request, reply, outcome, { status: 'success', message: sayFixed(request, 'ingest.change_processed') });
  });
}
