import { useEffect, useMemo, useState } from 'react';

/** Wider than a phone or a small tablet: where styles.css stops stacking the page into one column. */
const WIDE = '(min-width: 821px)';

/**
 * Whether a panel starts open: open beside the page on a wide screen, folded on a phone, where the room needs
 * the space. It follows the screen when that changes (a phone turned, a window resized); in between, the person's
 * own opening and folding (`setOpen`) stands.
 */
export function useOpenOnWideScreen(): [boolean, (open: boolean) => void] {
  const wide = useMemo(() => window.matchMedia?.(WIDE), []);
  const [open, setOpen] = useState(wide?.matches ?? true);
  useEffect(() => {
    if (!wide) return;
    const change = (event: MediaQueryListEvent) => setOpen(event.matches);
    wide.addEventListener('change', change);
    return () => wide.removeEventListener('change', change);
  }, [wide]);
  return [open, setOpen];
}
