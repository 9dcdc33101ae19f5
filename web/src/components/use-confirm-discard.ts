import type { FormInstance } from 'antd';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';

/** Closes a form's drawer or modal, asking first when something was typed into it. */
export function useConfirmDiscard() {
  const { modal } = App.useApp();
  const { t } = useTranslation();
  return (form: FormInstance, close: () => void) => {
    if (!form.isFieldsTouched()) {
      close();
      return;
    }
    modal.confirm({
      title: t('common.discardTitle'),
      content: t('common.discardContent'),
      okText: t('common.discard'),
      okButtonProps: { danger: true },
      cancelText: t('common.continueEditing'),
      onOk: close,
    });
  };
}
