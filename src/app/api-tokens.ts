import { createHash, randomBytes } from 'node:crypto';
import type { Clock, TokenStore } from '../ports.js';

const PREFIX = 'dp_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Issues a new API token for a person. Only its hash is stored; the token is shown once. */
export async function issueToken(store: TokenStore, clock: Clock, person: string, label = 'cli'): Promise<string> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  await store.saveToken(hashToken(token), person, clock.now().toISOString(), label);
  return token;
}

export async function personForToken(store: TokenStore, token: string): Promise<string | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  return store.personForToken(hashToken(token));
}
