import type { ReviewGenerated } from '../api.js';
import { formatTime } from '../format.js';
import { useTranslation } from '../use-translation.js';

/** The review's timeline as the Markdown export writes it: read-only, one line per event, with when and who. */
export function ReviewTimeline({ rows, name }: { rows: ReviewGenerated['timeline']; name: (handle: string) => string }) {
  const { t, locale } = useTranslation();
  return (
    <section className="panel review-section" aria-labelledby="review-timeline-heading" data-section="timeline">
      <h2 id="review-timeline-heading">{t('review.section_timeline')}</h2>
      <p className="hint">{t('review.timeline_hint')}</p>
      {rows.length === 0 ? (
        <p className="muted">{t('review.timeline_none')}</p>
      ) : (
        <ol className="timeline-list review-timeline">
          {rows.map((row, index) => (
            <li key={index}>
              <time dateTime={row.at}>{formatTime(row.at, locale)}</time>
              <span className="author">{row.actor === 'system' ? t('event.system') : name(row.actor)}</span>
              <span className="text">{row.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
