import { useEffect, useRef } from 'react';
import type { ReviewSection } from '../api.js';

/** Where on the review page a change was made; its outcome is shown there, in view of the control that made it. */
export type OutcomePlace = 'review' | 'items' | ReviewSection;

export interface Outcome {
  text: string;
  error: boolean;
  place: OutcomePlace;
  /** The action item (its index) the error is about. */
  item?: number;
}

/** A change's outcome next to its controls, scrolled into view: a status line, or an alert when it failed. */
export function OutcomeLine({ outcome, place }: { outcome?: Outcome; place: OutcomePlace }) {
  const here = outcome?.place === place ? outcome : undefined;
  const line = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (here) line.current?.scrollIntoView({ block: 'nearest' });
  }, [here]);
  return (
    <p ref={line} id={`${place}-message`} className={here?.error ? 'form-error' : 'review-message'} role={here?.error ? 'alert' : 'status'} data-testid={`${place}-message`}>
      {here?.text}
    </p>
  );
}
