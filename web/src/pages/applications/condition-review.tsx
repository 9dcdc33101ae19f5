// 逐项审核: how HR reviews one condition. Facts (qualification, years in post, occupation, bans)
// are confirmed or, when the recorded fact is wrong, corrected with evidence (the rules run again);
// judgements (front-line work, conduct, performance, physical fitness) and what the rules leave to
// a person are decided, with a reason where the decision differs or weighs a record.
import { CheckOutlined, EditOutlined, FileSearchOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isFactCondition } from '../../../../src/domain/eligibility.ts';
import type { Application, ConditionState, EvidenceRef, FactCorrection, ReviewedCondition } from '../../api/application-types';
import { DateField, EvidenceField } from './application-form';
import { EvidenceList, formatTime, useLocalized } from './application-parts';
import { punct } from '../../i18n/punctuation';

type Act = (path: string, body: unknown) => Promise<unknown>;

const STATE_COLOURS: Record<ConditionState, string> = { met: 'success', 'not-met': 'error', 'to-check': 'warning' };

export function ConditionStateTag({ state }: { state: ConditionState }) {
  const { t } = useTranslation();
  const label = state === 'met' ? t('appCommon.met') : state === 'not-met' ? t('appCommon.notMet') : t('appCommon.toCheck');
  return <Tag color={STATE_COLOURS[state]}>{label}</Tag>;
}

