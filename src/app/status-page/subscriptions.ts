import { z } from 'zod';
import type { Organisation } from '../../domain/organisation.js';
import type { Translate } from '../../i18n/i18n.js';
import { decideAndCommit } from '../commit-loop.js';
import { type Clock, type RecordedEvent, type Store } from '../../ports.js';
import { addressHash, emailJob } from '../comms/email-job.js';
import { AppError } from '../errors.js';
import type { LinkSigner } from './signed-links.js';

export const SUBSCRIPTIONS_STREAM = 'status-subscriptions';

const CONFIRM_LINK_DAYS = 7;
/** A pending address is not mailed again sooner than this, so the form cannot be used to flood a mailbox. */
const RESEND_AFTER_MS = 15 * 60_000;
const MAX_EMAIL_LENGTH = 254;

export interface Subscription {
  readonly email: string;
  readonly locale: string;
  readonly status: 'pending' | 'confirmed';
  readonly requestedAt: string;
}

export function foldSubscriptions(events: readonly RecordedEvent[]): Map<string, Subscription> {
  const subscriptions = new Map<string, Subscription>();
  for (const event of events) {
    const email = String(event.data.email);
    const current = subscriptions.get(email);
    switch (event.type) {
      case 'subscription.requested':
        subscriptions.set(email, {
          email,
          locale: String(event.data.locale),
          status: current?.status === 'confirmed' ? 'confirmed' : 'pending',
          requestedAt: event.at,
        });
        break;
      case 'subscription.confirmed':
        if (current) subscriptions.set(email, { ...current, status: 'confirmed' });
        break;
      case 'subscription.cancelled':
        subscriptions.delete(email);
        break;
    }
  }
  return subscriptions;
}

/** The language of the address's last request, even once it is unsubscribed (its unsubscribe link still answers). */
function subscribedLocale(events: readonly RecordedEvent[], email: string): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event.type === 'subscription.requested' && event.data.email === email) return String(event.data.locale);
  }
  return undefined;
}

const emailSchema = z.email();

