import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { problemText } from '../../api/problem';
import { pickMessage, useLocale } from '../../i18n';
import { punct } from '../../i18n/punctuation';

/** A refusal with every reason the server gave, each on its own line (paths shown as people count: row 1, not 0). */
export function ProblemDetails({ error, describePath }: { error: unknown; describePath?: (path: string) => string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const errors = isApiError(error) ? (error.problem.errors ?? []) : [];
  return (
    <Alert
      type="error"
      showIcon
      title={problemText(error, locale, t)}
      description={
        errors.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="problem-details">
            {errors.map((item, index) => (
              <li key={`${item.path}-${item.code}-${index}`}>
                {describePath && item.path ? `${describePath(item.path)}${punct().colon}` : ''}
                {pickMessage(item.messages, locale) ?? item.code}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
