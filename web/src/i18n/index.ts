import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { setLocaleSource } from '../api/client';
import type { Locale, LocalizedMessages } from '../api/types';
import { zhCN } from './zh-CN';

/**
 * Texts in two languages: Simplified Chinese first, English second. The choice is kept in
 * localStorage under `ptech.locale`; zh-CN when nothing (or something unknown) is stored.
 * A module adds its texts as a new section in zh-CN.ts and en.ts and reads them with
 * `t('section.key')`; keys are checked by the compiler (see i18next.d.ts).
 */

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'ptech.locale';

const dayjsLocales: Record<Locale, string> = { 'zh-CN': 'zh-cn', en: 'en' };

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

function applyLocaleToPage(locale: Locale): void {
  dayjs.locale(dayjsLocales[locale]);
  document.documentElement.lang = locale;
}

const initial = storedLocale();

// The English texts (about 35 KB gzip) are loaded when English is chosen, not with every first
// page: most users read Chinese, and the sign-in page is held to 400 KB (bench web-first-load).
let english: Promise<void> | null = null;
function loadEnglish(): Promise<void> {
  english ??= import('./en').then(
    ({ en }) => {
      i18n.addResourceBundle('en', 'translation', en, true, true);
    },
    (error: unknown) => {
      // A failed download (the network dropped) is tried again at the next choice, not remembered.
      english = null;
      throw error;
    },
  );
  return english;
}

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: zhCN },
  },
  partialBundledLanguages: true,
  lng: initial,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: LOCALES as Locale[],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});
applyLocaleToPage(initial);

/** Settles once the texts of the stored language are there: the page renders after it. */
export const i18nReady: Promise<void> =
  initial === 'en'
    ? loadEnglish().then(
        async () => void (await i18n.changeLanguage('en')),
        // The English texts could not be fetched: the page opens in Chinese rather than not at all.
        async () => {
          applyLocaleToPage(DEFAULT_LOCALE);
          await i18n.changeLanguage(DEFAULT_LOCALE);
        },
      )
    : Promise.resolve();

export function currentLocale(): Locale {
  const language = i18n.resolvedLanguage ?? i18n.language;
  return isLocale(language) ? language : DEFAULT_LOCALE;
}

setLocaleSource(currentLocale);

export async function setLocale(locale: Locale): Promise<void> {
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Private mode without storage: the choice lasts until the page is closed.
  }
  if (locale === 'en') await loadEnglish();
  applyLocaleToPage(locale);
  await i18n.changeLanguage(locale);
}

/** The current locale; re-renders the caller when it changes. */
export function useLocale(): Locale {
  const { i18n: instance } = useTranslation();
  const language = instance.resolvedLanguage ?? instance.language;
  return isLocale(language) ? language : DEFAULT_LOCALE;
}

/** Picks the text of the current locale from a server's `{ "zh-CN", "en" }` message pair. */
export function pickMessage(messages: Partial<LocalizedMessages> | undefined, locale: Locale): string | undefined {
  if (!messages) return undefined;
  return messages[locale] ?? messages[DEFAULT_LOCALE] ?? messages.en;
}

export { i18n };
