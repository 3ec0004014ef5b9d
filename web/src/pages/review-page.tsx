import { Fragment, useCallback, useEffect, useState } from 'react';
import { REVIEW_TRANSITIONS } from '../../../src/domain/review/review.js';
import { api, ApiError, isUnknownIncident, REVIEW_SECTIONS, type Incident, type Review, type ReviewGenerated, type ReviewSection, type ReviewStatus } from '../api.js';
import type { AppContext } from '../app.js';
import { formatTime } from '../format.js';
import { linkHandler } from '../router.js';
import { useTranslation } from '../use-translation.js';
import { useFocusHeading, usePersonName } from './hooks.js';
import { NoSuchIncidentPage } from './no-such-incident-page.js';
import { ReviewTimeline } from './review-timeline.js';
import { ActionItemsPanel, firstItemWithoutText, toDraft, type ItemDraft } from './review-action-items.js';
import { OutcomeLine, type Outcome, type OutcomePlace } from './review-outcome.js';
import { PersonOptions } from '../person-options.js';

function Section({
  section,
  text,
  generated,
  editable,
  outcome,
  onSave,
}: {
  section: ReviewSection;
  text: string;
  /** What the export writes while nobody has written this section (the summary made from the incident). */
  generated?: string;
  editable: boolean;
  outcome?: Outcome;
  onSave: (text: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string>();
  const id = `review-${section}`;
  return (
    <section className="panel review-section" aria-labelledby={`${id}-heading`} data-section={section}>
      <h2 id={`${id}-heading`}>{t(`review.section_${section}`)}</h2>
      {editing === undefined ? (
        <>
          {text || !generated ? (
            <p className={text ? 'review-text' : 'review-text muted'}>{text || t('review.to_write')}</p>
          ) : (
            <>
              <p className="review-text" data-generated="true">
                {generated}
              </p>
              <p className="hint">{t('review.summary_generated')}</p>
            </>
          )}
          {editable && (
            <button type="button" className="secondary" onClick={() => setEditing(text)} aria-label={t('review.edit_section', { section: t(`review.section_${section}`) })}>
              {t('review.edit')}
            </button>
          )}
        </>
      ) : (
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            if (await onSave(editing)) setEditing(undefined);
          }}
        >
          <label htmlFor={id}>{t('review.section_text', { section: t(`review.section_${section}`) })}</label>
          <textarea id={id} rows={5} value={editing} maxLength={20_000} onChange={(event) => setEditing(event.target.value)} />
          <div className="button-row">
            <button type="submit">{t('review.save')}</button>
            <button type="button" className="secondary" onClick={() => setEditing(undefined)}>
              {t('review.cancel')}
            </button>
          </div>
        </form>
      )}
      <OutcomeLine outcome={outcome} place={section} />
    </section>
  );
}

