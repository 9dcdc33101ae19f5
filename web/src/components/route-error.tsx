import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';

/** Shown when a page throws while rendering, or its code cannot be loaded (after an update). */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (import.meta.env.DEV) console.error(error);
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="full-page-center">
      <Result
        status={notFound ? 'warning' : 'error'}
        title={notFound ? t('errors.notFoundTitle') : t('errors.crashTitle')}
        subTitle={notFound ? t('errors.notFound') : t('errors.crash')}
        extra={[
          <Button key="reload" type="primary" onClick={() => window.location.reload()}>
            {t('common.reload')}
          </Button>,
          <Button key="home" onClick={() => window.location.assign('/')}>
            {t('common.backHome')}
          </Button>,
        ]}
      />
    </div>
  );
}
