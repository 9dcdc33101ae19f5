import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the browser tab's title to "page · system". */
export function usePageTitle(title: string | undefined) {
  const { t } = useTranslation();
  const system = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${system}` : system;
  }, [title, system]);
}

export function PageHeader({ title, description, extra }: { title: string; description?: ReactNode; extra?: ReactNode }) {
  usePageTitle(title);
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {description ? <p className="page-header-description">{description}</p> : null}
      </div>
      {extra ? <div>{extra}</div> : null}
    </div>
  );
}
