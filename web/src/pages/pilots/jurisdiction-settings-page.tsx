import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { showProblemOnForm } from '../../api/problem';
import { pilotPlanKeys, useJurisdictionSettings } from '../../api/pilot-plan-queries';
import type { CommitteeLimits, EvaluationModel, Fraction, JurisdictionSetting, JurisdictionSettingYear } from '../../api/pilot-plan-types';
import { serverYear } from '../../clock';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { pickMessage, useLocale } from '../../i18n';

const MODELS: EvaluationModel[] = ['filed-enterprise', 'provincial-plan-filing', 'ministry-pilot-filing'];
const MODEL_COLOURS: Record<EvaluationModel, string> = { 'filed-enterprise': 'green', 'provincial-plan-filing': 'blue', 'ministry-pilot-filing': 'purple' };
const INHERIT = 'inherit';

interface FormValues {
  year: number;
  model: EvaluationModel | typeof INHERIT;
  deadline?: Dayjs | null;
  minimumSize?: number | null;
  oddSizeRequired?: 'odd' | 'any';
  quorumNumerator?: number | null;
  quorumDenominator?: number | null;
  thresholdNumerator?: number | null;
  thresholdDenominator?: number | null;
  note?: string;
}

const fractionOf = (numerator: number | null | undefined, denominator: number | null | undefined): Fraction | null => (numerator && denominator ? { numerator, denominator } : null);
const fractionText = (fraction: Fraction | null) => (fraction ? `${fraction.numerator}/${fraction.denominator}` : null);

/** The committee limits in one line: "不少于5人；单数；出席≥2/3；同意≥2/3", or "不限". */
function LimitsText({ limits }: { limits: CommitteeLimits }) {
  const { t } = useTranslation();
  const parts = [
    limits.minimumSize !== null ? t('jurisdiction.limits.minimumSize', { size: limits.minimumSize }) : null,
    limits.oddSizeRequired ? t('jurisdiction.limits.odd') : null,
    limits.quorumFloor ? t('jurisdiction.limits.quorum', { value: fractionText(limits.quorumFloor) }) : null,
    limits.thresholdFloor ? t('jurisdiction.limits.threshold', { value: fractionText(limits.thresholdFloor) }) : null,
  ].filter(Boolean);
  return <span>{parts.length ? parts.join('；') : t('jurisdiction.limits.none')}</span>;
}

function SettingText({ setting }: { setting: JurisdictionSetting | null }) {
  const { t } = useTranslation();
  if (!setting) return <Typography.Text type="secondary">{t('jurisdiction.notSet')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={0}>
      <span>{setting.model ? t(`jurisdiction.models.${setting.model}`) : t('jurisdiction.modelInherited')}</span>
      {setting.deadline ? <Typography.Text type="secondary">{t('jurisdiction.deadlineValue', { deadline: setting.deadline })}</Typography.Text> : null}
      <Typography.Text type="secondary">
        <LimitsText limits={setting.committee} />
      </Typography.Text>
      {setting.note ? <Typography.Text type="secondary">{setting.note}</Typography.Text> : null}
    </Space>
  );
}

/**
 * 评聘工作设置: per year, who may evaluate (the model and its filing deadline) and the committee
 * limits plans must keep. The ministry sets the national default, a provincial department its own
 * area's; a year nobody set runs the filed-enterprise model (二(一)). Other departments read.
 */
