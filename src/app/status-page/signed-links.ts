import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LinkClaims {
  /** `confirm` a pending subscription, or `unsubscribe`. */
  readonly action: 'confirm' | 'unsubscribe';
  readonly email: string;
  /** Expiry, seconds since the epoch; unsubscribe links never expire. */
  readonly expires?: number;
}

/**
 * Signs and checks the links in status-page emails: HMAC-SHA256 over the
 * claims with the server's secret, so nobody can confirm or cancel an
 * address they did not receive mail at.
 */
export class LinkSigner {
  readonly #secret: Buffer;

  constructor(secret: string) {
    this.#secret = Buffer.from(secret, 'utf8');
  }

  sign(claims: LinkClaims): string {
    const body = Buffer.from(JSON.stringify({ a: claims.action, e: claims.email, x: claims.expires }), 'utf8').toString('base64url');
    return `${body}.${this.#mac(body)}`;
  }

  /** The claims of a genuine, unexpired link; undefined for anything else. */
  verify(token: string, nowSeconds: number): LinkClaims | undefined {
    if (token.length > 2000) return undefined;
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return undefined;
    const expected = Buffer.from(this.#mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { a?: unknown; e?: unknown; x?: unknown };
      if ((claims.a !== 'confirm' && claims.a !== 'unsubscribe') || typeof claims.e !== 'string') return undefined;
      if (claims.x !== undefined && (typeof claims.x !== 'number' || claims.x < nowSeconds)) return undefined;
      return { action: claims.a, email: claims.e, expires: claims.x as number | undefined };
    } catch {
      return undefined;
    }
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#secret).update(body).digest('base64url');
  }
}
