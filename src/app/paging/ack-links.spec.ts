import { describe, expect, it } from 'vitest';
import { AckLinks } from './ack-links.js';

describe('acknowledgement links', () => {
  let now = Date.parse('2026-04-01T10:00:00Z');
  const clock = { now: () => new Date(now) };
  const links = new AckLinks('a secret of enough length', 'https://pager.example.com/', 1, clock);

  it('carries the page and the person, and checks out until it expires', () => {
    const link = links.link('7-1', 'alice');
    expect(link).toMatch(/^https:\/\/pager\.example\.com\/ack\/[\w-]+\.[\w-]{43}$/);
    const token = link.split('/ack/')[1];
    expect(links.check(token)).toEqual({ ok: true, pageId: '7-1', person: 'alice' });
    now += 3600_000;
    expect(links.check(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another secret, a changed claim, or garbage', () => {
    const token = links.token('7-1', 'alice');
    const other = new AckLinks('another secret, also long', 'https://x', 1, clock).token('7-1', 'alice');
    expect(links.check(other)).toEqual({ ok: false, reason: 'invalid' });
    const [claims, signature] = token.split('.');
    const forged = Buffer.from(Buffer.from(claims, 'base64url').toString().replace('alice', 'mallo')).toString('base64url');
    expect(links.check(`${forged}.${signature}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(links.check('not-a-token')).toEqual({ ok: false, reason: 'invalid' });
    expect(links.check(`${claims}.${'A'.repeat(43)}`)).toEqual({ ok: false, reason: 'invalid' });
  });
});