export default function JurisdictionSettingsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const settings = useJurisdictionSettings();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const [editing, setEditing] = useState<JurisdictionSettingYear | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();
  const model = Form.useWatch('model', form);
  const level = settings.data?.level ?? null;
  const own = (item: JurisdictionSettingYear) => (level === 'national' ? item.national : item.provincial);

  const save = useMutation({
    mutationFn: (values: FormValues) =>
      api.post<JurisdictionSetting>('/jurisdiction-settings', {
        year: values.year,
        model: values.model === INHERIT ? null : values.model,
        deadline: values.deadline ? values.deadline.format('YYYY-MM-DD') : null,
        committee: {
          minimumSize: values.minimumSize ?? null,
          oddSizeRequired: values.oddSizeRequired === 'odd' ? true : null,
          quorumFloor: fractionOf(values.quorumNumerator, values.quorumDenominator),
          thresholdFloor: fractionOf(values.thresholdNumerator, values.thresholdDenominator),
        },
        note: values.note?.trim() || null,
      }),
    onSuccess: async (saved) => {
      void message.success(t('jurisdiction.saved', { year: saved.year }));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: pilotPlanKeys.jurisdictionSettings }),
        queryClient.invalidateQueries({ queryKey: pilotPlanKeys.pilotApplications }),
        queryClient.invalidateQueries({ queryKey: ['plan-options'] }),
        queryClient.invalidateQueries({ queryKey: pilotPlanKeys.plans }),
      ]);
      setEditing(null);
    },
    onError: (error) => {
      if (!showProblemOnForm(form, error, locale)) void message.error(problemText(error));
    },
  });

  const open = (item: JurisdictionSettingYear | 'new') => {
    setEditing(item);
    const current = item === 'new' ? null : own(item);
    const year = item === 'new' ? (settings.data?.items[0]?.year ?? serverYear()) + 1 : item.year;
    form.setFieldsValue({
      year,
      model: current?.model ?? INHERIT,
      deadline: current?.deadline ? dayjs(current.deadline) : null,
      minimumSize: current?.committee.minimumSize ?? null,
      oddSizeRequired: current?.committee.oddSizeRequired ? 'odd' : 'any',
      quorumNumerator: current?.committee.quorumFloor?.numerator ?? null,
      quorumDenominator: current?.committee.quorumFloor?.denominator ?? null,
      thresholdNumerator: current?.committee.thresholdFloor?.numerator ?? null,
      thresholdDenominator: current?.committee.thresholdFloor?.denominator ?? null,
      note: current?.note ?? undefined,
    });
  };

  const columns = [
    { title: t('jurisdiction.year'), dataIndex: 'year', key: 'year', width: 90 },
    {
      title: t('jurisdiction.effective'),
      key: 'effective',
      render: (_: unknown, row: JurisdictionSettingYear) => (
        <Space orientation="vertical" size={2}>
          <Tag color={MODEL_COLOURS[row.effective.model]} data-testid={`jurisdiction-model-${row.year}`}>
            {pickMessage(row.effective.modelName, locale)}
          </Tag>
          <Typography.Text type="secondary">
            {row.effective.modelSource === 'default' ? t('jurisdiction.sourceDefault') : t('jurisdiction.sourceSetBy', { by: row.effective.modelSetBy })}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('jurisdiction.deadline'),
      key: 'deadline',
      width: 180,
      render: (_: unknown, row: JurisdictionSettingYear) =>
        row.effective.deadline ? (
          <span>
            {row.effective.deadline} <Tag color={row.deadlineOpen ? 'green' : 'red'}>{row.deadlineOpen ? t('jurisdiction.deadlineOpen') : t('jurisdiction.deadlineClosed')}</Tag>
          </span>
        ) : (
          '—'
        ),
    },
    { title: t('jurisdiction.committeeLimits'), key: 'limits', render: (_: unknown, row: JurisdictionSettingYear) => <LimitsText limits={row.effective.committee} /> },
    ...(level === 'provincial'
      ? [{ title: t('jurisdiction.national'), key: 'national', render: (_: unknown, row: JurisdictionSettingYear) => <SettingText setting={row.national} /> }]
      : []),
    ...(level
      ? [
          {
            title: level === 'national' ? t('jurisdiction.ownNational') : t('jurisdiction.ownProvincial'),
            key: 'own',
            render: (_: unknown, row: JurisdictionSettingYear) => <SettingText setting={own(row)} />,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 110,
            render: (_: unknown, row: JurisdictionSettingYear) => (
              <Button type="link" size="small" onClick={() => open(row)} data-testid={`jurisdiction-edit-${row.year}`}>
                {t('jurisdiction.set')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('jurisdiction.title')}
        description={t('jurisdiction.description')}
        extra={
          level ? (
            <Button icon={<PlusOutlined />} onClick={() => open('new')} data-testid="jurisdiction-add">
              {t('jurisdiction.addYear')}
            </Button>
          ) : undefined
        }
      />
      <Card>
        {settings.data ? (
          <Typography.Paragraph type="secondary">
            {t('jurisdiction.today', { today: settings.data.today })}
            {settings.data.organisation ? ` ${level ? t(`jurisdiction.level.${level}`, { name: settings.data.organisation.name }) : t('jurisdiction.readOnly', { name: settings.data.organisation.name })}` : ''}
          </Typography.Paragraph>
        ) : null}
        {settings.isError ? (
          <ProblemAlert error={settings.error} onRetry={() => void settings.refetch()} />
        ) : (
          <Table<JurisdictionSettingYear>
            rowKey="year"
            loading={settings.isPending}
            dataSource={settings.data?.items ?? []}
            pagination={false}
            columns={columns}
            scroll={{ x: 'max-content' }}
            data-testid="jurisdiction-settings"
            expandable={
              level === 'national'
                ? {
                    rowExpandable: (row) => row.provinces.length > 0,
                    expandedRowRender: (row) => (
                      <Table<JurisdictionSetting>
                        size="small"
                        rowKey="organisationId"
                        pagination={false}
                        dataSource={row.provinces}
                        columns={[
                          { title: t('jurisdiction.province'), dataIndex: 'organisationName', key: 'name', width: 260 },
                          { title: t('jurisdiction.ownProvincial'), key: 'setting', render: (_: unknown, setting: JurisdictionSetting) => <SettingText setting={setting} /> },
                        ]}
                      />
                    ),
                  }
                : undefined
            }
          />
        )}
      </Card>
      <Modal
        open={editing !== null}
        width={720}
        title={editing && editing !== 'new' ? t('jurisdiction.modalTitle', { year: editing.year }) : t('jurisdiction.modalTitleNew')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: save.isPending, ...({ 'data-testid': 'jurisdiction-save' } as Record<string, string>) }}
        onCancel={() => setEditing(null)}
        onOk={() => void form.validateFields().then((values) => save.mutate(values))}
        forceRender
      >
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('jurisdiction.modelsHint')} />
        <Form form={form} layout="vertical">
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="year" label={t('jurisdiction.year')} rules={[{ required: true, message: t('jurisdiction.yearRequired') }]}>
                <InputNumber min={2021} max={2100} precision={0} disabled={editing !== 'new'} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item name="model" label={t('jurisdiction.model')} rules={[{ required: true }]}>
                <Select
                  data-testid="jurisdiction-model"
                  options={[
                    { value: INHERIT, label: level === 'national' ? t('jurisdiction.inheritNational') : t('jurisdiction.inheritProvincial') },
                    ...MODELS.map((value) => ({ value, label: t(`jurisdiction.models.${value}`) })),
                  ]}
                />
              </Form.Item>
            </Col>
          </Row>
          {model && model !== INHERIT && model !== 'filed-enterprise' ? (
            <Form.Item
              name="deadline"
              label={model === 'ministry-pilot-filing' ? t('jurisdiction.pilotDeadline') : t('jurisdiction.planDeadline')}
              extra={model === 'ministry-pilot-filing' ? t('jurisdiction.pilotDeadlineHint') : t('jurisdiction.planDeadlineHint')}
              rules={model === 'ministry-pilot-filing' ? [{ required: true, message: t('jurisdiction.deadlineRequired') }] : []}
            >
              <DatePicker style={{ width: 200 }} data-testid="jurisdiction-deadline" />
            </Form.Item>
          ) : null}
          <Typography.Title level={5}>{t('jurisdiction.committeeLimits')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('jurisdiction.committeeHint')}</Typography.Paragraph>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="minimumSize" label={t('jurisdiction.minimumSize')}>
                <InputNumber min={1} max={99} precision={0} style={{ width: '100%' }} placeholder={t('jurisdiction.unlimited')} data-testid="jurisdiction-minimum-size" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="oddSizeRequired" label={t('jurisdiction.oddSize')}>
                <Select options={[{ value: 'any', label: t('jurisdiction.unlimited') }, { value: 'odd', label: t('jurisdiction.limits.odd') }]} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item label={t('jurisdiction.quorumFloor')}>
                <Space.Compact>
                  <Form.Item name="quorumNumerator" noStyle>
                    <InputNumber min={1} max={1000} precision={0} placeholder={t('jurisdiction.numerator')} />
                  </Form.Item>
                  <Form.Item name="quorumDenominator" noStyle>
                    <InputNumber min={1} max={1000} precision={0} placeholder={t('jurisdiction.denominator')} />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item label={t('jurisdiction.thresholdFloor')}>
                <Space.Compact>
                  <Form.Item name="thresholdNumerator" noStyle>
                    <InputNumber min={1} max={1000} precision={0} placeholder={t('jurisdiction.numerator')} />
                  </Form.Item>
                  <Form.Item name="thresholdDenominator" noStyle>
                    <InputNumber min={1} max={1000} precision={0} placeholder={t('jurisdiction.denominator')} />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="note" label={t('jurisdiction.note')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} placeholder={t('jurisdiction.notePlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
