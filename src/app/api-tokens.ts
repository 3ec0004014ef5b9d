import { createHash, randomBytes } from 'node:crypto';
import type { Clock, TokenStore } from '../ports.js';

const PREFIX = 'dp_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface IssueOptions {
  readonly label?: string;
  /** When it stops working; never, when left out. */
  readonly expiresAt?: string;
}

/** Issues a new API token for a person. Only its hash is stored; the token is shown once. */
export async function issueToken(store: TokenStore, clock: Clock, person: string, options: IssueOptions = {}): Promise<{ token: string; id: string }> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const hash = hashToken(token);
  await store.saveToken(hash, person, clock.now().toISOString(), options.label ?? 'cli', options.expiresAt);
  return { token, id: hash.slice(0, 12) };
}

/**
 * The person a token speaks for: it must be live (issued, not revoked, not
 * expired) and its person still in the configuration. A person removed from
 * the config loses every token at once, whatever the store still holds.
 */
export async function personForToken(store: TokenStore, clock: Clock, token: string, isPerson: (handle: string) => boolean): Promise<string | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const person = await store.personForToken(hashToken(token), clock.now().toISOString());
  return person && isPerson(person) ? person : undefined;
}

/** `30d`, `12h`, `90m` or `2w` from now, as an instant; undefined for anything else. */
export function expiryFrom(now: Date, typed: string): string | undefined {
  const match = /^(\d{1,5})\s*([mhdw])$/i.exec(typed.trim());
  if (!match) return undefined;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 }[match[2].toLowerCase() as 'm' | 'h' | 'd' | 'w'];
  const amount = Number(match[1]);
  return amount > 0 ? new Date(now.getTime() + amount * unit).toISOString() : undefined;
}
