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

/**
 * Puts the field errors of a problem+json on the form's fields (`filing.number` → the field
 * `['filing', 'number']`). Returns true when every field error found its field, so the caller
 * need not show the problem again elsewhere.
 */
export function showProblemOnForm(form: FormInstance, error: unknown, locale: Locale): boolean {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return false;
  const registered = new Set(
    form
      .getFieldsError()
      .map((field) => field.name.join('.')),
  );
  const byField = new Map<string, string[]>();
  let unplaced = 0;
  for (const fieldError of error.problem.errors) {
    const path = fieldError.path.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1');
    const message = pickMessage(fieldError.messages, locale) ?? fieldError.code;
    // An error on an array item (`roles.0`) belongs to the array field.
    const target = registered.has(path) ? path : path.split('.').slice(0, -1).join('.');
    if (!registered.has(target)) {
      unplaced += 1;
      continue;
    }
    byField.set(target, [...(byField.get(target) ?? []), message]);
  }
  form.setFields(
    [...byField].map(([path, errors]) => ({
      name: path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
      errors,
    })),
  );
  return byField.size > 0 && unplaced === 0;
}
