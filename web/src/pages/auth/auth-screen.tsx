import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../../components/brand-mark';
import { LanguageSwitch } from '../../components/language-switch';

/**
 * The notice's title and its number, each kept on one line: a narrow screen breaks the footer
 * between 《…通知》 and （人社厅发〔2021〕66号）, never inside the number (it left "号）" alone on a line).
 */
function Unbroken({ text }: { text: string }) {
  const cut = text.lastIndexOf('（');
  if (cut <= 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, cut)}
      <span style={{ whiteSpace: 'nowrap' }}>{text.slice(cut)}</span>
    </>
  );
}

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
      <footer className="auth-footer">
        <Unbroken text={t('app.basis')} />
      </footer>
    </main>
  );
}
