import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from '../use-translation.js';
import { commandLine, type CommandName } from './commands.js';
import { paletteMatches } from './palette-matches.js';

/**
 * Ctrl+K (or ⌘K): every chat command with its usage in the viewer's language. Choosing one puts the
 * command, in the room's language, into the chat box to be completed and sent.
 */
export function CommandPalette({ roomLocale, onChoose }: { roomLocale: string; onChoose: (text: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        opener.current = document.activeElement;
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const command = commandLine(roomLocale);
  const entries = useMemo(() => paletteMatches(filter, (name) => t(`usage.${name}`)), [filter, t]);
  const highlighted = entries[Math.min(active, entries.length - 1)];

  useEffect(() => {
    if (highlighted) document.getElementById(`palette-${highlighted.name}`)?.scrollIntoView({ block: 'nearest' });
  }, [highlighted]);

  const close = () => {
    setOpen(false);
    setFilter('');
    setActive(0);
    (opener.current as HTMLElement | null)?.focus?.();
  };
  const choose = (name: CommandName) => {
    setOpen(false);
    setFilter('');
    setActive(0);
    onChoose(command.start(name));
  };

  return (
    <>
      <button type="button" className="secondary palette-open" onClick={() => ((opener.current = document.activeElement), setOpen(true))} aria-keyshortcuts="Control+K">
        {t('palette.open')}
      </button>
      {open && (
        <div className="palette-backdrop" onClick={close}>
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
            <h2 id="palette-heading">{t('palette.title')}</h2>
            <label htmlFor="palette-filter" className="visually-hidden">
              {t('palette.filter')}
            </label>
            <input
              id="palette-filter"
              ref={input}
              value={filter}
              placeholder={t('palette.filter')}
              role="combobox"
              aria-expanded="true"
              aria-controls="palette-list"
              aria-activedescendant={highlighted ? `palette-${highlighted.name}` : undefined}
              onChange={(event) => (setFilter(event.target.value), setActive(0))}
              onKeyDown={(event) => {
                if (event.key === 'Escape') close();
                else if (event.key === 'ArrowDown') (event.preventDefault(), setActive((index) => Math.min(index + 1, entries.length - 1)));
                else if (event.key === 'ArrowUp') (event.preventDefault(), setActive((index) => Math.max(index - 1, 0)));
                else if (event.key === 'Enter' && highlighted) (event.preventDefault(), choose(highlighted.name));
              }}
            />
            <ul id="palette-list" role="listbox" className="plain palette-list" aria-label={t('palette.title')}>
              {entries.map((entry) => (
                <li key={entry.name} id={`palette-${entry.name}`} role="option" aria-selected={entry === highlighted} onClick={() => choose(entry.name)} data-command={entry.name}>
                  {entry.usage}
                </li>
              ))}
            </ul>
            {/* Always present, so screen readers announce the line when the filter leaves nothing. */}
            <p role="status" className="muted" data-testid="palette-empty" hidden={entries.length > 0}>
              {entries.length === 0 ? t('palette.none') : ''}
            </p>
            <p className="muted">{t('palette.hint')}</p>
          </div>
        </div>
      )}
    </>
  );
}
