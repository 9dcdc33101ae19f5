import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { queryKeys, useMe } from '../../api/queries';
import type { Me } from '../../api/types';
import { safeNext } from '../../auth/guards';
import { FullPageSpin } from '../../components/full-page-spin';
import { usePageTitle } from '../../components/page-header';
import { useProblemText } from '../../components/problem-alert';
import { AuthScreen } from './auth-screen';

interface LoginForm {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.loginTitle'));
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get('next'));
  const problemText = useProblemText();

  const login = useMutation({
    mutationFn: (values: LoginForm) => api.post<{ user: Me }>('/auth/login', values),
    onSuccess: ({ user }) => {
      // Nothing cached for an earlier user may show through.
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, user);
      void navigate(next, { replace: true });
    },
  });

  // Wait for the first answer only: a server that fails to say who is signed in must not keep
  // the form away.
  if (me.isPending && me.failureCount === 0) return <FullPageSpin />;
  if (me.data && !login.isPending && !login.isSuccess) return <Navigate to={next} replace />;

  return (
    <AuthScreen>
      <Card className="auth-card" title={t('auth.loginTitle')}>
        <Form<LoginForm>
          layout="vertical"
          size="large"
          requiredMark={false}
          onFinish={(values) => login.mutate({ username: values.username.trim(), password: values.password })}
          disabled={login.isPending}
        >
          {login.isError ? (
            <Alert type="error" showIcon title={problemText(login.error)} style={{ marginBottom: 16 }} />
          ) : null}
          <Form.Item
            name="username"
            label={t('auth.username')}
            rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Form.Item style={{ marginBottom: 12 }}>
            <Button type="primary" htmlType="submit" block loading={login.isPending}>
              {t('auth.login')}
            </Button>
          </Form.Item>
        </Form>
        <p style={{ margin: 0, color: '#8a93a4', fontSize: 13 }}>{t('auth.loginHint')}</p>
      </Card>
    </AuthScreen>
  );
}
