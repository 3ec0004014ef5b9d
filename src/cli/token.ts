import { expiryFrom, issueToken } from '../app/api-tokens.js';
import type { TokenInfo } from '../ports.js';
import { loadOrganisation, openConfiguredStore, type CommonOptions } from './options.js';

export interface TokenOptions extends CommonOptions {
  expires?: string;
  label?: string;
  revoke?: string;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/**
 * `dont-panic token PERSON [--expires 30d] [--label NAME]` prints a new token
 * (and only the token, on stdout, for scripts); `dont-panic token --revoke ID` revokes one.
 */
export async function token(person: string | undefined, options: TokenOptions): Promise<void> {
  const { organisation } = loadOrganisation(options);
  if (options.revoke !== undefined) {
    if (person) fail('Give either a person (to issue a token) or --revoke ID, not both.');
    const store = await openConfiguredStore(options);
    try {
      const revoked = await store.revokeToken(options.revoke.trim());
      if (!revoked) fail(`No token has the id "${options.revoke}". List them with: dont-panic tokens`);
      process.stdout.write(`Revoked token ${revoked.id} of ${revoked.person} (${revoked.label}). It stops working now.\n`);
    } finally {
      await store.close();
    }
    return;
  }
  if (!person) fail('Say whose token to issue, e.g. dont-panic token carol (or revoke one with --revoke ID).');
  if (!organisation.people.has(person)) fail(`Unknown person "${person}". People in ${options.config}: ${[...organisation.people.keys()].join(', ')}`);
  const now = new Date();
  const expiresAt = options.expires === undefined ? undefined : expiryFrom(now, options.expires);
  if (options.expires !== undefined && !expiresAt) fail(`"${options.expires}" is not a duration: use minutes, hours, days or weeks, e.g. 90m, 12h, 30d, 2w.`);
  const label = options.label?.trim() || 'cli';
  if (label.length > 100) fail('The label is too long (at most 100 characters).');
  const store = await openConfiguredStore(options);
  try {
    const issued = await issueToken(store, { now: () => now }, person, { label, expiresAt });
    process.stdout.write(`${issued.token}\n`);
    process.stderr.write(`Token ${issued.id} for ${person} (${label}), ${expiresAt ? `expires ${expiresAt}` : 'never expires'}. Revoke it with: dont-panic token --revoke ${issued.id}\n`);
  } finally {
    await store.close();
  }
}

function row(token: TokenInfo): string[] {
  return [token.id, token.person, token.label, token.createdAt, token.lastUsedAt ?? 'never', token.expiresAt ?? 'never'];
}

/** `dont-panic tokens [PERSON] [--json]`: the tokens issued (never the tokens themselves), with their use and expiry. */
export async function tokens(person: string | undefined, options: CommonOptions & { json?: boolean }): Promise<void> {
  const { organisation } = loadOrganisation(options);
  if (person && !organisation.people.has(person)) fail(`Unknown person "${person}". People in ${options.config}: ${[...organisation.people.keys()].join(', ')}`);
  const store = await openConfiguredStore(options);
  try {
    const list = await store.listTokens(person);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(list.map((token) => ({ ...token, lastUsedAt: token.lastUsedAt ?? null, expiresAt: token.expiresAt ?? null, inConfig: organisation.people.has(token.person) })), null, 2)}\n`);
      return;
    }
    const rows = [['ID', 'PERSON', 'LABEL', 'CREATED', 'LAST USED', 'EXPIRES'], ...list.map(row)];
    const widths = rows[0].map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
    for (const cells of rows) process.stdout.write(`${cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()}\n`);
    if (list.length === 0) process.stdout.write(person ? `${person} has no tokens.\n` : 'No tokens have been issued.\n');
  } finally {
    await store.close();
  }
}
