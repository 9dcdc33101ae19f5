import { WarningOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { applicationKeys, fileUrl, useEvidenceFlags } from '../../api/application-queries';
import type { EvidenceFlag, EvidenceFlagSide } from '../../api/application-types';
import { api } from '../../api/client';
import { useProblemText } from '../../components/problem-alert';
import { punct } from '../../i18n/punctuation';
import { ApplicationStatusTag } from './application-parts';
import { chinaTime } from '../../clock';

type Decision = { flag: EvidenceFlag; side: EvidenceFlagSide; act: 'clear' | 'reopen' };

/** Where in the form a claim stands, named: 高级技师证书, 业绩第2项, 荣誉（全国技术能手）… */
export function useFieldName() {
  const { t } = useTranslation();
  return (side: Pick<EvidenceFlagSide, 'field' | 'section'>) => {
    const [, rest] = side.field.split(/\.(.*)/s);
    if (side.section === 'achievements') return t('evidenceFlags.sections.achievement', { index: Number(rest ?? 0) + 1 });
    if (side.section === 'honours') return t('evidenceFlags.sections.honour', { honour: t(`appCommon.honours.${rest}` as 'appCommon.honours.china-skills-award') });
    return t(`evidenceFlags.sections.${side.section}`);
  };
}

/** One side of a flag: the reader's own applicant in full, another organisation's masked. */
function SideView({ flag, side, onDecide }: { flag: EvidenceFlag; side: EvidenceFlagSide; onDecide: (decision: Decision) => void }) {
  const { t } = useTranslation();
  const fieldName = useFieldName();
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      data-testid={`evidence-flag-side-${side.applicationId}`}
      items={[
        {
          key: 'applicant',
          label: t('evidenceFlags.applicant'),
          children: (
            <Space wrap>
              <Typography.Text strong data-testid="evidence-flag-name">{side.name}</Typography.Text>
              {side.idNumberMasked ? <Typography.Text type="secondary">{side.idNumberMasked}</Typography.Text> : null}
              {side.applicationStatus ? <ApplicationStatusTag status={side.applicationStatus} /> : null}
              {!side.readable ? <Tag>{t('evidenceFlags.masked')}</Tag> : null}
            </Space>
          ),
        },
        { key: 'organisation', label: t('evidenceFlags.organisation'), children: side.organisationName === side.planEnterpriseName ? side.organisationName : `${side.organisationName}${punct().paren(side.planEnterpriseName)}` },
        {
          key: 'where',
          label: t('evidenceFlags.where'),
          children: (
            <Space wrap>
              <span>{fieldName(side)}</span>
              {side.fileId && side.fileName ? (
                <a href={fileUrl(side.fileId)} target="_blank" rel="noreferrer">
                  {side.fileName}
                </a>
              ) : null}
            </Space>
          ),
        },
        {
          key: 'status',
          label: t('evidenceFlags.status'),
          children: (
            <Space direction="vertical" size={2}>
              <Space wrap>
                <Tag color={side.status === 'open' ? 'orange' : 'green'} data-testid="evidence-flag-side-status">
                  {t(`evidenceFlags.sideStates.${side.status}`)}
                </Tag>
                {side.fraudFound ? <Tag color="red">{t('evidenceFlags.fraudFound')}</Tag> : null}
                {side.allowedActs.map((act) => (
                  <Button key={act} size="small" onClick={() => onDecide({ flag, side, act })} data-testid={`evidence-flag-${act}`}>
                    {t(`evidenceFlags.sideActs.${act}`)}
                  </Button>
                ))}
                {side.readable ? (
                  <Link to={`/applications?application=${side.applicationId}`} data-testid="evidence-flag-open-application">
                    {t('evidenceFlags.openApplication')}
                  </Link>
                ) : null}
              </Space>
              {side.note ? (
                <Typography.Text type="secondary">
                  {side.note}
                  {side.decidedByName ? ` —— ${side.decidedByName}` : ''}
                  {side.decidedAt ? ` · ${chinaTime(side.decidedAt)}` : ''}
                </Typography.Text>
              ) : null}
            </Space>
          ),
        },
      ]}
    />
  );
}

/** One flag: what is shared, and its two applications side by side. */
export function EvidenceFlagView({ flag, onDecide, highlight }: { flag: EvidenceFlag; onDecide: (decision: Decision) => void; highlight?: boolean }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      style={{ marginBottom: 12, borderColor: highlight ? '#fa8c16' : undefined }}
      data-testid="evidence-flag"
      title={
        <Space wrap>
          <WarningOutlined style={{ color: flag.open ? '#fa8c16' : '#52c41a' }} />
          <span>{flag.kind === 'file' ? t('evidenceFlags.sameFile', { display: flag.display }) : t('evidenceFlags.sameNumber', { display: flag.display })}</span>
          <Tag color={flag.open ? 'orange' : 'green'}>{flag.open ? t('evidenceFlags.open') : t('evidenceFlags.closed')}</Tag>
        </Space>
      }
      extra={<Typography.Text type="secondary">{chinaTime(flag.createdAt)}</Typography.Text>}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {flag.sides.map((side) => (
          <SideView key={side.applicationId} flag={flag} side={side} onDecide={onDecide} />
        ))}
      </Space>
    </Card>
  );
}

/** The dialog that clears or reopens one side, with the reason; then the flags are read again. */
export function useEvidenceFlagDecision() {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [form] = Form.useForm<{ note: string }>();
  const mutation = useMutation({
    mutationFn: ({ flag, side, act, note }: Decision & { note: string }) => api.post<EvidenceFlag>(`/evidence-flags/${flag.id}/sides/${side.applicationId}/${act}`, { note }),
    onSuccess: () => {
      setDecision(null);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: applicationKeys.evidenceFlags });
      void message.success(t('evidenceFlags.decided'));
    },
    onError: (error) => void message.error(problemText(error)),
  });
  const modal = (
    <Modal
      open={Boolean(decision)}
      title={decision ? t(`evidenceFlags.sideActs.${decision.act}`) : ''}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'evidence-flag-decision-ok' } as never}
      onCancel={() => setDecision(null)}
      onOk={() => void form.validateFields().then(({ note }) => decision && mutation.mutate({ ...decision, note }))}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{decision?.act === 'clear' ? t('evidenceFlags.clearHint') : t('evidenceFlags.reopenHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="note" label={t('evidenceFlags.note')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={4} maxLength={2000} data-testid="evidence-flag-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
  return { open: setDecision, modal };
}

/** On an application's page: the flags that name it, if any. */
export function EvidenceFlagsCard({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const flags = useEvidenceFlags({ applicationId });
  const decision = useEvidenceFlagDecision();
  if (!flags.data?.length) return null;
  return (
    <Card size="small" title={t('evidenceFlags.cardTitle', { count: flags.data.length })} data-testid="evidence-flags-card">
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('evidenceFlags.suspicionNotFinding')} />
      {flags.data.map((flag) => (
        <EvidenceFlagView key={flag.id} flag={flag} onDecide={decision.open} />
      ))}
      {decision.modal}
    </Card>
  );
}
