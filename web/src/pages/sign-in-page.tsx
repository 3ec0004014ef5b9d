import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type SessionInfo } from '../api.js';
import { LocaleSwitch } from '../app.js';
import type { Locale } from '../i18n.js';
import { useTranslation } from '../use-translation.js';

export function SignInPage({ locale, onLocale, onSignedIn }: { locale: Locale; onLocale: (locale: Locale) => void; onSignedIn: (session: SessionInfo) => Promise<void> }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string>();
  const [working, setWorking] = useState(false);
  const [missing, setMissing] = useState({ person: false, password: false });
  const errorRef = useRef<HTMLParagraphElement>(null);
  const personRef = useRef<HTMLInputElement>(null);

  useEffect(() => personRef.current?.focus(), []);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const person = String(form.get('person') ?? '').trim();
    const password = String(form.get('password') ?? '');
    // Checked here, in the person's language: the server would only answer in the words of its schema.
    const empty = { person: !person, password: !password };
    setMissing(empty);
    if (empty.person || empty.password) {
      setError(t(empty.person && empty.password ? 'signin.missing_both' : empty.person ? 'signin.missing_person' : 'signin.missing_password'));
      errorRef.current?.focus();
      return;
    }
    setWorking(true);
    setError(undefined);
    try {
      const session = await api<SessionInfo>('POST', '/api/v1/session', { person, password });
      await onSignedIn(session);
    } catch (failure) {
      // The server answers in the person's language; only a request that never reached it has no words of its own.
      setError(failure instanceof ApiError ? (failure.code === 'network' ? t('signin.unreachable') : failure.message) : String(failure));
      setWorking(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <div className="sign-in-head">
          <p className="brand">{t('app.name')}</p>
          <LocaleSwitch locale={locale} onLocale={onLocale} />
        </div>
        <h1>{t('signin.title')}</h1>
        <p>{t('signin.intro')}</p>
        <form onSubmit={submit} noValidate aria-describedby={error ? 'signin-error' : undefined}>
          <label htmlFor="signin-person">{t('signin.person')}</label>
          <input id="signin-person" name="person" ref={personRef} autoComplete="username" autoCapitalize="none" spellCheck={false} required aria-invalid={missing.person || undefined} />
          <label htmlFor="signin-password">{t('signin.password')}</label>
          <input id="signin-password" name="password" type="password" autoComplete="current-password" required aria-invalid={missing.password || undefined} />
          {error && (
            <p id="signin-error" className="form-error" role="alert" tabIndex={-1} ref={errorRef}>
              {error}
            </p>
          )}
          <button type="submit" disabled={working}>
            {working ? t('signin.working') : t('signin.submit')}
          </button>
        </form>
        <p className="hint">{t('signin.help')}</p>
      </div>
    </main>
  );
}
