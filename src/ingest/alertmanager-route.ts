import type { FastifyInstance } from 'fastify';
import { AppError } from '../app/errors.js';
import { listedClauses } from '../app/render/context.js';
import { parseAlertmanagerWebhook } from './alertmanager-webhook.js';
import { senderLocale } from './ingest-http.js';
import type { IngestRouteDeps } from './pagerduty-routes.js';
import { problemText } from './problems.js';

/**
 * `POST /v1/alertmanager`: Alertmanager's `webhook_configs` (payload version 4).
 * The service's routing key is the bearer credential (`http_config.authorization`),
 * so it never appears in a URL or a log line.
 */
export function alertmanagerRoute(app: FastifyInstance, deps: IngestRouteDeps): void {
  const { intake, organisation, translate } = deps;
  app.post(
    '/v1/alertmanager',
    {
      logLevel: 'warn',
      schema: {
        summary: 'Prometheus Alertmanager webhook (version 4); authenticate with the service routing key as bearer token',
        tags: ['events'],
        security: [{ bearer: [] }],
      },
    },
    async (request, reply) => {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      const policy = match ? intake.policyFor(match[1]) : undefined;
      if (!policy) throw new AppError('error.ingest_unauthorized', 401);
      const parsed = parseAlertmanagerWebhook(request.body);
      const locale = senderLocale(request.headers, organisation);
      if (!parsed.ok) {
        const language = { translate, locale };
        const detail = listedClauses(language, parsed.problems.map((problem) => problemText(language, problem)));
        throw new AppError('error.ingest_invalid_webhook', 400, { detail });
      }
      const notification = parsed.value;
      const at = intake.now();
      const outcome =
        notification.action === 'trigger'
          ? await intake.submit({ kind: 'trigger', at, policy, alert: { ...notification.alert, service: policy.service } })
          : await intake.submit({ kind: 'resolve', at, policy, dedupKey: notification.dedupKey });
      if (!outcome.accepted) {
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        throw new AppError('error.ingest_throttled', 429, { seconds: outcome.retryAfterSeconds });
      }
      return reply.code(202).send({ status: 'success', message: translate(locale, 'ingest.processed'), dedup_key: notification.dedupKey });
    },
  );
}
