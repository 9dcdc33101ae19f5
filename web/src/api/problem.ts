import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { pickMessage } from '../i18n';
import type { Locale } from './types';
import { ApiError, NetworkError } from './client';

/**
 * Turns any error into one sentence in the current language: the server's own message when it
 * sent problem+json, otherwise a known text for the code, otherwise a general one.
 */
export function problemText(error: unknown, locale: Locale, t: TFunction): string {
  if (error instanceof ApiError) {
    const fromServer = pickMessage(error.problem.messages, locale);
    if (fromServer) return fromServer;
    const known = t(`errors.codes.${error.code}` as 'errors.codes.FORBIDDEN', { defaultValue: '' });
    if (known) return known;
    return error.status >= 500 ? t('errors.server') : t('errors.unknown');
  }
  if (error instanceof NetworkError) return t('errors.network');
  return t('errors.unknown');
}

function fieldName(path: string): (string | number)[] {
  return path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts a problem on the form's fields: each `errors[].path` on its field (`filing.number` → the
 * field `['filing', 'number']`; `roles.0` → `roles`), and a whole-request code named in
 * `codeFields` (e.g. `USERNAME_TAKEN` → `username`) on that field. Returns true when everything
 * found a field, so the caller need not show the problem again above the form.
 */
export function showProblemOnForm(
  form: FormInstance,
  error: unknown,
  locale: Locale,
  codeFields: Record<string, string> = {},
): boolean {
  if (!(error instanceof ApiError)) return false;
  const registered = new Set(form.getFieldsError().map((field) => field.name.join('.')));
  const byField = new Map<string, string[]>();
  let unplaced = 0;
  const place = (path: string, message: string) => {
    let target = path.replace(/\[(\d+)\]/g, '.$1');
    while (target && !registered.has(target)) target = target.split('.').slice(0, -1).join('.');
    if (!target) {
      unplaced += 1;
      return;
    }
    byField.set(target, [...(byField.get(target) ?? []), message]);
  };

  const fieldErrors = error.problem.errors ?? [];
  for (const fieldError of fieldErrors) {
    place(fieldError.path, pickMessage(fieldError.messages, locale) ?? fieldError.code);
  }
  const codeField = codeFields[error.code];
  if (codeField) place(codeField, pickMessage(error.problem.messages, locale) ?? error.code);
  else if (!fieldErrors.length) return false;

  form.setFields([...byField].map(([path, errors]) => ({ name: fieldName(path), errors })));
  return byField.size > 0 && unplaced === 0;
}
