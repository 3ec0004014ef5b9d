/** The one call of Slack's WebClient the adapter uses: a Web API method with its arguments. */
export interface SlackWeb {
  apiCall(method: string, options?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export type SlackFailure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  /** Slack unreachable or failing (5xx, network): try the same call again later. */
  | { kind: 'unavailable'; reason: string }
  /** Slack refused the call itself (`channel_not_found`, `already_in_channel`…): retrying cannot help. */
  | { kind: 'refused'; error: string };

const TRANSIENT = new Set(['ratelimited', 'service_unavailable', 'internal_error', 'fatal_error', 'request_timeout']);

/** What an error thrown by Slack's WebClient means for the outbox. */
export function classifySlackError(error: unknown): SlackFailure {
  const coded = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  switch (coded?.code) {
    case 'slack_webapi_rate_limited_error':
      return { kind: 'rate-limited', retryAfterMs: Math.max(1, coded.retryAfter ?? 1) * 1000 };
    case 'slack_webapi_platform_error': {
      const code = coded.data?.error ?? 'unknown_error';
      return TRANSIENT.has(code) ? { kind: 'unavailable', reason: code } : { kind: 'refused', error: code };
    }
    case 'slack_webapi_http_error':
      return { kind: 'unavailable', reason: `HTTP ${coded.statusCode}` };
    default:
      return { kind: 'unavailable', reason: String(coded?.message ?? error) };
  }
}
