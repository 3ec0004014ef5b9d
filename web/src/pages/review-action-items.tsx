import { useEffect } from 'react';
import type { ActionItem } from '../api.js';
import { useTranslation } from '../use-translation.js';
import { OutcomeLine, type Outcome } from './review-outcome.js';
import { PersonOptions } from '../person-options.js';

export type ItemDraft = { text: string; owner: string; done: boolean; due: string };

export const toDraft = (item: ActionItem): ItemDraft => ({ text: item.text, owner: item.owner ?? '', done: item.done, due: item.due ?? '' });

const NEW_ITEM: ItemDraft = { text: '', owner: '', done: false, due: '' };

/** The first action item with no text (the server refuses those), or -1. */
export function firstItemWithoutText(items: ItemDraft[]): number {
  return items.findIndex((item) => !item.text.trim());
}

/** The review's action items as they are being edited: each with its text, owner, due date and done mark. */
export function ActionItemsPanel({
  items,
  onChange,
  onSave,
  editable,
  people,
  outcome,
}: {
  items: ItemDraft[];
  onChange: (items: ItemDraft[]) => void;
  onSave: () => void;
  editable: boolean;
  people: { handle: string; name: string }[];
  outcome?: Outcome;
}) {
  const { t } = useTranslation();
  const setItem = (index: number, patch: Partial<ItemDraft>) => onChange(items.map((item, at) => (at === index ? { ...item, ...patch } : item)));
  const flagged = outcome?.place === 'items' && outcome.error ? outcome.item : undefined;
  const invalid = (index: number) => flagged === index;
  // Each refusal takes the person to the item it is about (after its message has been scrolled into view).
  useEffect(() => {
    if (flagged !== undefined) document.getElementById(`item-text-${flagged}`)?.focus();
  }, [outcome, flagged]);
  return (
    <section className="panel" aria-labelledby="items-heading">
      <h2 id="items-heading">{t('review.items')}</h2>
      {items.length === 0 && <p className="muted">{t('review.no_items')}</p>}
      <ol className="plain action-items">
        {items.map((item, index) => (
          <li key={index} data-item={index + 1}>
            <fieldset disabled={!editable}>
              <legend>{t('review.item', { n: index + 1 })}</legend>
              <label htmlFor={`item-text-${index}`}>{t('review.item_text')}</label>
              <input
                id={`item-text-${index}`}
                value={item.text}
                maxLength={2000}
                aria-invalid={invalid(index) || undefined}
                aria-describedby={invalid(index) ? 'items-message' : undefined}
                onChange={(event) => setItem(index, { text: event.target.value })}
              />
              <div className="item-row">
                <div>
                  <label htmlFor={`item-owner-${index}`}>{t('review.item_owner')}</label>
                  <select id={`item-owner-${index}`} value={item.owner} onChange={(event) => setItem(index, { owner: event.target.value })}>
                    <PersonOptions people={people} none={t('review.pick_person')} />
                  </select>
                </div>
                <div>
                  <label htmlFor={`item-due-${index}`}>{t('review.item_due')}</label>
                  <input id={`item-due-${index}`} type="date" value={item.due} onChange={(event) => setItem(index, { due: event.target.value })} />
                </div>
                <label className="check">
                  <input type="checkbox" checked={item.done} onChange={(event) => setItem(index, { done: event.target.checked })} /> {t('review.item_done')}
                </label>
                <button type="button" className="secondary" onClick={() => onChange(items.filter((_, at) => at !== index))}>
                  {t('review.item_remove')}
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      {editable && (
        <div className="button-row">
          <button type="button" className="secondary" onClick={() => onChange([...items, NEW_ITEM])}>
            {t('review.item_add')}
          </button>
          <button type="button" onClick={onSave}>
            {t('review.items_save')}
          </button>
        </div>
      )}
      <OutcomeLine outcome={outcome} place="items" />
    </section>
  );
}