/** The rules core's result of each condition, HR's review, and the acts HR may take on it. */
export function ConditionReviewTable({ application, canScreen, act, busy }: { application: Application; canScreen: boolean; act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const [deciding, setDeciding] = useState<ReviewedCondition | null>(null);
  const [correcting, setCorrecting] = useState<ReviewedCondition | null>(null);
  const conditions = application.conditions ?? [];
  return (
    <>
      <Table<ReviewedCondition>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={conditions}
        columns={[
          {
            title: t('screening.columns.conditions'),
            dataIndex: 'id',
            width: 180,
            render: (conditionId: ReviewedCondition['id'], row) => (
              <Space orientation="vertical" size={2}>
                <span>{t(`appCommon.conditions.${conditionId}`)}</span>
                {row.corrected ? <Tag color="purple">{t('applicationReview.corrected')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('applicationReview.automatic'),
            key: 'automatic',
            render: (_value, row) => (
              <Space orientation="vertical" size={2}>
                <ConditionStateTag state={row.automaticState} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {localized(row.automaticReason)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('applicationReview.decision'),
            key: 'decision',
            width: 280,
            render: (_value, row) => (
              <Space orientation="vertical" size={4} data-testid={`review-${row.id}`}>
                {row.review ? (
                  row.review.decision === 'confirmed' ? (
                    <Tag color={row.met ? 'green' : 'red'}>{t('applicationReview.confirmedAs', { result: row.met ? t('appCommon.met') : t('appCommon.notMet') })}</Tag>
                  ) : (
                    <Tooltip title={row.review.reason}>
                      <Tag color="orange">
                        {t('applicationReview.decidedAs', { result: row.met ? t('appCommon.met') : t('appCommon.notMet') })}
                        {row.review.reason ? `${punct().colon}${row.review.reason}` : ''}
                      </Tag>
                    </Tooltip>
                  )
                ) : (
                  <Typography.Text type="secondary">{t('applicationReview.notReviewed')}</Typography.Text>
                )}
                {canScreen ? (
                  <Space size={4} wrap>
                    {row.automaticState !== 'to-check' ? (
                      <Button size="small" icon={<CheckOutlined />} disabled={busy} onClick={() => void act(`conditions/${row.id}/review`, { decision: 'confirm' })} data-testid={`confirm-${row.id}`}>
                        {t('applicationReview.confirm')}
                      </Button>
                    ) : null}
                    {!isFactCondition(row.id) || row.automaticState === 'to-check' ? (
                      <Button size="small" icon={<EditOutlined />} disabled={busy} onClick={() => setDeciding(row)} data-testid={`decide-${row.id}`}>
                        {t('applicationReview.decide')}
                      </Button>
                    ) : null}
                    {isFactCondition(row.id) && row.id !== 'notBanned' ? (
                      <Button size="small" icon={<FileSearchOutlined />} disabled={busy} onClick={() => setCorrecting(row)} data-testid={`correct-${row.id}`}>
                        {t('applicationReview.correct')}
                      </Button>
                    ) : null}
                  </Space>
                ) : null}
                {canScreen && isFactCondition(row.id) && row.automaticState !== 'to-check' ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('applicationReview.factHint')}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {deciding ? <DecideModal condition={deciding} onClose={() => setDeciding(null)} act={act} busy={busy} /> : null}
      {correcting ? <CorrectFactsModal application={application} condition={correcting} onClose={() => setCorrecting(null)} act={act} busy={busy} /> : null}
    </>
  );
}

function DecideModal({ condition, onClose, act, busy }: { condition: ReviewedCondition; onClose: () => void; act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ met: boolean; reason?: string }>();
  const name = t(`appCommon.conditions.${condition.id}`);
  return (
    <Modal
      open
      title={t('applicationReview.decideTitle', { condition: name })}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'decide-ok' } as never}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then(async ({ met, reason }) => {
          await act(`conditions/${condition.id}/review`, { decision: 'decide', met, reason: reason?.trim() || undefined });
          onClose();
        })
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('applicationReview.decideHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ met: condition.automaticState === 'not-met' ? false : true }}>
        <Form.Item name="met" label={t('applicationReview.decideResult')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: true, label: t('appCommon.met') },
              { value: false, label: t('appCommon.notMet') },
            ]}
            data-testid="decide-met"
          />
        </Form.Item>
        <Form.Item name="reason" label={t('applicationReview.reason')}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="decide-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface CorrectionValues {
  kind?: 'skill-level' | 'vocational-qualification';
  certificateNumber?: string;
  level?: number;
  issuer?: string;
  issuedOn?: string | null;
  postSince?: string | null;
  occupationCode?: string;
  stillInOccupation?: boolean;
  note: string;
  evidence: EvidenceRef[];
}

/** 更正事实: the fact as it should be, what was wrong, and the evidence; the rules run again. */
function CorrectFactsModal({ application, condition, onClose, act, busy }: { application: Application; condition: ReviewedCondition; onClose: () => void; act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CorrectionValues>();
  const content = application.content;
  const initial: Partial<CorrectionValues> =
    condition.id === 'qualification'
      ? { kind: content.qualification.kind ?? 'skill-level', certificateNumber: content.qualification.certificateNumber ?? '', level: content.qualification.level ?? 1, issuer: content.qualification.issuer ?? '', issuedOn: content.qualification.issuedOn }
      : condition.id === 'yearsInPost'
        ? { postSince: content.post.since }
        : { occupationCode: content.occupationCode ?? '', stillInOccupation: content.stillInOccupation ?? true };
  const submit = (values: CorrectionValues) => {
    const body: Record<string, unknown> = { note: values.note, evidenceFileIds: values.evidence.map((file) => file.fileId) };
    if (condition.id === 'qualification') body.qualification = { kind: values.kind, certificateNumber: values.certificateNumber, level: values.level, issuer: values.issuer || null, issuedOn: values.issuedOn ?? null };
    if (condition.id === 'yearsInPost') body.postSince = values.postSince;
    if (condition.id === 'occupation') {
      body.occupationCode = values.occupationCode;
      body.stillInOccupation = values.stillInOccupation;
    }
    return act('fact-corrections', body);
  };
  return (
    <Modal
      open
      width={640}
      title={t('applicationReview.correctTitle', { condition: t(`appCommon.conditions.${condition.id}`) })}
      okText={t('applicationReview.correct')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'correct-ok' } as never}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then(async (values) => {
          await submit(values);
          onClose();
        })
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('applicationReview.correctHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ ...initial, evidence: [] }}>
        {condition.id === 'qualification' ? (
          <>
            <Form.Item name="kind" label={t('applicationReview.correctFields.kind')} rules={[{ required: true }]}>
              <Select options={(['skill-level', 'vocational-qualification'] as const).map((value) => ({ value, label: t(`appCommon.certificateKinds.${value}`) }))} />
            </Form.Item>
            <Form.Item name="certificateNumber" label={t('applicationReview.correctFields.certificateNumber')} rules={[{ required: true }]}>
              <Input maxLength={30} data-testid="correct-certificate-number" />
            </Form.Item>
            <Form.Item name="level" label={t('applicationReview.correctFields.level')} rules={[{ required: true }]}>
              <InputNumber min={1} max={5} precision={0} />
            </Form.Item>
            <Form.Item name="issuer" label={t('applicationReview.correctFields.issuer')}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="issuedOn" label={t('applicationReview.correctFields.issuedOn')}>
              <DateField />
            </Form.Item>
          </>
        ) : null}
        {condition.id === 'yearsInPost' ? (
          <Form.Item name="postSince" label={t('applicationReview.correctFields.postSince')} rules={[{ required: true }]}>
            <DateField testId="correct-post-since" />
          </Form.Item>
        ) : null}
        {condition.id === 'occupation' ? (
          <>
            <Form.Item name="occupationCode" label={t('applicationReview.correctFields.occupationCode')} rules={[{ required: true }]}>
              <Select options={application.plan.occupations.map((occupation) => ({ value: occupation.code, label: `${occupation.code} ${occupation.name}` }))} />
            </Form.Item>
            <Form.Item name="stillInOccupation" label={t('applicationReview.correctFields.stillInOccupation')}>
              <Radio.Group options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} />
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="note" label={t('applicationReview.correctFields.note')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="correct-note" />
        </Form.Item>
        <Form.Item name="evidence" label={t('applicationReview.correctFields.evidence')} rules={[{ validator: (_rule, value: EvidenceRef[]) => (value?.length ? Promise.resolve() : Promise.reject(new Error(t('applicationReview.correctFields.evidence')))) }]}>
          <EvidenceField testId="correct-evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function factText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是 / yes' : '否 / no';
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== null && entry !== undefined && entry !== '')
      .map(([key, entry]) => `${key}: ${String(entry)}`)
      .join(punct().semicolon);
  }
  return String(value);
}

/** 事实更正记录: before and after, what was wrong, the evidence, who and when. */
export function CorrectionsCard({ corrections }: { corrections: FactCorrection[] }) {
  const { t } = useTranslation();
  if (!corrections.length) return null;
  return (
    <Card size="small" title={t('applicationReview.correctionsTitle')} data-testid="fact-corrections">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {corrections.map((correction) => (
          <div key={correction.at}>
            <Typography.Text strong>{t('applicationReview.correctionLine', { at: formatTime(correction.at), name: correction.correctorName ?? '', note: correction.note })}</Typography.Text>
            {Object.keys(correction.after).map((field) => (
              <div key={field}>
                <Typography.Text type="secondary">{field}{punct().colon}</Typography.Text>
                <Typography.Text delete>{factText(correction.before[field])}</Typography.Text>
                <Typography.Text> → {factText(correction.after[field])}</Typography.Text>
              </div>
            ))}
            {correction.evidence?.length ? <EvidenceList files={correction.evidence} /> : null}
          </div>
        ))}
      </Space>
    </Card>
  );
}
