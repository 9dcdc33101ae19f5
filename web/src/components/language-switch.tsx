import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLocale, useLocale } from '../i18n';

/** Switches between 中文 and English; the button names the language it switches to. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const locale = useLocale();
  const next = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      title={t('locale.switchAria')}
      lang={next}
      data-testid="language-switch"
      onClick={() => void setLocale(next)}
    >
      {t('locale.switchTo')}
    </Button>
  );
}
