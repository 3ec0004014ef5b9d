import { useState } from 'react';
import type { Communications, Incident } from '../api.js';
import { formatTime } from '../format.js';
import { useTranslation } from '../use-translation.js';
import { commandLine } from './commands.js';
import type { RoomSender } from './use-room-sender.js';

type Name = (handle: string) => string;

/** A label before a quote: a space after "Draft #1 by Carol:", none after a full-width colon ("草稿 #1（…）：“…”"). */
const spaced = (label: string) => (/[\u3000-\u303f\uff00-\uffef]$/.test(label) ? label : `${label} `);

export interface Cadence {
  executive: { lastAt: string | null; dueAt: string | null; everyMinutes: number };
  public: { lastAt: string | null; dueAt: string | null; everyMinutes: number };
}

/** Drafts waiting for the IC (with Approve), published updates, the last executive summary and when the next is due. */
export function CommsPanel({
  incident,
  comms,
  cadence,
  me,
  roomLocale,
  sender,
  name,
}: {
  incident: Incident;
  comms: Communications | undefined;
  cadence: Cadence | undefined;
  me: string;
  roomLocale: string;
  sender: RoomSender;
  name: Name;
}) {
  const { t, locale } = useTranslation();
  const command = commandLine(roomLocale, incident.id);
  // A draft that promises a time is approved only after a second, deliberate click.
  const [confirming, setConfirming] = useState<number | null>(null);
  if (!comms) return null;
  const list = (items: readonly string[]) => items.join(t('pages.list_separator'));
  const waiting = comms.drafts.filter((draft) => !draft.publishedAt);
  const published = comms.drafts.filter((draft) => draft.publishedAt);
  const summary = comms.updates.at(-1);
  // Only the IC approves (the rule of `!approve`); the chat still refuses anyone else.
  const mayApprove = incident.roles.commander === me;
  return (
    <section className="panel comms" aria-labelledby="comms-heading">
      <h2 id="comms-heading">{t('comms.title')}</h2>
      <h3>{t('comms.waiting')}</h3>
      {waiting.length === 0 ? (
        <p className="muted">{t('comms.no_drafts')}</p>
      ) : (
        <ul className="plain">
          {waiting.map((draft) => (
            <li key={draft.n} data-draft={draft.n}>
              <p className="draft-text">
                {spaced(t('comms.draft', { n: draft.n, by: name(draft.by) }))}“{draft.text}”
              </p>
              {draft.components?.length > 0 && <p className="muted" data-components>{t('comms.components', { components: list(draft.components) })}</p>}
              {draft.eta?.length > 0 && (
                <p className="refusal" data-eta>
                  {t('comms.eta_warning', { phrases: list(draft.eta) })}
                </p>
              )}
              {mayApprove && confirming === draft.n ? (
                <p role="group" aria-label={t('comms.confirm_eta', { n: draft.n })} data-confirm={draft.n}>
                  <span>{t('comms.confirm_eta', { n: draft.n })}</span>{' '}
                  <button
                    type="button"
                    disabled={sender.sending}
                    onClick={() => {
                      setConfirming(null);
                      void sender.send(command.approveAnyway(draft.n));
                    }}
                  >
                    {t('comms.approve_anyway', { n: draft.n })}
                  </button>{' '}
                  <button type="button" onClick={() => setConfirming(null)}>
                    {t('comms.cancel')}
                  </button>
                </p>
              ) : mayApprove ? (
                <button
                  type="button"
                  disabled={sender.sending}
                  onClick={() => (draft.eta?.length > 0 ? setConfirming(draft.n) : void sender.send(command.approve(draft.n)))}
                >
                  {t('comms.approve', { n: draft.n })}
                </button>
              ) : (
                <p className="muted">
                  {incident.roles.commander ? t('comms.ic_approves', { commander: name(incident.roles.commander) }) : t('comms.needs_ic')}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('comms.published')}</h3>
      {published.length === 0 ? (
        <p className="muted">{t('comms.none_published')}</p>
      ) : (
        <ul className="plain">
          {published.slice(-5).map((draft) => (
            <li key={draft.n} data-published={draft.n}>
              “{draft.text}” <span className="muted">— {formatTime(draft.publishedAt!, locale)}</span>
              {draft.components?.length > 0 && <span className="muted" data-components> {t('comms.components', { components: list(draft.components) })}</span>}
            </li>
          ))}
        </ul>
      )}
      {cadence?.public.dueAt && <p>{t('comms.public_due', { at: formatTime(cadence.public.dueAt, locale) })}</p>}
      <h3>{t('comms.executive')}</h3>
      {summary ? (
        <p data-testid="last-summary">
          {spaced(t('comms.last_summary', { by: name(summary.by), at: formatTime(summary.at, locale) }))}“{summary.text}”
        </p>
      ) : (
        <p className="muted">{t('comms.no_summary')}</p>
      )}
      {cadence?.executive.dueAt && (
        <p className={Date.parse(cadence.executive.dueAt) < Date.now() ? 'refusal' : undefined}>{t('comms.summary_due', { at: formatTime(cadence.executive.dueAt, locale) })}</p>
      )}
    </section>
  );
}
