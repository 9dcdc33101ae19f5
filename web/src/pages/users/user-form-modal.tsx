import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Input, Modal, Radio, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { passwordRules } from '../../auth/password-rules';
import { showProblemOnForm } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import type { CreateUserInput, Organisation, Role, UpdateUserInput, User } from '../../api/types';
import { useProblemText } from '../../components/problem-alert';
import { useConfirmDiscard } from '../../components/use-confirm-discard';
import { useLocale } from '../../i18n';
import { buildOrganisationTree, toTreeSelectData } from '../../model/organisation-tree';
import { ALL_ROLES, ROLES_BY_KIND } from '../../model/organisations';
import type { OneTimePassword } from './one-time-password-modal';
import { chinaTime } from '../../clock';

export type UserFormMode = { type: 'create'; organisationId?: string } | { type: 'edit'; user: User };

interface FormValues {
  organisationId: string;
  username: string;
  displayName: string;
  roles: Role[];
  passwordMode: 'generate' | 'set';
  password?: string;
}

/** Refusals that concern one field, shown under it. */
const FIELD_OF_CODE: Record<string, string> = {
  USERNAME_TAKEN: 'username',
  ROLE_NOT_ALLOWED: 'roles',
  CANNOT_CHANGE_SELF: 'roles',
  PASSWORD_TOO_WEAK: 'password',
  PASSWORD_TOO_COMMON: 'password',
  PASSWORD_LIKE_USERNAME: 'password',
};

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/;

export function UserFormModal({
  mode,
  organisations,
  onClose,
  onOneTimePassword,
}: {
  mode: UserFormMode | null;
  organisations: Organisation[];
  onClose: () => void;
  onOneTimePassword: (value: OneTimePassword) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<FormValues>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const confirmDiscard = useConfirmDiscard();
  const [alertError, setAlertError] = useState<unknown>(null);
  const organisationId = Form.useWatch('organisationId', form);
  const passwordMode = Form.useWatch('passwordMode', form);

  const byId = useMemo(() => new Map(organisations.map((organisation) => [organisation.id, organisation])), [organisations]);
  const treeData = useMemo(() => toTreeSelectData(buildOrganisationTree(organisations)), [organisations]);
  const currentOrganisationId = mode?.type === 'edit' ? mode.user.organisationId : organisationId;
  const kind = currentOrganisationId ? byId.get(currentOrganisationId)?.kind : undefined;
  const roleChoices = kind ? ROLES_BY_KIND[kind] : mode?.type === 'edit' ? ALL_ROLES : [];

  const save = useMutation({
    mutationFn: async (values: FormValues) => {
      if (mode?.type === 'edit') {
        const body: UpdateUserInput = { displayName: values.displayName.trim(), roles: values.roles };
        const user = await api.patch<User>(`/users/${mode.user.id}`, body);
        return { user, initialPassword: undefined };
      }
      const body: CreateUserInput = {
        organisationId: values.organisationId,
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        roles: values.roles,
      };
      if (values.passwordMode === 'set' && values.password) body.password = values.password;
      return api.post<{ user: User; initialPassword?: string }>('/users', body);
    },
    onSuccess: async ({ user, initialPassword }) => {
      if (mode?.type === 'create' && !initialPassword && user.passwordExpiresAt) {
        // A password the administrator typed is one-time too: say by when it must be used.
        void message.success({
          content: t('users.createdWithPassword', { name: user.displayName, time: chinaTime(user.passwordExpiresAt) }),
          duration: 8,
        });
      } else {
        void message.success(mode?.type === 'create' ? t('users.created', { name: user.displayName }) : t('users.updated'));
      }
      await queryClient.invalidateQueries({ queryKey: queryKeys.usersAll });
      onClose();
      if (initialPassword) {
        onOneTimePassword({ password: initialPassword, username: user.username, displayName: user.displayName, expiresAt: user.passwordExpiresAt });
      }
    },
    onError: (error) => {
      if (!showProblemOnForm(form, error, locale, FIELD_OF_CODE)) setAlertError(error);
    },
  });

  const close = () => {
    save.reset();
    setAlertError(null);
    onClose();
  };

  const initialValues: Partial<FormValues> =
    mode?.type === 'edit'
      ? {
          organisationId: mode.user.organisationId,
          username: mode.user.username,
          displayName: mode.user.displayName,
          roles: mode.user.roles,
        }
      : { organisationId: mode?.organisationId, roles: [], passwordMode: 'generate' };

  return (
    <Modal
      open={mode !== null}
      title={mode?.type === 'edit' ? t('users.editTitle') : t('users.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={() => confirmDiscard(form, close)}
      confirmLoading={save.isPending}
      mask={{ closable: false }}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'user-save' } as Record<string, string>}
    >
      {mode ? (
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={(values) => {
            setAlertError(null);
            save.mutate(values);
          }}
          disabled={save.isPending}
          clearOnDestroy
        >
          {alertError ? <Alert type="error" showIcon title={problemText(alertError)} style={{ marginBottom: 16 }} /> : null}
          {mode.type === 'edit' ? (
            <Form.Item label={t('users.fields.organisation')}>
              <Typography.Text strong>{mode.user.organisationName}</Typography.Text>
            </Form.Item>
          ) : (
            <Form.Item
              name="organisationId"
              label={t('users.fields.organisation')}
              rules={[{ required: true, message: t('users.validation.organisationRequired') }]}
            >
              <TreeSelect
                treeData={treeData}
                treeDefaultExpandAll
                showSearch={{ treeNodeFilterProp: 'title' }}
                onChange={() => form.setFieldValue('roles', [])}
                data-testid="user-organisation"
              />
            </Form.Item>
          )}
          <Form.Item
            name="username"
            label={t('users.fields.username')}
            rules={
              mode.type === 'edit'
                ? []
                : [
                    { required: true, whitespace: true, message: t('users.validation.usernameRequired') },
                    { pattern: USERNAME_PATTERN, message: t('users.validation.usernameFormat') },
                  ]
            }
          >
            <Input disabled={mode.type === 'edit'} autoComplete="off" maxLength={40} />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('users.fields.displayName')}
            rules={[
              { required: true, whitespace: true, message: t('users.validation.displayNameRequired') },
              { max: 50 },
            ]}
          >
            <Input autoComplete="off" maxLength={50} />
          </Form.Item>
          <Form.Item
            name="roles"
            label={t('users.fields.roles')}
            extra={t('users.rolesHint')}
            rules={[{ required: true, type: 'array', min: 1, message: t('users.validation.rolesRequired') }]}
          >
            <Checkbox.Group options={roleChoices.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
          </Form.Item>
          {mode.type === 'create' ? (
            <>
              <Form.Item
                name="passwordMode"
                label={t('users.fields.passwordMode')}
                extra={passwordMode === 'generate' ? t('users.generateHint') : t('users.setHint')}
              >
                <Radio.Group
                  options={[
                    { value: 'generate', label: t('users.passwordModes.generate') },
                    { value: 'set', label: t('users.passwordModes.set') },
                  ]}
                />
              </Form.Item>
              {passwordMode === 'set' ? (
                <Form.Item
                  name="password"
                  label={t('users.fields.password')}
                  rules={passwordRules(t)}
                >
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
              ) : null}
            </>
          ) : null}
        </Form>
      ) : null}
    </Modal>
  );
}
