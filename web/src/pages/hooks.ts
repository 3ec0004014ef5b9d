import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppContext } from '../app.js';

/** "Name (@handle)" for a handle of the organisation, as the bot writes people. */
export function usePersonName(context: AppContext): (handle: string) => string {
  return useCallback(
    (handle: string) => {
      const person = context.organisation.people.find((candidate) => candidate.handle === handle);
      return person ? `${person.name} (@${handle})` : handle;
    },
    [context.organisation],
  );
}

/** The current time, refreshed every 30 s so ages move on. */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Moves keyboard and screen-reader focus to the page's heading after navigation. */
export function useFocusHeading() {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement?.tagName === 'A') ref.current?.focus();
  }, []);
  return ref;
}
