import { useCallback, useEffect, useState } from 'react';
import { REVIEW_TRANSITIONS } from '../../../src/domain/review/review.js';
import { api, ApiError, REVIEW_SECTIONS, type ActionItem, type Incident, type Review, type ReviewSection, type ReviewStatus } from '../api.js';
import type { AppContext } from '../app.js';
import { formatTime } from '../format.js';
import { linkHandler } from '../router.js';
import { useTranslation } from '../use-translation.js';
import { useFocusHeading, usePersonName } from './hooks.js';

type ItemDraft = { text: string; owner: string; done: boolean; due: string };

const toDraft = (item: ActionItem): ItemDraft => ({ text: item.text, owner: item.owner ?? '', done: item.done, due: item.due ?? '' });

function Section({ section, text, editable, onSave }: { section: ReviewSection; text: string; editable: boolean; onSave: (text: string) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string>();
  const id = `review-${section}`;
  return (
    <section className="panel review-section" aria-labelledby={`${id}-heading`} data-section={section}>
      <h2 id={`${id}-heading`}>{t(`review.section_${section}`)}</h2>
      {editing === undefined ? (
        <>
          <p className={text ? 'review-text' : 'review-text muted'}>{text || t('review.to_write')}</p>
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
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const people = context.organisation.people;

  const show = useCallback((loaded: Review) => {
    setReview(loaded);
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
    load().catch((error: Error) => setMessage({ text: error.message, error: true }));
  }, [load]);

  // A review is drafted by a timer right after the incident is resolved: look again until it is there.
  useEffect(() => {
    if (review !== null) return;
    const timer = setInterval(() => void load().catch(() => undefined), 2000);
    return () => clearInterval(timer);
  }, [review, load]);

  const change = async (method: 'PUT' | 'POST', path: string, body: unknown, done: string) => {
    try {
      show(await api<Review>(method, `/api/v1/incidents/${incidentId}/review${path}`, body));
      setMessage({ text: done, error: false });
      return true;
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
      return false;
    }
  };

  if (!incident || review === undefined) {
    return (
      <main id="main" className="page" aria-busy={!message}>
        {message ? <p role="alert">{t('app.failed', { message: message.text })}</p> : <p>{t('app.loading')}</p>}
      </main>
    );
  }

  const editable = review !== null && review.status !== 'closed';
  const next = review ? REVIEW_TRANSITIONS[review.status] : [];
  const saveItems = () =>
    change(
      'PUT',
      '',
      { actionItems: items.map((item) => ({ text: item.text, done: item.done, ...(item.owner ? { owner: item.owner } : {}), ...(item.due ? { due: item.due } : {}) })) },
      t('review.items_saved'),
    );
  const setItem = (index: number, patch: Partial<ItemDraft>) => setItems((list) => list.map((item, at) => (at === index ? { ...item, ...patch } : item)));

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
                <button key={status} type="button" onClick={() => void change('POST', '/status', { status }, t('review.moved', { status: t(`review.status_${status}`) }))}>
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
                onSubmit={(event) => (event.preventDefault(), void change('PUT', '', { owner }, t('review.owner_saved')))}
              >
                <label htmlFor="review-owner">{t('review.owner')}</label>
                <select id="review-owner" value={owner} onChange={(event) => setOwner(event.target.value)}>
                  <option value="">{t('review.pick_person')}</option>
                  {people.map((person) => (
                    <option key={person.handle} value={person.handle}>
                      {person.name} (@{person.handle})
                    </option>
                  ))}
                </select>
                <button type="submit" disabled={!owner || owner === review.owner}>
                  {t('review.set_owner')}
                </button>
              </form>
            )}
          </section>

          <p className={message?.error ? 'form-error' : 'review-message'} role={message?.error ? 'alert' : 'status'} data-testid="review-message">
            {message?.text}
          </p>

          {REVIEW_SECTIONS.map((section) => (
            <Section
              key={section}
              section={section}
              text={review.sections[section]}
              editable={editable}
              onSave={(text) => change('PUT', '', { [section]: text }, t('review.section_saved', { section: t(`review.section_${section}`) }))}
            />
          ))}

          <section className="panel" aria-labelledby="items-heading">
            <h2 id="items-heading">{t('review.items')}</h2>
            {items.length === 0 && <p className="muted">{t('review.no_items')}</p>}
            <ol className="plain action-items">
              {items.map((item, index) => (
                <li key={index} data-item={index + 1}>
                  <fieldset disabled={!editable}>
                    <legend>{t('review.item', { n: index + 1 })}</legend>
                    <label htmlFor={`item-text-${index}`}>{t('review.item_text')}</label>
                    <input id={`item-text-${index}`} value={item.text} maxLength={2000} onChange={(event) => setItem(index, { text: event.target.value })} />
                    <div className="item-row">
                      <div>
                        <label htmlFor={`item-owner-${index}`}>{t('review.item_owner')}</label>
                        <select id={`item-owner-${index}`} value={item.owner} onChange={(event) => setItem(index, { owner: event.target.value })}>
                          <option value="">{t('review.pick_person')}</option>
                          {people.map((person) => (
                            <option key={person.handle} value={person.handle}>
                              {person.name} (@{person.handle})
                            </option>
                          ))}
                        </select>
                      </div>
                      <div>
                        <label htmlFor={`item-due-${index}`}>{t('review.item_due')}</label>
                        <input id={`item-due-${index}`} type="date" value={item.due} onChange={(event) => setItem(index, { due: event.target.value })} />
                      </div>
                      <label className="check">
                        <input type="checkbox" checked={item.done} onChange={(event) => setItem(index, { done: event.target.checked })} /> {t('review.item_done')}
                      </label>
                      <button type="button" className="secondary" onClick={() => setItems((list) => list.filter((_, at) => at !== index))}>
                        {t('review.item_remove')}
                      </button>
                    </div>
                  </fieldset>
                </li>
              ))}
            </ol>
            {editable && (
              <div className="button-row">
                <button type="button" className="secondary" onClick={() => setItems((list) => [...list, { text: '', owner: '', done: false, due: '' }])}>
                  {t('review.item_add')}
                </button>
                <button type="button" onClick={() => void saveItems()}>
                  {t('review.items_save')}
                </button>
              </div>
            )}
          </section>
          <p className="muted">{t('review.updated', { at: formatTime(review.updatedAt, locale) })}</p>
        </>
      )}
    </main>
  );
}
