import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../ports.js';

export type AckLinkCheck = { ok: true; pageId: string; person: string } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Signed, expiring acknowledgement links: `<publicUrl>/ack/<claims>.<signature>`,
 * HMAC-SHA256 over the claims with a server secret. The token is the only
 * credential, so it names one page and one person and stops working after `ttlHours`.
 */
export class AckLinks {
  readonly #secret: Buffer;

  constructor(
    secret: string,
    private readonly publicUrl: string,
    private readonly ttlHours: number,
    private readonly clock: Clock,
  ) {
    this.#secret = Buffer.from(secret, 'utf8');
  }

  #sign(claims: string): string {
    return createHmac('sha256', this.#secret).update(claims).digest('base64url');
  }

  token(pageId: string, person: string): string {
    const expires = Math.floor(this.clock.now().getTime() / 1000 + this.ttlHours * 3600);
    const claims = Buffer.from(JSON.stringify({ p: pageId, u: person, e: expires })).toString('base64url');
    return `${claims}.${this.#sign(claims)}`;
  }

  link(pageId: string, person: string): string {
    return `${this.publicUrl.replace(/\/+$/, '')}/ack/${this.token(pageId, person)}`;
  }

  check(token: string): AckLinkCheck {
    const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return { ok: false, reason: 'invalid' };
    const [, claims, signature] = match;
    const expected = Buffer.from(this.#sign(claims));
    if (!timingSafeEqual(expected, Buffer.from(signature))) return { ok: false, reason: 'invalid' };
    let parsed: { p?: unknown; u?: unknown; e?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (typeof parsed.p !== 'string' || typeof parsed.u !== 'string' || typeof parsed.e !== 'number') return { ok: false, reason: 'invalid' };
    if (parsed.e * 1000 <= this.clock.now().getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, pageId: parsed.p, person: parsed.u };
  }
}
