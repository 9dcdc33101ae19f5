import { StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/problem-alert';
import type { Notice } from './notice-types';

/**
 * 撤销公示: HR cancels a notice before its last day, with a reason and a confirmation; its
 * candidates go back to the recommended list (to be published again with new dates).
 */
export function CancelNoticeButton({ noticeId, size }: { noticeId: string; size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const cancel = useMutation({
    mutationFn: () => api.post<Notice>(`/notices/${noticeId}/cancel`, { reason }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['notices', noticeId], updated);
      void queryClient.invalidateQueries({ queryKey: ['notices'] });
      message.success(t('sanctions.notice.cancelled'));
      setOpen(false);
      setReason('');
    },
  });
  return (
    <>
      <Button danger size={size} icon={<StopOutlined />} onClick={() => setOpen(true)} data-testid={`cancel-notice-${noticeId}`}>
        {t('sanctions.notice.cancel')}
      </Button>
      <Modal
        open={open}
        title={t('sanctions.notice.cancelTitle')}
        okText={t('sanctions.notice.cancel')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: cancel.isPending, 'data-testid': 'cancel-notice-ok' } as never}
        onOk={() => cancel.mutate()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('sanctions.notice.cancelBody')}</Typography.Paragraph>
        {cancel.isError ? <ProblemAlert error={cancel.error} /> : null}
        <Form layout="vertical">
          <Form.Item label={t('sanctions.notice.reason')} required>
            <Input.TextArea rows={3} maxLength={1000} value={reason} placeholder={t('sanctions.notice.reasonPlaceholder')} onChange={(event) => setReason(event.target.value)} data-testid="cancel-notice-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
