import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { queryKeys } from '../api/queries';

/** Signs out; whatever the server answers, this browser forgets the user and their data. */
export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    onSettled: (_data, error) => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, null);
      void navigate('/login', { replace: true });
      if (!error) void message.success(t('header.loggedOut'));
    },
  });
}
