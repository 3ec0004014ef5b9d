import { useCallback, useRef, useState } from 'react';
import { PaletteDialog, usePaletteShortcut } from '../palette-dialog.js';
import { useTranslation } from '../use-translation.js';
import { commandLine, type CommandName } from './commands.js';
import { paletteMatches } from './palette-matches.js';

/**
 * Ctrl+K (or ⌘K) in a room: every chat command with its usage in the viewer's language. Choosing one puts the
 * command, in the room's language, into the chat box to be completed and sent.
 */
export function CommandPalette({ roomLocale, onChoose }: { roomLocale: string; onChoose: (text: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const opener = useRef<Element | null>(null);
  const show = useCallback(() => {
    opener.current = document.activeElement;
    setOpen(true);
  }, []);
  usePaletteShortcut(show, true);

  const command = commandLine(roomLocale);
  const matches = useCallback(
    (filter: string) => paletteMatches(filter, (name) => t(`usage.${name}`)).map((entry) => ({ key: entry.name, name: entry.name, label: entry.usage, data: { 'data-command': entry.name } })),
    [t],
  );

  const close = () => {
    setOpen(false);
    (opener.current as HTMLElement | null)?.focus?.();
  };
  const choose = (name: CommandName) => {
    setOpen(false);
    onChoose(command.start(name));
  };

  return (
    <>
      <button type="button" className="secondary palette-open" onClick={show} aria-keyshortcuts="Control+K">
        {t('palette.open')}
      </button>
      {open && (
        <PaletteDialog
          title={t('palette.title')}
          filterLabel={t('palette.filter')}
          hint={t('palette.hint')}
          none={t('palette.none')}
          matches={matches}
          onChoose={(entry) => choose(entry.name)}
          onClose={close}
        />
      )}
    </>
  );
}
