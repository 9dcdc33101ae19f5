import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { showProblemOnForm } from '../../api/problem';
import { queryKeys, useMe } from '../../api/queries';
import { passwordRules } from '../../auth/password-rules';
import { useLogout } from '../../auth/use-logout';
import { usePageTitle } from '../../components/page-header';
import { useProblemText } from '../../components/problem-alert';
import { useLocale } from '../../i18n';
import { AuthScreen } from './auth-screen';

/** Refusals that concern one field, shown under it. */
const FIELD_OF_CODE: Record<string, keyof PasswordForm> = {
  CURRENT_PASSWORD_WRONG: 'currentPassword',
  INVALID_CREDENTIALS: 'currentPassword',
  PASSWORD_TOO_WEAK: 'newPassword',
  PASSWORD_UNCHANGED: 'newPassword',
  PASSWORD_TOO_COMMON: 'newPassword',
  PASSWORD_LIKE_USERNAME: 'newPassword',
};

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * Changing one's own password. Reached from the user menu, or forced before anything else when
 * the account still has a one-time password.
 */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.changePasswordTitle'));
  const locale = useLocale();
  const me = useMe();
  const forced = Boolean(me.data?.mustChangePassword);
  const [form] = Form.useForm<PasswordForm>();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const logout = useLogout();
  const problemText = useProblemText();
  const [alertError, setAlertError] = useState<unknown>(null);

  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: PasswordForm) =>
      api.post<void>('/auth/password', { currentPassword, newPassword }),
    onSuccess: async () => {
      void message.success(t('auth.passwordChanged'));
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      void navigate('/', { replace: true });
    },
    onError: (error) => {
      if (!showProblemOnForm(form, error, locale, FIELD_OF_CODE)) setAlertError(error);
    },
  });

  const goBack = () => {
    const state = window.history.state as { idx?: number } | null;
    if ((state?.idx ?? 0) > 0) void navigate(-1);
    else void navigate('/');
  };


  return (
    <AuthScreen>
      <Card className="auth-card" title={t('auth.changePasswordTitle')}>
        {forced ? (
          <Alert type="warning" showIcon title={t('auth.mustChange')} description={t('auth.mustChangeReason')} style={{ marginBottom: 16 }} data-testid="must-change-password" />
        ) : null}
        {alertError ? <Alert type="error" showIcon title={problemText(alertError)} style={{ marginBottom: 16 }} /> : null}
        <Form<PasswordForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => {
            setAlertError(null);
            change.mutate(values);
          }}
          disabled={change.isPending}
        >
          {/* Lets password managers tie the new password to the account. */}
          <input type="text" name="username" autoComplete="username" value={me.data?.username ?? ''} readOnly hidden />
          <Form.Item
            name="currentPassword"
            label={t('auth.currentPassword')}
            rules={[{ required: true, message: t('auth.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('auth.newPassword')}
            extra={t('auth.passwordRule')}
            dependencies={['currentPassword']}
            rules={[
              ...passwordRules(t),
              ({ getFieldValue }) => ({
                validator: (_rule, value: string | undefined) =>
                  !value || value !== getFieldValue('currentPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('auth.sameAsCurrent'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirmPassword"
            label={t('auth.confirmPassword')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('auth.passwordRequired') },
              ({ getFieldValue }) => ({
                validator: (_rule, value: string | undefined) =>
                  !value || value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('auth.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            {forced ? (
              <Button onClick={() => logout.mutate()} loading={logout.isPending} disabled={false}>
                {t('auth.logoutInstead')}
              </Button>
            ) : (
              <Button onClick={goBack} disabled={false}>
                {t('common.back')}
              </Button>
            )}
            <Button type="primary" htmlType="submit" loading={change.isPending}>
              {t('auth.submitChange')}
            </Button>
          </Space>
        </Form>
      </Card>
    </AuthScreen>
  );
}
