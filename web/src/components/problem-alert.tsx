import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { problemText } from '../api/problem';
import { useLocale } from '../i18n';

/** A failed request, said in the current language, with a retry when there is one. */
export function ProblemAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const text = problemText(error, locale, t);
  return (
    <Alert
      type="error"
      showIcon
      title={title ?? text}
      description={title ? text : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** The same sentence, for message.error() and friends. */
export function useProblemText() {
  const { t } = useTranslation();
  const locale = useLocale();
  return (error: unknown) => problemText(error, locale, t);
}
