import type { PageTarget } from '../oncall/escalation.js';
import type { Delivery, LevelStarted, PolicySnapshot } from './events.js';

interface Envelope {
  readonly at: string;
  readonly actor: string;
}

type Level = Pick<LevelStarted, 'recipients' | 'unfilled'>;

/** Open a page and start its first level; people are already resolved from the schedules at `at`. */
export type OpenPage = Envelope & {
  type: 'open';
  pageId: string;
  incidentId: number;
  room: string;
  /** The language of the incident's room. */
  locale?: string;
  target: PageTarget;
  policy: PolicySnapshot;
  message: string;
  /** When the incident asked for the page (the page opens a moment later). */
  requestedAt?: string;
  first: Level;
};
/** The acknowledgement timeout of the current level ran out: page the next one (`level`, `round`), or exhaust the policy. */
export type Escalate = Envelope & { type: 'escalate'; next?: { level: number; round: number } & Level };
/** About to call the provider for `delivery`; the call is over by `until` at the latest. */
export type RecordAttempt = Envelope & { type: 'record-attempt'; delivery: Delivery; until: string };
export type RecordDelivery = Envelope & { type: 'record-delivery'; delivery: Delivery; mayHaveRepeated?: boolean } & (
    | { outcome: 'sent'; providerId?: string }
    | { outcome: 'failed'; error: string; permanent: boolean; willRetry: boolean }
  );
export type Acknowledge = Envelope & { type: 'acknowledge'; via: 'chat' | 'link' | 'api' | 'sms' };
/**
 * Stop the page: the incident ended, or — for a page to the Incident
 * Commander on call — someone took command (`since`) after it was asked for.
 */
export type CancelPage = Envelope & { type: 'cancel' } & (
    | { reason: 'incident-resolved' }
    | { reason: 'commander-assigned'; commander: string; since: string }
  );

export type PageCommand = OpenPage | Escalate | RecordAttempt | RecordDelivery | Acknowledge | CancelPage;