/** The post-incident review: sections edited in place, action items with owners and due dates, the status flow, export. */
export function ReviewPage({ context, incidentId }: { context: AppContext; incidentId: number }) {
  const { t, locale } = useTranslation();
  const name = usePersonName(context);
  const heading = useFocusHeading();
  const [incident, setIncident] = useState<Incident>();
  const [review, setReview] = useState<Review | null>();
  const [items, setItems] = useState<ItemDraft[]>([]);
  const [owner, setOwner] = useState('');
  const [message, setMessage] = useState<Outcome>();
  const [missing, setMissing] = useState(false);
  const [generated, setGenerated] = useState<ReviewGenerated>();
  const people = context.organisation.people;

  const show = useCallback((loaded: Review) => {
    setReview(loaded);
    // Only a load brings it; a saved change answers with the review alone.
    if (loaded.generated) setGenerated(loaded.generated);
    setItems(loaded.actionItems.map(toDraft));
    setOwner(loaded.owner ?? '');
  }, []);

  const load = useCallback(async () => {
    setIncident(await api<Incident>('GET', `/api/v1/incidents/${incidentId}`));
    try {
      show(await api<Review>('GET', `/api/v1/incidents/${incidentId}/review`));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'refusal.review.none') setReview(null);
      else throw error;
    }
  }, [incidentId, show]);

  useEffect(() => {
    load().catch((error: Error) => (isUnknownIncident(error) ? setMissing(true) : setMessage({ text: error.message, error: true, place: 'review' })));
  }, [load]);

  // A review is drafted by a timer right after the incident is resolved: look again until it is there.
  useEffect(() => {
    if (review !== null) return;
    const timer = setInterval(() => void load().catch(() => undefined), 2000);
    return () => clearInterval(timer);
  }, [review, load]);

  /**
   * Sends a change; its outcome is shown at `place`, next to the control that made it. An edit names the
   * version it was made on: if someone saved meanwhile, the server refuses it and says to load again.
   */
  const change = async (place: OutcomePlace, method: 'PUT' | 'POST', path: string, body: object, done: string) => {
    try {
      const sent = method === 'PUT' && review ? { ...body, version: review.version } : body;
      show(await api<Review>(method, `/api/v1/incidents/${incidentId}/review${path}`, sent));
      setMessage({ text: done, error: false, place });
      return true;
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true, place });
      return false;
    }
  };

  if (missing) return <NoSuchIncidentPage id={String(incidentId)} />;
  if (!incident || review === undefined) {
    return (
      <main id="main" className="page" aria-busy={!message}>
        {message ? <p role="alert">{t('app.failed', { message: message.text })}</p> : <p>{t('app.loading')}</p>}
      </main>
    );
  }

  const editable = review !== null && review.status !== 'closed';
  const next = review ? REVIEW_TRANSITIONS[review.status] : [];
  const saveItems = () => {
    const blank = firstItemWithoutText(items);
    if (blank >= 0) {
      setMessage({ text: t('review.item_needs_text', { n: blank + 1 }), error: true, place: 'items', item: blank });
      return;
    }
    const actionItems = items.map((item) => ({ text: item.text.trim(), done: item.done, ...(item.owner ? { owner: item.owner } : {}), ...(item.due ? { due: item.due } : {}) }));
    void change('items', 'PUT', '', { actionItems }, t('review.items_saved'));
  };

  return (
    <main id="main" className="page review" data-ready="true">
      <p>
        <a href={`/incidents/${incident.id}`} onClick={linkHandler(`/incidents/${incident.id}`)}>
          {t('review.back', { id: incident.id })}
        </a>
      </p>
      <h1 tabIndex={-1} ref={heading}>
        {t('review.title', { id: incident.id, title: incident.title })}
      </h1>
      {review === null ? (
        <p className="calm">{t('review.none')}</p>
      ) : (
        <>
          <dl className="review-facts panel">
            <div>
              <dt>{t('review.status')}</dt>
              <dd>
                <span className={`review-status status-${review.status}`} data-status={review.status}>
                  {t(`review.status_${review.status}`)}
                </span>
              </dd>
            </div>
            <div>
              <dt>{t('review.owner')}</dt>
              <dd>{review.owner ? name(review.owner) : t('oncall.nobody')}</dd>
            </div>
            <div>
              <dt>{t('review.due')}</dt>
              <dd>{formatTime(review.dueAt, locale)}</dd>
            </div>
            <div>
              <dt>{t('review.severity')}</dt>
              <dd>
                {review.severity}
                {review.falseAlarm && <span className="badge false-alarm">{t('incidents.false_alarm')}</span>}
              </dd>
            </div>
            <div>
              <dt>{t('review.tag')}</dt>
              <dd>
                <code>{review.tag}</code>
              </dd>
            </div>
          </dl>

          <section className="panel" aria-labelledby="flow-heading">
            <h2 id="flow-heading">{t('review.flow')}</h2>
            <ol className="flow">
              {(['draft', 'in_review', 'reviewed', 'closed'] as ReviewStatus[]).map((status) => (
                <li key={status} aria-current={status === review.status ? 'step' : undefined}>
                  {t(`review.status_${status}`)}
                </li>
              ))}
            </ol>
            <div className="button-row">
              {next.map((status) => (
                <button key={status} type="button" onClick={() => void change('review', 'POST', '/status', { status }, t('review.moved', { status: t(`review.status_${status}`) }))}>
                  {t(`review.to_${status}`)}
                </button>
              ))}
              <a className="button-link" href={`/api/v1/incidents/${incident.id}/review.md`} download={`incident-${incident.id}-review.md`}>
                {t('review.export')}
              </a>
            </div>
            {editable && (
              <form
                className="inline-form"
                onSubmit={(event) => (event.preventDefault(), void change('review', 'PUT', '', { owner }, t('review.owner_saved')))}
              >
                <label htmlFor="review-owner">{t('review.owner')}</label>
                <select id="review-owner" value={owner} onChange={(event) => setOwner(event.target.value)}>
                  <PersonOptions people={people} none={t('review.pick_person')} />
                </select>
                <button type="submit" disabled={!owner || owner === review.owner}>
                  {t('review.set_owner')}
                </button>
              </form>
            )}
          </section>

          <OutcomeLine outcome={message} place="review" />

          {REVIEW_SECTIONS.map((section) => (
            <Fragment key={section}>
              <Section
                section={section}
                text={review.sections[section]}
                generated={section === 'summary' ? generated?.summary : undefined}
                editable={editable}
                outcome={message}
                onSave={(text) => change(section, 'PUT', '', { [section]: text }, t('review.section_saved', { section: t(`review.section_${section}`) }))}
              />
              {/* Where the export has it: right after the summary. */}
              {section === 'summary' && generated && <ReviewTimeline rows={generated.timeline} name={name} />}
            </Fragment>
          ))}

          <ActionItemsPanel items={items} onChange={setItems} onSave={saveItems} editable={editable} people={people} outcome={message} />
          <p className="muted">{t('review.updated', { at: formatTime(review.updatedAt, locale) })}</p>
        </>
      )}
    </main>
  );
}
