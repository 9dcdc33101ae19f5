import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';

/** The server's rule (PASSWORD_TOO_WEAK): at least 10 characters, letters and digits. */
export const MIN_PASSWORD_LENGTH = 10;

export function isStrongPassword(value: string): boolean {
  return value.length >= MIN_PASSWORD_LENGTH && /[A-Za-z]/.test(value) && /\d/.test(value);
}

export function passwordRules(t: TFunction): FormRule[] {
  return [
    { required: true, message: t('auth.passwordRequired') },
    { min: MIN_PASSWORD_LENGTH, message: t('auth.passwordTooShort') },
    {
      validator: (_rule, value: string | undefined) =>
        !value || (/[A-Za-z]/.test(value) && /\d/.test(value))
          ? Promise.resolve()
          : Promise.reject(new Error(t('auth.passwordNeedsLettersAndDigits'))),
    },
  ];
}
