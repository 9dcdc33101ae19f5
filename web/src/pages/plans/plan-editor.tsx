import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Checkbox, Col, DatePicker, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Tabs, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommitteeLimits, PlanContent, PlanOptions } from '../../api/pilot-plan-types';
import type { ProblemFieldError } from '../../api/types';
import { useOccupations } from '../../api/pilot-plan-queries';
import { pickMessage } from '../../i18n';
import { DEFAULT_EVIDENCE_REQUIREMENTS } from '../../../../src/domain/application-rules.ts';
import { EVIDENCE_SECTIONS } from '../../api/pilot-plan-types';

/** The editor's tabs, in the plan's order, and which fields (by path prefix) each holds. */
export const PLAN_TABS = ['scope', 'eligibility', 'evaluation', 'organisation', 'committee', 'quota', 'timetable', 'publicity'] as const;
export type PlanTab = (typeof PLAN_TABS)[number];

export function tabOfPath(path: string): PlanTab {
  const head = path.split('.')[0];
  if (head === 'eligibility') return 'eligibility';
  if (head === 'evaluation') return 'evaluation';
  if (head === 'organisation') return 'organisation';
  if (head === 'committee') return 'committee';
  if (head === 'quotas') return 'quota';
  if (head === 'timetable') return 'timetable';
  if (head === 'publicity' || head === 'contact' || head === 'otherProvisions') return 'publicity';
  return 'scope';
}

const namePath = (path: string) => path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/**
 * Puts each problem on its field: the field itself, else the first field below it (the
 * numerator of a fraction), else the nearest field above it (the list of occupations for one of
 * them). Returns the name each one went to (or null).
 */
export function placeErrors(form: FormInstance, errors: ProblemFieldError[], locale: 'zh-CN' | 'en'): (string | null)[] {
  const registered = form.getFieldsError().map((field) => field.name.join('.'));
  const byField = new Map<string, string[]>();
  const placed = errors.map((error) => {
    let target: string | undefined = registered.find((name) => name === error.path) ?? registered.find((name) => name.startsWith(`${error.path}.`));
    let path = error.path;
    while (!target && path.includes('.')) {
      path = path.split('.').slice(0, -1).join('.');
      target = registered.find((name) => name === path);
    }
    if (!target) return null;
    byField.set(target, [...(byField.get(target) ?? []), pickMessage(error.messages, locale) ?? error.code]);
    return target;
  });
  // Clear the old messages everywhere, then set the new ones.
  form.setFields(registered.map((name) => ({ name: namePath(name) as never, errors: byField.get(name) ?? [] })));
  return placed;
}

/** Holds the place of a whole list (its errors show under it); the list itself is edited row by row. */
function ListErrors(_props: { value?: unknown; onChange?: unknown }) {
  return null;
}

/** DatePicker on a 'YYYY-MM-DD' string field. */
const dateProps = {
  getValueProps: (value: string | null | undefined) => ({ value: value ? dayjs(value) : null }),
  normalize: (value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : null),
};

function FractionInput({ name, label, hint }: { name: string; label: string; hint?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={label} extra={hint} required>
      <Space.Compact>
        <Form.Item name={['committee', name, 'numerator']} noStyle>
          <InputNumber min={0} max={1000} precision={0} style={{ width: 90 }} aria-label={t('planEditor.fields.numerator')} data-testid={`plan-${name}-numerator`} />
        </Form.Item>
        <span style={{ padding: '4px 10px', border: '1px solid #d9d9d9', borderInline: 'none', background: '#fafafa' }}>/</span>
        <Form.Item name={['committee', name, 'denominator']} noStyle>
          <InputNumber min={0} max={1000} precision={0} style={{ width: 90 }} aria-label={t('planEditor.fields.denominator')} data-testid={`plan-${name}-denominator`} />
        </Form.Item>
      </Space.Compact>
    </Form.Item>
  );
}

