import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { i18n as I18n, TFunction } from 'i18next';

const Context = createContext<{ i18n: I18n; language: string } | undefined>(undefined);

/** Re-renders the tree when the language changes. */
export function I18nextProvider({ i18n, children }: { i18n: I18n; children: ReactNode }) {
  const [language, setLanguage] = useState(i18n.language);
  useEffect(() => {
    const changed = (next: string) => setLanguage(next);
    i18n.on('languageChanged', changed);
    return () => i18n.off('languageChanged', changed);
  }, [i18n]);
  const value = useMemo(() => ({ i18n, language }), [i18n, language]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useTranslation(): { t: TFunction; locale: string } {
  const value = useContext(Context)!;
  return useMemo(() => ({ t: value.i18n.getFixedT(value.language), locale: value.language }), [value]);
}
