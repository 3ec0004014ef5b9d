import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface PaletteOption {
  /** Unique within the list: it names the option's element (`palette-<key>`). */
  key: string;
  label: ReactNode;
  /** Extra attributes a test or a style may find the option by (`data-command`, `data-go`). */
  data?: Record<`data-${string}`, string>;
}

/**
 * Ctrl+K (or ⌘K) opens a palette. A room's palette listens first (`first`) and claims the key, so on a room's
 * page the room's commands open, and on any other signed-in page (or while a room is still loading) the
 * palette that leads elsewhere does.
 */
export function usePaletteShortcut(open: () => void, first = false): void {
  const opener = useRef(open);
  opener.current = open;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 'k' || event.defaultPrevented) return;
      event.preventDefault();
      opener.current();
    };
    window.addEventListener('keydown', onKey, { capture: first });
    return () => window.removeEventListener('keydown', onKey, { capture: first });
  }, [first]);
}

/**
 * The palette's dialog: a filter, its matches (the highlighted one moved by the arrows, taken by Enter or a
 * click), a line that says when nothing matches, and a hint. Modal: focus stays inside until it closes.
 */
export function PaletteDialog<T extends PaletteOption>({
  title,
  filterLabel,
  hint,
  none,
  matches,
  onChoose,
  onClose,
}: {
  title: string;
  filterLabel: string;
  hint: string;
  none: string;
  matches: (filter: string) => T[];
  onChoose: (option: T) => void;
  onClose: () => void;
}) {
  const [filter, setFilter] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => input.current?.focus(), []);

  const entries = matches(filter);
  const highlighted = entries[Math.min(active, entries.length - 1)];

  useEffect(() => {
    if (highlighted) document.getElementById(`palette-${highlighted.key}`)?.scrollIntoView({ block: 'nearest' });
  }, [highlighted]);

  return (
    <div className="palette-backdrop" onClick={onClose}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-labelledby="palette-heading"
        ref={dialog}
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          // Modal: Tab and Shift+Tab cycle through the palette's own controls and never leave it.
          if (event.key !== 'Tab' || !dialog.current) return;
          const focusable = [...dialog.current.querySelectorAll<HTMLElement>('input, button, select, textarea, a[href], [tabindex]:not([tabindex="-1"])')].filter(
            (element) => !element.hasAttribute('disabled'),
          );
          if (focusable.length === 0) return;
          const at = focusable.indexOf(document.activeElement as HTMLElement);
          event.preventDefault();
          const next = event.shiftKey ? (at <= 0 ? focusable.length - 1 : at - 1) : at === -1 || at === focusable.length - 1 ? 0 : at + 1;
          focusable[next].focus();
        }}
      >
        <h2 id="palette-heading">{title}</h2>
        <label htmlFor="palette-filter" className="visually-hidden">
          {filterLabel}
        </label>
        <input
          id="palette-filter"
          ref={input}
          value={filter}
          placeholder={filterLabel}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={highlighted ? `palette-${highlighted.key}` : undefined}
          autoComplete="off"
          onChange={(event) => (setFilter(event.target.value), setActive(0))}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onClose();
            else if (event.key === 'ArrowDown') (event.preventDefault(), setActive((index) => Math.min(index + 1, entries.length - 1)));
            else if (event.key === 'ArrowUp') (event.preventDefault(), setActive((index) => Math.max(index - 1, 0)));
            else if (event.key === 'Enter' && highlighted) (event.preventDefault(), onChoose(highlighted));
          }}
        />
        <ul id="palette-list" role="listbox" className="plain palette-list" aria-label={title}>
          {entries.map((entry) => (
            <li key={entry.key} id={`palette-${entry.key}`} role="option" aria-selected={entry === highlighted} onClick={() => onChoose(entry)} {...entry.data}>
              {entry.label}
            </li>
          ))}
        </ul>
        {/* Always present, so screen readers announce the line when the filter leaves nothing. */}
        <p role="status" className="muted" data-testid="palette-empty" hidden={entries.length > 0}>
          {entries.length === 0 ? none : ''}
        </p>
        <p className="muted">{hint}</p>
      </div>
    </div>
  );
}