function Period({ from, to, label }: { from: string; to: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Col xs={24} sm={12}>
        <Form.Item name={['timetable', from]} label={`${label} · ${t('planEditor.fields.from')}`} {...dateProps}>
          <DatePicker style={{ width: '100%' }} data-testid={`plan-timetable-${from}`} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name={['timetable', to]} label={`${label} · ${t('planEditor.fields.to')}`} {...dateProps}>
          <DatePicker style={{ width: '100%' }} data-testid={`plan-timetable-${to}`} />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** 工作方案 editor: one tab per part of the plan; the form's values are the plan's content as the API has it. */
export function PlanEditorForm({
  form,
  content,
  options,
  disabled,
  errorCounts,
  activeTab,
  onTabChange,
  extraTabs,
  onChange,
  limits,
  kind,
}: {
  form: FormInstance<PlanContent>;
  content: PlanContent;
  options: PlanOptions | undefined;
  /** The committee limits of the plan's jurisdiction and year, shown beside the fields. */
  limits?: CommitteeLimits | null;
  disabled: boolean;
  errorCounts: Partial<Record<PlanTab, number>>;
  activeTab: string;
  onTabChange: (tab: string) => void;
  extraTabs: { key: string; label: string; children: ReactNode }[];
  onChange: () => void;
  /** The plan's kind: a 复核确认 plan sets the notice of its confirmed list. */
  kind?: string;
}) {
  const { t } = useTranslation();
  const catalogue = useOccupations({ limit: 5000 });
  const occupations = Form.useWatch('occupations', form) ?? content.occupations;
  const dimensions = Form.useWatch(['evaluation', 'dimensions'], form) ?? content.evaluation.dimensions;
  const minYears = Form.useWatch(['eligibility', 'minYearsInPost'], form);
  const organisationForm = Form.useWatch(['organisation', 'form'], form);
  const quotas = Form.useWatch('quotas', form) ?? content.quotas;
  const reReviewNoticeRequired = Form.useWatch(['publicity', 'reReviewNotice', 'required'], form) ?? content.publicity.reReviewNotice?.required ?? true;

  const names = useMemo(() => new Map((catalogue.data?.items ?? []).map((item) => [item.code, item.name])), [catalogue.data]);
  const occupationOptions = useMemo(
    () => (catalogue.data?.items ?? []).map((item) => ({ value: item.code, label: `${item.code} ${item.name}` })),
    [catalogue.data],
  );
  const weightSum = Math.round((dimensions ?? []).reduce((sum, dimension) => sum + (Number(dimension?.weight) || 0), 0) * 1000) / 1000;
  const oddSize = Form.useWatch(['committee', 'oddSize'], form) ?? content.committee.oddSize;
  const minimumSize = Form.useWatch(['committee', 'minimumSize'], form) ?? content.committee.minimumSize;
  const bodies = (options?.evaluationBodies ?? []).filter((body) => !organisationForm || (organisationForm === 'own-body' ? body.belongsToEnterprise : body.bodyType === 'industry'));
  const label = (tab: PlanTab) => (
    <Badge count={errorCounts[tab] ?? 0} size="small" offset={[8, -2]}>
      <span>{t(`planEditor.tabs.${tab}`)}</span>
    </Badge>
  );

  const tabs: Record<PlanTab, ReactNode> = {
    scope: (
      <>
        <Form.Item name="title" label={t('planEditor.fields.title')} rules={[{ max: 200 }]}>
          <Input maxLength={200} placeholder={t('planEditor.fields.titlePlaceholder')} data-testid="plan-title" />
        </Form.Item>
        <Form.Item name="occupations" label={t('planEditor.fields.occupations')} extra={t('planEditor.fields.occupationsHint')}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={occupationOptions}
            loading={catalogue.isPending}
            placeholder={t('planEditor.fields.occupationsPlaceholder')}
            data-testid="plan-occupations"
          />
        </Form.Item>
        <Form.Item name="preamble" label={t('planEditor.fields.preamble')} rules={[{ max: 20000 }]}>
          <Input.TextArea rows={4} placeholder={t('planEditor.fields.preamblePlaceholder')} />
        </Form.Item>
      </>
    ),
    eligibility: (
      <>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('planEditor.fields.basicConditions')} />
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name={['eligibility', 'cutoffDate']} label={t('planEditor.fields.cutoffDate')} extra={t('planEditor.fields.cutoffDateHint')} {...dateProps}>
              <DatePicker style={{ width: '100%' }} data-testid="plan-cutoff" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['eligibility', 'minYearsInPost']} label={t('planEditor.fields.minYearsInPost')} extra={t('planEditor.fields.minYearsHint')}>
              <InputNumber min={1} max={30} precision={0} style={{ width: 160 }} data-testid="plan-min-years" />
            </Form.Item>
          </Col>
        </Row>
        {minYears !== undefined && minYears !== null && minYears !== 5 ? (
          <Row gutter={16}>
            <Col xs={24} md={14}>
              <Form.Item name={['eligibility', 'minYearsPolicyDocument']} label={t('planEditor.fields.minYearsPolicyDocument')} required>
                <Input maxLength={500} placeholder={t('planEditor.fields.minYearsPolicyPlaceholder')} data-testid="plan-min-years-document" />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name={['eligibility', 'minYearsPolicyNumber']} label={t('planEditor.fields.minYearsPolicyNumber')} required>
                <Input maxLength={100} placeholder={t('planEditor.fields.minYearsPolicyNumberPlaceholder')} data-testid="plan-min-years-number" />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <>
            <Form.Item name={['eligibility', 'minYearsPolicyDocument']} hidden>
              <Input />
            </Form.Item>
            <Form.Item name={['eligibility', 'minYearsPolicyNumber']} hidden>
              <Input />
            </Form.Item>
          </>
        )}
        <Form.Item name={['eligibility', 'additionalConditions']} label={t('planEditor.fields.additionalConditions')}>
          <Input.TextArea rows={3} maxLength={10000} />
        </Form.Item>
        <Form.Item label={t('planEditor.fields.evidenceRequired')} extra={t('planEditor.fields.evidenceRequiredHint')}>
          <Space wrap size={[16, 8]}>
            {EVIDENCE_SECTIONS.map((section) => (
              <Form.Item key={section} name={['evidenceRequired', section]} valuePropName="checked" noStyle initialValue={DEFAULT_EVIDENCE_REQUIREMENTS[section]}>
                <Checkbox data-testid={`plan-evidence-${section}`}>{t(`planEditor.fields.evidenceSections.${section}`)}</Checkbox>
              </Form.Item>
            ))}
          </Space>
        </Form.Item>
      </>
    ),
    evaluation: (
      <>
        <Form.Item name={['evaluation', 'method']} label={t('planEditor.fields.method')}>
          <Input maxLength={2000} placeholder={t('planEditor.fields.methodPlaceholder')} />
        </Form.Item>
        <Form.Item label={t('planEditor.fields.dimensions')} required>
          <Form.List name={['evaluation', 'dimensions']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'name']} style={{ marginBottom: 8 }}>
                      <Input placeholder={t('planEditor.fields.dimensionName')} style={{ width: 220 }} maxLength={50} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'code']} style={{ marginBottom: 8 }}>
                      <Input placeholder={t('planEditor.fields.dimensionCode')} style={{ width: 140 }} maxLength={40} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'weight']} style={{ marginBottom: 8 }}>
                      <InputNumber min={0} max={1000} step={1} style={{ width: 130 }} placeholder={t('planEditor.fields.weight')} aria-label={t('planEditor.fields.weight')} data-testid={`plan-weight-${field.name}`} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={disabled} aria-label={t('common.cancel')} />
                  </Space>
                ))}
                <Space>
                  <Button icon={<PlusOutlined />} onClick={() => add({ code: `d${fields.length + 1}`, name: '', weight: 0 })} disabled={disabled}>
                    {t('planEditor.fields.addDimension')}
                  </Button>
                  {/* Any positive weights are taken as shares of their sum; 100 is only the suggestion. */}
                  <Typography.Text type={weightSum === 100 ? 'success' : 'secondary'} data-testid="plan-weight-sum">
                    {weightSum === 100 ? t('planEditor.fields.weightSum', { sum: weightSum }) : t('planEditor.fields.weightSumOther', { sum: weightSum })}
                  </Typography.Text>
                </Space>
              </>
            )}
          </Form.List>
          <Form.Item name={['evaluation', 'dimensions']} style={{ marginBottom: 0 }}>
            <ListErrors />
          </Form.Item>
        </Form.Item>
        <Form.Item name={['evaluation', 'aggregation']} label={t('planEditor.fields.aggregation')}>
          <Radio.Group options={(['mean', 'trimmed-mean'] as const).map((value) => ({ value, label: t(`planEditor.fields.aggregations.${value}`) }))} />
        </Form.Item>
      </>
    ),
    organisation: (
      <>
        <Form.Item name={['organisation', 'form']} label={t('planEditor.fields.form')}>
          <Radio.Group options={(['own-body', 'commissioned-industry'] as const).map((value) => ({ value, label: t(`planEditor.fields.forms.${value}`) }))} data-testid="plan-form" />
        </Form.Item>
        <Form.Item name={['organisation', 'evaluationBodyId']} label={t('planEditor.fields.evaluationBody')}>
          <Select
            allowClear
            placeholder={t('planEditor.fields.evaluationBodyPlaceholder')}
            notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('planEditor.fields.evaluationBodyEmpty')} />}
            options={bodies.map((body) => ({
              value: body.id,
              label: `${body.name}${body.parentName ? `（${body.parentName}）` : ''} · ${body.belongsToEnterprise ? t('planEditor.fields.bodyOwn') : t('planEditor.fields.bodyIndustry')}`,
            }))}
            data-testid="plan-body"
          />
        </Form.Item>
      </>
    ),
    committee: (
      <>
        {limits && (limits.minimumSize !== null || limits.oddSizeRequired || limits.quorumFloor || limits.thresholdFloor) ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="plan-committee-limits"
            title={t('planEditor.fields.committeeLimits', {
              limits: [
                limits.minimumSize !== null ? t('jurisdiction.limits.minimumSize', { size: limits.minimumSize }) : null,
                limits.oddSizeRequired ? t('jurisdiction.limits.odd') : null,
                limits.quorumFloor ? t('jurisdiction.limits.quorum', { value: `${limits.quorumFloor.numerator}/${limits.quorumFloor.denominator}` }) : null,
                limits.thresholdFloor ? t('jurisdiction.limits.threshold', { value: `${limits.thresholdFloor.numerator}/${limits.thresholdFloor.denominator}` }) : null,
              ]
                .filter(Boolean)
                .join('；'),
            })}
          />
        ) : null}
        <Form.Item name={['committee', 'minimumSize']} label={t('planEditor.fields.committeeMinimumSize')} extra={t('planEditor.fields.committeeMinimumSizeHint')}>
          <InputNumber min={1} max={99} precision={0} style={{ width: 160 }} data-testid="plan-committee-minimum-size" />
        </Form.Item>
        <Form.Item name={['committee', 'oddSize']} label={t('planEditor.fields.committeeOddSize')} valuePropName="checked">
          <Switch data-testid="plan-committee-odd" />
        </Form.Item>
        <Form.Item name={['committee', 'size']} label={t('planEditor.fields.committeeSize')} extra={t('planEditor.fields.committeeSizeHint', { minimum: minimumSize ?? 1, odd: oddSize ? t('planEditor.fields.committeeOdd') : '' })}>
          <InputNumber min={1} max={99} precision={0} style={{ width: 160 }} data-testid="plan-committee-size" />
        </Form.Item>
        <FractionInput name="quorum" label={t('planEditor.fields.quorum')} hint={t('planEditor.fields.fractionHint')} />
        <FractionInput name="voteThreshold" label={t('planEditor.fields.voteThreshold')} hint={t('planEditor.fields.fractionHint')} />
        <Form.Item name={['committee', 'secretBallot']} label={t('planEditor.fields.secretBallot')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </>
    ),
    quota: (
      <>
        <Typography.Paragraph type="secondary">{t('planEditor.fields.quotasHint')}</Typography.Paragraph>
        <Form.List name="quotas">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => {
                const quota = quotas?.[field.name];
                const caps: number[] = [];
                if (typeof quota?.maxCount === 'number') caps.push(quota.maxCount);
                if (typeof quota?.ratioPercent === 'number' && typeof quota?.seniorTechnicianCount === 'number') {
                  caps.push(Math.floor((quota.seniorTechnicianCount * Math.round(quota.ratioPercent * 100)) / 10_000));
                }
                return (
                  <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'occupationCode']} label={field.name === 0 ? t('planEditor.fields.quotaOccupation') : undefined} style={{ marginBottom: 8 }}>
                      <Select style={{ width: 220 }} options={(occupations ?? []).map((code) => ({ value: code, label: `${code} ${names.get(code) ?? ''}` }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'maxCount']} label={field.name === 0 ? t('planEditor.fields.maxCount') : undefined} style={{ marginBottom: 8 }}>
                      <InputNumber min={0} precision={0} style={{ width: 110 }} data-testid={`plan-quota-max-${field.name}`} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'ratioPercent']} label={field.name === 0 ? t('planEditor.fields.ratioPercent') : undefined} style={{ marginBottom: 8 }}>
                      <InputNumber min={0} max={100} step={0.5} style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'seniorTechnicianCount']} label={field.name === 0 ? t('planEditor.fields.seniorTechnicianCount') : undefined} style={{ marginBottom: 8 }}>
                      <InputNumber min={0} precision={0} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item label={field.name === 0 ? t('planEditor.fields.quotaCap') : undefined} style={{ marginBottom: 8 }}>
                      <Tag style={{ marginTop: 5 }}>{caps.length ? Math.min(...caps) : '—'}</Tag>
                    </Form.Item>
                    <Form.Item label={field.name === 0 ? ' ' : undefined} style={{ marginBottom: 8 }}>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={disabled} />
                    </Form.Item>
                  </Space>
                );
              })}
              <Space>
                <Button
                  onClick={() => {
                    const present = new Set((form.getFieldValue('quotas') as PlanContent['quotas'] | undefined)?.map((quota) => quota.occupationCode));
                    for (const code of occupations ?? []) {
                      if (!present.has(code)) add({ occupationCode: code, maxCount: null, ratioPercent: null, seniorTechnicianCount: null });
                    }
                  }}
                  disabled={disabled}
                  data-testid="plan-fill-quotas"
                >
                  {t('planEditor.fields.fillQuotas')}
                </Button>
                <Button icon={<PlusOutlined />} onClick={() => add({ occupationCode: undefined, maxCount: null, ratioPercent: null, seniorTechnicianCount: null })} disabled={disabled}>
                  {t('planEditor.fields.addQuota')}
                </Button>
              </Space>
            </>
          )}
        </Form.List>
        <Form.Item name="quotas" style={{ marginBottom: 0 }}>
          <ListErrors />
        </Form.Item>
      </>
    ),
    timetable: (
      <>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('planEditor.fields.timetableHint')} />
        <Period from="applicationFrom" to="applicationTo" label={t('planEditor.fields.applicationWindow')} />
        <Period from="reviewFrom" to="reviewTo" label={t('planEditor.fields.review')} />
        <Period from="publicityFrom" to="publicityTo" label={t('planEditor.fields.publicityWindow')} />
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name={['timetable', 'issuanceDate']} label={t('planEditor.fields.issuanceDate')} {...dateProps}>
              <DatePicker style={{ width: '100%' }} data-testid="plan-timetable-issuanceDate" />
            </Form.Item>
          </Col>
        </Row>
      </>
    ),
    publicity: (
      <>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name={['publicity', 'workingDays']} label={t('planEditor.fields.publicityWorkingDays')} extra={t('planEditor.fields.publicityWorkingDaysHint')}>
              <InputNumber min={1} max={60} precision={0} style={{ width: 160 }} data-testid="plan-publicity-days" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['publicity', 'scope']} label={t('planEditor.fields.publicityScope')}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
        {kind === 're-review' ? (
          <>
            <Form.Item
              name={['publicity', 'reReviewNotice', 'required']}
              label={t('planEditor.fields.reReviewNotice')}
              extra={t('planEditor.fields.reReviewNoticeHint')}
              initialValue={content.publicity.reReviewNotice?.required ?? true}
              valuePropName="checked"
            >
              <Switch checkedChildren={t('planEditor.fields.reReviewNoticeOn')} unCheckedChildren={t('planEditor.fields.reReviewNoticeOff')} data-testid="plan-re-review-notice" />
            </Form.Item>
            {reReviewNoticeRequired === false ? (
              <Row gutter={16}>
                <Col xs={24} sm={14}>
                  <Form.Item name={['publicity', 'reReviewNotice', 'policyDocument']} label={t('planEditor.fields.reReviewNoticePolicyDocument')} required>
                    <Input maxLength={500} placeholder={t('planEditor.fields.minYearsPolicyPlaceholder')} data-testid="plan-re-review-notice-document" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={10}>
                  <Form.Item name={['publicity', 'reReviewNotice', 'policyNumber']} label={t('planEditor.fields.minYearsPolicyNumber')} required>
                    <Input maxLength={100} placeholder={t('planEditor.fields.minYearsPolicyNumberPlaceholder')} data-testid="plan-re-review-notice-number" />
                  </Form.Item>
                </Col>
              </Row>
            ) : null}
          </>
        ) : null}
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name={['contact', 'name']} label={t('planEditor.fields.contactName')}>
              <Input maxLength={50} data-testid="plan-contact-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['contact', 'phone']} label={t('planEditor.fields.contactPhone')}>
              <Input maxLength={50} data-testid="plan-contact-phone" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="otherProvisions" label={t('planEditor.fields.otherProvisions')}>
          <Input.TextArea rows={3} maxLength={20000} />
        </Form.Item>
      </>
    ),
  };

  return (
    <Form<PlanContent> form={form} layout="vertical" initialValues={content} disabled={disabled} onValuesChange={onChange}>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={activeTab}
          onChange={onTabChange}
          items={[
            ...PLAN_TABS.map((tab) => ({ key: tab, label: label(tab), forceRender: true, children: tabs[tab] })),
            ...extraTabs.map((tab) => ({ key: tab.key, label: tab.label, children: tab.children })),
          ]}
          data-testid="plan-tabs"
        />
      </Card>
    </Form>
  );
}
