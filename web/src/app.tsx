import { useCallback, useEffect, useState } from 'react';
import { I18nextProvider, useTranslation } from './use-translation.js';
import { api, setApiLanguage, setCsrfToken, type Organisation, type SessionInfo } from './api.js';
import { i18n, isLocale, preferredLocale, rememberLocale, type Locale } from './i18n.js';
import { live, useLiveState } from './live.js';
import { GoToPalette } from './go-to-palette.js';
import { DeclarePage } from './pages/declare-page.js';
import { IncidentsPage } from './pages/incidents-page.js';
import { NoSuchIncidentPage } from './pages/no-such-incident-page.js';
import { OnCallPage } from './pages/oncall-page.js';
import { ReviewPage } from './pages/review-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { RoomPage } from './room/room-page.js';
import { RoomsSidebar } from './rooms-sidebar.js';
import { linkHandler, navigate, pathSegment, usePath } from './router.js';

export interface AppContext {
  session: SessionInfo;
  organisation: Organisation;
  locale: Locale;
}

function applyLocale(locale: Locale): void {
  void i18n.changeLanguage(locale);
  setApiLanguage(locale);
  document.documentElement.lang = locale;
}

export function App() {
  const path = usePath();
  const [locale, setLocale] = useState<Locale>(() => preferredLocale());
  const [context, setContext] = useState<Omit<AppContext, 'locale'>>();
  const [failure, setFailure] = useState<string>();

  const changeLocale = useCallback((next: Locale) => {
    rememberLocale(next);
    applyLocale(next);
    setLocale(next);
  }, []);

  useEffect(() => applyLocale(locale), [locale]);

  const signedIn = useCallback(async (session: SessionInfo, organisationLoad = api<Organisation>('GET', '/api/v1/organisation')) => {
    setCsrfToken(session.csrfToken);
    const next = preferredLocale(session.person.locale);
    applyLocale(next);
    setLocale(next);
    live.start();
    const organisation = await organisationLoad;
    setContext({ session, organisation });
  }, []);

  const onSignInPage = path.startsWith('/signin');
  useEffect(() => {
    if (onSignInPage || context) return;
    const organisation = api<Organisation>('GET', '/api/v1/organisation');
    organisation.catch(() => undefined);
    api<SessionInfo>('GET', '/api/v1/session')
      .then((session) => signedIn(session, organisation))
      .catch((error: Error) => setFailure(error.message));
  }, [onSignInPage, context, signedIn]);

  return (
    <I18nextProvider i18n={i18n}>
      {onSignInPage ? (
        <SignInPage
          locale={locale}
          onLocale={changeLocale}
          onSignedIn={async (session) => {
            await signedIn(session);
            const next = new URLSearchParams(window.location.search).get('next');
            // Only a path of this site: `//host` and `/\host` would leave it.
            navigate(next && /^\/(?![/\\])/.test(next) ? next : '/');
          }}
        />
      ) : context ? (
        <Shell context={{ ...context, locale }} path={path} onLocale={changeLocale} />
      ) : (
        <Loading failure={failure} />
      )}
    </I18nextProvider>
  );
}

function Loading({ failure }: { failure?: string }) {
  const { t } = useTranslation();
  return (
    <main id="main" className="loading" aria-busy={!failure}>
      {failure ? <p role="alert">{t('app.failed', { message: failure })}</p> : <p>{t('app.loading')}</p>}
    </main>
  );
}

export function LocaleSwitch({ locale, onLocale }: { locale: Locale; onLocale: (locale: Locale) => void }) {
  const { t } = useTranslation();
  return (
    <label className="locale-switch">
      <span>{t('app.language')}</span>
      <select value={locale} onChange={(event) => isLocale(event.target.value) && onLocale(event.target.value)}>
        <option value="en" lang="en">English</option>
        <option value="zh-CN" lang="zh-CN">中文</option>
      </select>
    </label>
  );
}

function LiveBadge() {
  const { t } = useTranslation();
  const state = useLiveState();
  const text = state === 'live' ? t('app.live_on') : state === 'connecting' ? t('app.live_connecting') : t('app.live_reconnecting');
  return (
    <span className={`live-badge live-${state}`} role="status" data-live={state}>
      {text}
    </span>
  );
}

/** An incident's number as its address writes it (`/incidents/7`); undefined when the address names none (`/incidents/abc`). */
function incidentNumber(segment: string): number | undefined {
  const id = Number(segment);
  return /^\d+$/.test(segment) && Number.isSafeInteger(id) && id >= 1 ? id : undefined;
}

function page(path: string, context: AppContext) {
  const pathname = path.split('?')[0];
  const incident = /^\/incidents\/([^/]+)(\/review)?$/.exec(pathname);
  if (incident) {
    const id = incidentNumber(incident[1]);
    if (id === undefined) return <NoSuchIncidentPage key={pathname} id={pathSegment(incident[1])} />;
    if (incident[2]) return <ReviewPage key={pathname} context={context} incidentId={id} />;
    return <RoomPage key={pathname} context={context} incidentId={id} />;
  }
  const room = /^\/rooms\/([^/]+)$/.exec(pathname);
  if (room) return <RoomPage key={pathname} context={context} room={pathSegment(room[1])} />;
  if (pathname === '/declare') return <DeclarePage context={context} />;
  if (pathname === '/oncall') return <OnCallPage context={context} />;
  return <IncidentsPage context={context} />;
}

function Shell({ context, path, onLocale }: { context: AppContext; path: string; onLocale: (locale: Locale) => void }) {
  const { t } = useTranslation();
  const signOut = async () => {
    await api('DELETE', '/api/v1/session').catch(() => undefined);
    window.location.assign('/signin');
  };
  const link = (to: string, label: string) => (
    <a href={to} onClick={linkHandler(to)} aria-current={path.split('?')[0] === to ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <a className="brand" href="/" onClick={linkHandler('/')}>
          {t('app.name')}
        </a>
        <nav aria-label={t('app.nav_label')}>
          {link('/', t('app.incidents'))}
          {link('/declare', t('app.declare'))}
          {link('/oncall', t('app.oncall'))}
        </nav>
        <div className="top-tools">
          <LiveBadge />
          <LocaleSwitch locale={context.locale} onLocale={onLocale} />
          <span className="who">{t('app.signed_in_as', { name: context.session.person.name })}</span>
          <button type="button" className="link-button" onClick={signOut}>
            {t('app.sign_out')}
          </button>
        </div>
      </header>
      <div className="layout">
        <RoomsSidebar path={path} />
        <div className="layout-main">{page(path, context)}</div>
      </div>
      <GoToPalette />
    </>
  );
}
