import { createHash, randomBytes } from 'node:crypto';
import type { Clock, EventStore } from '../../ports.js';

/** Secret calendar links: only their hashes are stored, in one stream of issues and revocations. */
export const CALENDAR_TOKENS_STREAM = 'calendar-tokens';

/** Whose shifts a link shows: one person's (across every schedule), or one schedule's (for a team). */
export type CalendarSubject = { readonly person: string } | { readonly schedule: string };

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const subjectKey = (subject: CalendarSubject) => ('person' in subject ? `person:${subject.person}` : `schedule:${subject.schedule}`);

/**
 * Calendar apps cannot send a bearer token, so the link itself is the secret
 * (as PagerDuty's and GoAlert's feeds are): long, random, read-only, and
 * revocable. Revoking a subject invalidates every link issued for it before.
 */
export class CalendarTokens {
  constructor(private readonly deps: { store: Pick<EventStore, 'commit' | 'readStream'>; clock: Clock }) {}

  async issue(subject: CalendarSubject, actor = 'cli'): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.deps.store.commit({
      appends: [{ stream: CALENDAR_TOKENS_STREAM, expectedVersion: 'any', events: [{ type: 'calendar.token.issued', at: this.deps.clock.now().toISOString(), actor, data: { hash: hash(token), subject: subjectKey(subject) } }] }],
    });
    return token;
  }

  async revoke(subject: CalendarSubject, actor = 'cli'): Promise<void> {
    await this.deps.store.commit({
      appends: [{ stream: CALENDAR_TOKENS_STREAM, expectedVersion: 'any', events: [{ type: 'calendar.token.revoked', at: this.deps.clock.now().toISOString(), actor, data: { subject: subjectKey(subject) } }] }],
    });
  }

  /** The subject of a link still valid, or undefined (unknown, malformed and revoked links look the same). */
  async subjectOf(token: string): Promise<CalendarSubject | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const wanted = hash(token);
    let found: string | undefined;
    for (const event of await this.deps.store.readStream(CALENDAR_TOKENS_STREAM)) {
      if (event.type === 'calendar.token.issued' && event.data.hash === wanted) found = String(event.data.subject);
      if (event.type === 'calendar.token.revoked' && found !== undefined && event.data.subject === found) found = undefined;
    }
    if (!found) return undefined;
    const [kind, name] = [found.slice(0, found.indexOf(':')), found.slice(found.indexOf(':') + 1)];
    return kind === 'person' ? { person: name } : { schedule: name };
  }
}
