import { describe, expect, it } from 'vitest';
import { LinkSigner } from './signed-links.js';

describe('signed status-page links', () => {
  const signer = new LinkSigner('a'.repeat(32));
  const now = 1_800_000_000;

  it('verifies its own links', () => {
    expect(signer.verify(signer.sign({ action: 'unsubscribe', email: 'a@example.org' }), now)).toEqual({ action: 'unsubscribe', email: 'a@example.org', expires: undefined });
    expect(signer.verify(signer.sign({ action: 'confirm', email: 'a@example.org', expires: now + 60 }), now)?.action).toBe('confirm');
  });

  it('refuses expired, altered, foreign and malformed links', () => {
    const token = signer.sign({ action: 'unsubscribe', email: 'a@example.org' });
    const [body, mac] = token.split('.');
    const other = Buffer.from(JSON.stringify({ a: 'unsubscribe', e: 'b@example.org' })).toString('base64url');
    expect(signer.verify(signer.sign({ action: 'confirm', email: 'a@example.org', expires: now - 1 }), now)).toBeUndefined();
    expect(signer.verify(`${other}.${mac}`, now)).toBeUndefined();
    expect(signer.verify(`${body}.${mac.slice(1)}`, now)).toBeUndefined();
    expect(signer.verify(new LinkSigner('b'.repeat(32)).sign({ action: 'unsubscribe', email: 'a@example.org' }), now)).toBeUndefined();
    for (const bad of ['', '.', 'abc', `${body}.${mac}.x`, `${Buffer.from('{').toString('base64url')}.${mac}`]) expect(signer.verify(bad, now)).toBeUndefined();
  });
});
