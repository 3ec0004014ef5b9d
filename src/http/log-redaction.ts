/** Email addresses, as they may appear in a provider's error message. */
const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[^\s@<>"'(),;:]+/g;

/**
 * A URL as the logs may show it: query values (signed confirm and unsubscribe
 * tokens encode a subscriber's address) and the token of an ack link are
 * replaced, so no link that grants something ever reaches a log line.
 */
export function loggableUrl(url: string): string {
  const [path, query] = url.split('?', 2);
  const safePath = path.replace(/^\/ack\/[^/]+/, '/ack/[redacted]');
  if (query === undefined) return safePath;
  const names = query.split('&').map((pair) => `${pair.split('=')[0]}=[redacted]`);
  return `${safePath}?${names.join('&')}`;
}

export function withoutEmails(text: string): string {
  return text.replace(EMAIL, '[address]');
}

/** pino serializers for every logger of the server: requests without secrets, errors without addresses. */
export const LOG_SERIALIZERS = {
  req(request: { method?: string; url?: string; hostname?: string; ip?: string; id?: string }) {
    return { id: request.id, method: request.method, url: loggableUrl(request.url ?? ''), hostname: request.hostname, remoteAddress: request.ip };
  },
  err(error: unknown) {
    if (!(error instanceof Error)) return { message: withoutEmails(String(error)) };
    const { code, responseCode } = error as Error & { code?: string; responseCode?: number };
    return { type: error.name, message: withoutEmails(error.message), ...(code ? { code } : {}), ...(responseCode ? { responseCode } : {}), stack: withoutEmails(error.stack ?? '') };
  },
};

/** Secrets never reach the logs: tokens, cookies and passwords are redacted wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.token',
  '*.password',
  '*.secret',
];