/** The status page's email subscribers: double opt-in, and one-click unsubscribe with signed links. */
export class StatusSubscriptions {
  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      signer: LinkSigner;
      organisation: Organisation;
      translate: Translate;
      email: boolean;
    },
  ) {}

  get enabled(): boolean {
    return this.deps.email;
  }

  async confirmed(): Promise<Subscription[]> {
    const all = foldSubscriptions(await this.deps.store.readStream(SUBSCRIPTIONS_STREAM));
    return [...all.values()].filter((subscription) => subscription.status === 'confirmed');
  }

  unsubscribeUrl(email: string): string {
    return `${this.deps.organisation.comms.statusPage.publicUrl}/status/unsubscribe?token=${this.deps.signer.sign({ action: 'unsubscribe', email })}`;
  }

  /**
   * Records the request and mails a confirmation link. Answers the same
   * whether or not the address was already subscribed, so the form tells
   * nobody who subscribes.
   */
  async request(typed: string, locale: string): Promise<void> {
    const email = typed.trim().toLowerCase();
    if (!email || email.length > MAX_EMAIL_LENGTH || !emailSchema.safeParse(email).success) {
      throw new AppError('error.invalid_email', 400, { given: typed.slice(0, 100) });
    }
    if (!this.deps.email) throw new AppError('error.email_unavailable', 503);
    const { organisation, signer, translate } = this.deps;
    await this.#append(email, (existing, now) => {
      const current = existing.get(email);
      if (current?.status === 'confirmed') return undefined;
      if (current && Date.parse(now) - Date.parse(current.requestedAt) < RESEND_AFTER_MS) return undefined;
      const expires = Math.floor(Date.parse(now) / 1000) + CONFIRM_LINK_DAYS * 86_400;
      const base = `${organisation.comms.statusPage.publicUrl}/status`;
      const params = {
        title: organisation.comms.statusPage.title,
        confirm: `${base}/confirm?token=${signer.sign({ action: 'confirm', email, expires })}`,
        unsubscribe: this.unsubscribeUrl(email),
        days: CONFIRM_LINK_DAYS,
      };
      return {
        event: { type: 'subscription.requested', at: now, actor: 'public', data: { email, locale } },
        job: emailJob(now, {
          to: email,
          subject: translate(locale, 'statuspage.mail.confirm_subject', params),
          text: translate(locale, 'statuspage.mail.confirm_body', params),
          idempotencyKey: `status-confirm:${addressHash(email)}:${now}`,
          unsubscribeUrl: params.unsubscribe,
        }),
      };
    });
  }

  /**
   * Confirms the address of a genuine confirmation link. Answers the language the address subscribed in, so
   * the page says so in it; undefined for a forged, altered or expired link.
   */
  async confirm(token: string): Promise<{ locale: string } | undefined> {
    const claims = this.deps.signer.verify(token, Math.floor(this.deps.clock.now().getTime() / 1000));
    if (claims?.action !== 'confirm') return undefined;
    return this.#append(claims.email, (existing, now) =>
      existing.get(claims.email)?.status === 'pending'
        ? { event: { type: 'subscription.confirmed', at: now, actor: 'public', data: { email: claims.email } } }
        : undefined,
    );
  }

  /**
   * What a genuine unsubscribe link would cancel, changing nothing: the language the address subscribed in, and
   * whether it still is subscribed. A GET of the link (a mail system's link scanner, or a person about to click)
   * asks this; only the POST unsubscribes. Undefined for a forged or altered link.
   */
  async unsubscribeLink(token: string): Promise<{ locale: string; subscribed: boolean } | undefined> {
    const claims = this.deps.signer.verify(token, Math.floor(this.deps.clock.now().getTime() / 1000));
    if (claims?.action !== 'unsubscribe') return undefined;
    const events = await this.deps.store.readStream(SUBSCRIPTIONS_STREAM);
    return {
      locale: subscribedLocale(events, claims.email) ?? this.deps.organisation.defaultLocale,
      subscribed: foldSubscriptions(events).has(claims.email),
    };
  }

  /** Cancels the subscription of a genuine unsubscribe link (a second use changes nothing); answers as `confirm` does. */
  async unsubscribe(token: string): Promise<{ locale: string } | undefined> {
    const claims = this.deps.signer.verify(token, Math.floor(this.deps.clock.now().getTime() / 1000));
    if (claims?.action !== 'unsubscribe') return undefined;
    return this.#append(claims.email, (existing, now) =>
      existing.has(claims.email) ? { event: { type: 'subscription.cancelled', at: now, actor: 'public', data: { email: claims.email } } } : undefined,
    );
  }

  /** Commits what `change` makes of the subscriptions; answers the language `email` last subscribed in (the organisation's when none). */
  async #append(
    email: string,
    change: (
      existing: Map<string, Subscription>,
      now: string,
    ) => { event: { type: string; at: string; actor: string; data: Record<string, unknown> }; job?: ReturnType<typeof emailJob> } | undefined,
  ): Promise<{ locale: string }> {
    const { store, clock } = this.deps;
    // Not published to the live feed (no `feed`): subscribers' addresses are nobody's business.
    const { result } = await decideAndCommit({ store }, async () => {
      const events = await store.readStream(SUBSCRIPTIONS_STREAM);
      const answer = { locale: subscribedLocale(events, email) ?? this.deps.organisation.defaultLocale };
      const outcome = change(foldSubscriptions(events), clock.now().toISOString());
      if (!outcome) return { result: answer };
      return {
        commit: {
          appends: [{ stream: SUBSCRIPTIONS_STREAM, expectedVersion: events.at(-1)?.version ?? 0, events: [outcome.event] }],
          schedule: outcome.job ? [outcome.job] : [],
        },
        result: answer,
      };
    });
    return result;
  }
}
