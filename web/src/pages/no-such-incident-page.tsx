import { linkHandler } from '../router.js';
import { useTranslation } from '../use-translation.js';
import { useFocusHeading } from './hooks.js';

/**
 * An incident's page (or its review) when there is no incident by that number for the viewer: none was declared,
 * it is private to others, or the address names no number at all (`/incidents/abc`).
 */
export function NoSuchIncidentPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const heading = useFocusHeading();
  return (
    <main id="main" className="page narrow" data-missing="incident">
      <h1 tabIndex={-1} ref={heading}>
        {t('missing.title')}
      </h1>
      <p>{t('missing.incident', { id })}</p>
      <p>
        <a href="/" onClick={linkHandler('/')}>
          {t('missing.back')}
        </a>
      </p>
    </main>
  );
}
