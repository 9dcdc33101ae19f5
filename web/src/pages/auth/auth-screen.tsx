import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../../components/brand-mark';
import { LanguageSwitch } from '../../components/language-switch';

/** The frame of the sign-in and forced password-change screens. */
export function AuthScreen({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main className="auth-screen">
      <div className="auth-screen-toolbar">
        <LanguageSwitch />
      </div>
      <div className="auth-brand">
        <BrandMark className="auth-brand-mark" />
        <div>
          <h1 className="auth-brand-name">{t('app.name')}</h1>
          <p className="auth-brand-subtitle">{t('app.subtitle')}</p>
        </div>
      </div>
      {children}
      <footer className="auth-footer">{t('app.basis')}</footer>
    </main>
  );
}
