import 'i18next';
import type { zhCN } from './zh-CN';

// Makes `t('…')` keys type-checked against the Chinese texts.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
    returnNull: false;
  }
}
