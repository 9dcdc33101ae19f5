import { Alert, Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { chinaTime } from '../../clock';

export interface OneTimePassword {
  password: string;
  username: string;
  displayName: string;
  /** When it stops working if unused (ONE_TIME_PASSWORD_HOURS after it was given out). */
  expiresAt?: string | null;
}

/** Shows a generated password once; it cannot be seen again after this closes. */
export function OneTimePasswordModal({ value, onClose }: { value: OneTimePassword | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={value !== null}
      title={t('users.oneTimePassword.title')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="one-time-password-done">
          {t('users.oneTimePassword.acknowledge')}
        </Button>
      }
    >
      {value ? (
        <>
          <Alert
            type="warning"
            showIcon
            title={t('users.oneTimePassword.description', { name: value.displayName, username: value.username })}
            description={
              value.expiresAt ? (
                <span data-testid="one-time-password-valid-until">
                  {t('users.oneTimePassword.validUntil', { time: chinaTime(value.expiresAt) })}
                </span>
              ) : undefined
            }
          />
          <Typography.Text
            className="one-time-password"
            copyable={{ text: value.password, tooltips: [t('common.copy'), t('common.copied')] }}
            data-testid="one-time-password"
          >
            {value.password}
          </Typography.Text>
        </>
      ) : null}
    </Modal>
  );
}
