import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Modal, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applicationKeys } from '../../api/application-queries';
import type { Ban } from '../../api/application-types';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/problem-alert';

/** The supervising department's acts on a ban (六(四)): correct its basis or dates, or lift it; each with a reason. */
export function BanActs({ ban }: { ban: Ban }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [act, setAct] = useState<'lift' | 'correct' | null>(null);
  const [reason, setReason] = useState('');
  const [basis, setBasis] = useState(ban.basis);
  const [until, setUntil] = useState(dayjs(ban.untilDate));
  const save = useMutation({
    mutationFn: () =>
      act === 'lift'
        ? api.post<Ban>(`/bans/${ban.id}/lift`, { reason })
        : api.post<Ban>(`/bans/${ban.id}/correct`, { reason, ...(basis.trim() !== ban.basis ? { basis } : {}), ...(until.format('YYYY-MM-DD') !== ban.untilDate ? { untilDate: until.format('YYYY-MM-DD') } : {}) }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: applicationKeys.bans });
      message.success(t('sanctions.bans.saved'));
      setAct(null);
      setReason('');
    },
  });
  if (!ban.allowedActs.length) return null;
  return (
    <>
      <Space size={0}>
        {ban.allowedActs.includes('correct') ? (
          <Button type="link" size="small" onClick={() => setAct('correct')} data-testid={`ban-correct-${ban.subjectName}`}>
            {t('sanctions.bans.correct')}
          </Button>
        ) : null}
        {ban.allowedActs.includes('lift') ? (
          <Button type="link" size="small" danger onClick={() => setAct('lift')} data-testid={`ban-lift-${ban.subjectName}`}>
            {t('sanctions.bans.lift')}
          </Button>
        ) : null}
      </Space>
      <Modal
        open={act !== null}
        title={act === 'lift' ? t('sanctions.bans.liftTitle', { name: ban.subjectName }) : t('sanctions.bans.correctTitle')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: act === 'lift', disabled: reason.trim().length < 2, loading: save.isPending, 'data-testid': 'ban-act-ok' } as never}
        onOk={() => save.mutate()}
        onCancel={() => setAct(null)}
        destroyOnHidden
      >
        {act === 'lift' ? <Typography.Paragraph>{t('sanctions.bans.liftBody')}</Typography.Paragraph> : null}
        {save.isError ? <ProblemAlert error={save.error} /> : null}
        <Form layout="vertical">
          {act === 'correct' ? (
            <>
              <Form.Item label={t('sanctions.bans.basis')}>
                <Input.TextArea rows={3} maxLength={1000} value={basis} onChange={(event) => setBasis(event.target.value)} />
              </Form.Item>
              <Form.Item label={t('sanctions.bans.untilDate')}>
                <DatePicker value={until} allowClear={false} onChange={(value) => value && setUntil(value)} />
              </Form.Item>
            </>
          ) : null}
          <Form.Item label={t('sanctions.bans.reason')} required>
            <Input.TextArea rows={3} maxLength={1000} value={reason} placeholder={t('sanctions.bans.reasonPlaceholder')} onChange={(event) => setReason(event.target.value)} data-testid="ban-act-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
