import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { AlertIntake, IngestOutcome } from '../app/alerts/alert-intake.js';
import type { Organisation } from '../domain/organisation.js';
import { jsonProblem } from '../http/json-syntax.js';
import type { Translate } from '../i18n/i18n.js';
import { parseChangeEvent } from './change-event.js';
import { discardRest, senderLocale } from './ingest-http.js';
import { MAX_EVENT_BYTES } from './event-limits.js';
import { parsePagerDutyEvent } from './pagerduty-event.js';
import { problemText, type Problem } from './problems.js';

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

/** What an ingest route answers: a status, a PagerDuty-shaped body, and headers where one is due (Retry-After). */
export interface IngestAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The Events API v2 answers, from a parsed body and the sender's language to
 * the status and body: one place, served by the Fastify routes below and by
 * the enqueue fast lane (`enqueue-fast-lane.ts`), which takes the common
 * request before Fastify's pipeline.
 */
export function pagerDutyAnswers(deps: IngestRouteDeps) {
  const { intake, translate } = deps;
  // The success answers never change: render them once per language, not once per event.
  const fixed = new Map<string, string>();
  const sayFixed = (locale: string, key: string) => {
    let text = fixed.get(`${locale}:${key}`);
    if (text === undefined) fixed.set(`${locale}:${key}`, (text = translate(locale, key)));
    return text;
  };
  const refusal = (locale: string, status: number, problems: readonly Problem[]): IngestAnswer => ({
    status,
    body: {
      status: 'invalid event',
      message: translate(locale, 'ingest.invalid_event'),
      errors: problems.map((problem) => problemText({ translate, locale }, problem)),
    },
  });
  const outcomeAnswer = (locale: string, outcome: IngestOutcome, body: Record<string, string>): IngestAnswer =>
    outcome.accepted
      ? { status: 202, body }
      : {
          status: 429,
          headers: { 'retry-after': String(outcome.retryAfterSeconds) },
          body: { status: 'throttle event', message: translate(locale, 'ingest.throttled', { seconds: outcome.retryAfterSeconds }) },
        };
  return {
    refusal,
    failure: (locale: string): IngestAnswer => ({ status: 500, body: { status: 'error', message: translate(locale, 'ingest.failed') } }),

    async enqueue(input: unknown, locale: string): Promise<IngestAnswer> {
      const parsed = parsePagerDutyEvent(input);
      if (!parsed.ok) return refusal(locale, 400, parsed.problems);
      const event = parsed.value;
      const policy = intake.policyFor(event.routingKey);
      if (!policy) return refusal(locale, 400, [{ key: 'unknown_routing_key' }]);
      const at = intake.now();
      const outcome =
        event.action === 'trigger'
          ? await intake.submit({ kind: 'trigger', at, policy, alert: { ...event.alert, service: policy.service } })
          : await intake.submit({ kind: event.action, at, policy, dedupKey: event.dedupKey });
      return outcomeAnswer(locale, outcome, { status: 'success', message: sayFixed(locale, 'ingest.processed'), dedup_key: event.dedupKey });
    },

    async changeEnqueue(input: unknown, locale: string): Promise<IngestAnswer> {
      const parsed = parseChangeEvent(input);
      if (!parsed.ok) return refusal(locale, 400, parsed.problems);
      const policy = intake.policyFor(parsed.value.routingKey);
      if (!policy) return refusal(locale, 400, [{ key: 'unknown_routing_key' }]);
      const outcome = await intake.submit({ kind: 'change', at: intake.now(), policy, change: { ...parsed.value.change, service: policy.service } });
      return outcomeAnswer(locale, outcome, { status: 'success', message: sayFixed(locale, 'ingest.change_processed') });
    },
  };
}

export type PagerDutyAnswers = ReturnType<typeof pagerDutyAnswers>;

const send = (reply: FastifyReply, answer: IngestAnswer) => reply.code(answer.status).headers(answer.headers ?? {}).send(answer.body);

/**
 * `POST /v2/enqueue` and `POST /v2/change/enqueue`, compatible with PagerDuty's
 * Events API v2: the same fields, limits, status codes and body shapes, so
 * existing senders (Alertmanager's `pagerduty_configs`, client libraries) work
 * unchanged. The routing key is the credential, as with PagerDuty.
 */
export function pagerDutyRoutes(app: FastifyInstance, deps: IngestRouteDeps, answers: PagerDutyAnswers = pagerDutyAnswers(deps)): void {
  const { organisation } = deps;
  // Events are JSON only, as PagerDuty takes them: a text/plain body is refused for its type, not parsed as a string.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const locale = senderLocale(request.headers, organisation);
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        await discardRest(request.raw);
        return send(reply, answers.refusal(locale, 413, [{ key: 'too_large', params: { limit: MAX_EVENT_BYTES / 1024 } }]));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, answers.refusal(locale, 400, [{ key: 'content_type' }]));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, answers.refusal(locale, 400, [{ key: 'missing', params: { field: 'event' } }]));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return send(reply, answers.refusal(locale, 400, [jsonProblem(error)]));
    }
    if (error instanceof SyntaxError || (error.statusCode && error.statusCode < 500)) {
      return send(reply, answers.refusal(locale, 400, [jsonProblem(error)]));
    }
    request.log.error({ err: error }, 'event intake failed');
    return send(reply, answers.failure(locale));
  });

  const options = {
    bodyLimit: MAX_EVENT_BYTES,
    // One line per event under a flood would cost more than the event; failures are still logged.
    logLevel: 'warn' as const,
    schema: { tags: ['events'], response: { 202: accepted, 400: invalid, 413: invalid } },
  };

  app.post('/v2/enqueue', { ...options, schema: { ...options.schema, summary: 'PagerDuty Events API v2: trigger, acknowledge or resolve an alert' } }, async (request, reply) =>
    send(reply, await answers.enqueue(request.body, senderLocale(request.headers, organisation))),
  );

  app.post('/v2/change/enqueue', { ...options, schema: { ...options.schema, summary: 'PagerDuty Events API v2: a change event (deploy, configuration change)' } }, async (request, reply) =>
    send(reply, await answers.changeEnqueue(request.body, senderLocale(request.headers, organisation))),
  );
}
