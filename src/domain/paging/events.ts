import type { PageTarget, PolicyTarget, Recipient, ResolvedLevel } from '../oncall/escalation.js';

/** A channel a page goes out on: the incident room (`chat`) or a person's contact method. */
export type PageChannel = 'chat' | 'email' | 'sms' | 'voice' | 'webhook' | 'slack';

export interface PolicySnapshot {
  readonly name: string;
  readonly repeat: number;
  readonly levels: readonly { readonly targets: readonly PolicyTarget[]; readonly ackTimeoutSeconds: number }[];
}

/** A recipient of one level, with the contact methods the page goes out on. */
export interface PagedPerson extends Recipient {
  readonly contacts: readonly { readonly channel: PageChannel; readonly to: string }[];
}

interface Envelope {
  readonly at: string;
  readonly actor: string;
}

export type PageOpened = Envelope & {
  type: 'page.opened';
  pageId: string;
  incidentId: number;
  room: string;
  locale?: string;
  target: PageTarget;
  policy: PolicySnapshot;
  message: string;
  /** When the incident asked for the page; absent on pages opened before it was recorded (then `at`). */
  requestedAt?: string;
};
export type LevelStarted = Envelope & {
  type: 'page.level-started';
  level: number;
  round: number;
  recipients: PagedPerson[];
  unfilled: ResolvedLevel['unfilled'][number][];
};
export type Delivery = {
  key: string;
  person: string;
  channel: PageChannel;
  to: string;
  level: number;
  round: number;
  attempt: number;
  /**
   * `closed`: not the page but the word after it, to someone it reached and who did not acknowledge it:
   * the page is closed (someone took command, or the incident was resolved) and nothing more is needed from them.
   */
  notice?: 'closed';
};
/** Recorded before the provider is called. `until`: past it, the call has certainly ended (the job's time limit). */
export type DeliveryAttempted = Envelope & Delivery & { type: 'page.delivery-attempted'; until: string };
/** `mayHaveRepeated`: an earlier call for the same key ended without an outcome (a crash mid-call), so the receiver may have it twice. */
export type PageDelivered = Envelope & Delivery & { type: 'page.delivered'; providerId?: string; mayHaveRepeated?: true };
export type DeliveryFailed = Envelope & Delivery & { type: 'page.delivery-failed'; error: string; permanent: boolean; willRetry: boolean; mayHaveRepeated?: true };
export type PageAcknowledged = Envelope & { type: 'page.acknowledged'; person: string; via: 'chat' | 'link' | 'api' | 'sms' };
/** A shadow (trainee) saw their page: recorded, while the page goes on for those who answer for it. */
export type ShadowAcknowledged = Envelope & { type: 'page.shadow-acknowledged'; person: string; via: 'chat' | 'link' | 'api' | 'sms' };
export type PageExhausted = Envelope & { type: 'page.exhausted' };
/** `commander-assigned`: a page to the IC on call stopped because `commander` took command. */
export type PageCancelled = Envelope & { type: 'page.cancelled' } & ({ reason: 'incident-resolved' } | { reason: 'commander-assigned'; commander: string });

export type PageEvent = PageOpened | LevelStarted | DeliveryAttempted | PageDelivered | DeliveryFailed | PageAcknowledged | ShadowAcknowledged | PageExhausted | PageCancelled;
