import { ArrowLeftOutlined, CheckCircleFilled, CheckCircleOutlined, ClockCircleOutlined, CloseCircleFilled, FilePdfOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, isApiError } from '../../api/client';
import { pilotPlanKeys, planPdfUrl, usePlan, usePlanOptions, usePlanVersion } from '../../api/pilot-plan-queries';
import type { Plan, PlanContent, PlanValidation } from '../../api/pilot-plan-types';
import type { ProblemFieldError } from '../../api/types';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { pickMessage, useLocale } from '../../i18n';
import { PlanEditorForm, placeErrors, tabOfPath, type PlanTab } from './plan-editor';
import { PlanDocument, PlanStatusTag, PlanVersionList } from './plan-parts';
import { punct } from '../../i18n/punctuation';
import { chinaDate } from '../../clock';

/** One work plan: the editor for the enterprise's HR, the published versions for the supervisors. */
export default function PlanPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const plan = usePlan(id);
  if (plan.isError) {
    return (
      <>
        <PageHeader title={t('plans.title')} />
        <ProblemAlert error={plan.error} onRetry={() => void plan.refetch()} />
      </>
    );
  }
  if (!plan.data) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  return plan.data.content ? <PlanWorkspace key={plan.data.id} plan={plan.data} content={plan.data.content} /> : <PlanReader plan={plan.data} />;
}

/** The plan's title, or "enterprise year kind" while it has none. */
function usePlanHeading(plan: Plan): string {
  const { t } = useTranslation();
  return plan.title || `${plan.enterpriseName} ${t('pilots.yearValue', { year: plan.year })} ${t(`plans.kinds.${plan.kind}`)}`;
}

function PlanFacts({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  return (
    <Space wrap size={[8, 8]} style={{ marginBottom: 16 }} data-testid="plan-facts">
      <PlanStatusTag status={plan.status} />
      <Tag>{plan.currentVersion ? t('plans.versionValue', { version: plan.currentVersion }) : t('plans.noVersion')}</Tag>
      <Typography.Text type="secondary">{t('planEditor.statusLine', { enterprise: plan.enterpriseName, year: plan.year, kind: t(`plans.kinds.${plan.kind}`) })}</Typography.Text>
      {plan.supervisingDepartment ? <Typography.Text type="secondary">· {t('planEditor.supervising', { department: plan.supervisingDepartment.name })}</Typography.Text> : null}
      {plan.status !== 'draft' ? (
        plan.filing ? (
          <>
            <Tag color="blue">
              {t('planEditor.filedLine', { version: plan.filing.filedVersion, department: plan.filing.departmentName, date: chinaDate(plan.filing.filedAt) })}
            </Tag>
            <Tag color={FILING_COLOURS[plan.filing.status]} data-testid="plan-filing-status">
              {t(`planEditor.filingStatus.${plan.filing.status}`)}
              {plan.filing.decisionNote ? `${punct().colon}${plan.filing.decisionNote}` : ''}
            </Tag>
          </>
        ) : (
          <Tag>{t('planEditor.notFiledLine')}</Tag>
        )
      ) : null}
    </Space>
  );
}

const FILING_COLOURS = { submitted: 'processing', accepted: 'success', returned: 'warning' } as const;

/**
 * Which evaluation model applies to the plan's enterprise in its year (its jurisdiction's setting,
 * issue 21), and what the model asks: met, missing, or known once the plan is filed.
 */
function PlanStandingCard({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const standing = plan.standing;
  const missing = standing.requirements.filter((item) => item.met === false || (item.met === null && plan.status !== 'draft'));
  return (
    <Alert
      type={missing.length ? 'warning' : 'success'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="plan-standing"
      title={t('planEditor.standing.title', {
        model: pickMessage(standing.modelName, locale),
        source: standing.modelSource === 'default' ? t('planEditor.standing.sourceDefault') : t('planEditor.standing.sourceSetBy', { by: standing.modelSetBy }),
      })}
      description={
        <Space orientation="vertical" size={2}>
          {standing.requirements.map((item) => (
            <span key={item.code} data-testid={`plan-requirement-${item.code}`}>
              {item.met === true ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : item.met === false ? <CloseCircleFilled style={{ color: '#ff4d4f' }} /> : <ClockCircleOutlined />}{' '}
              {pickMessage(item.message, locale)}
              {item.met === true ? '' : punct().paren(item.gate === 'review' ? t('planEditor.standing.gateReview') : t('planEditor.standing.gatePlan'))}
            </span>
          ))}
          {missing.length ? null : <span>{t('planEditor.standing.nothingMissing')}</span>}
        </Space>
      }
    />
  );
}

function PlanWorkspace({ plan, content }: { plan: Plan; content: PlanContent }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const problemText = useProblemText();
  const [form] = Form.useForm<PlanContent>();
  const options = usePlanOptions(true, plan.enterpriseId);
  const [current, setCurrent] = useState(plan);
  const heading = usePlanHeading(current);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [issues, setIssues] = useState<ProblemFieldError[] | null>(null);
  const [activeTab, setActiveTab] = useState<string>('scope');
  const acts = current.allowedActs;
  const editable = acts.includes('edit');

  const errorCounts = useMemo(() => {
    const counts: Partial<Record<PlanTab, number>> = {};
    for (const issue of issues ?? []) counts[tabOfPath(issue.path)] = (counts[tabOfPath(issue.path)] ?? 0) + 1;
    return counts;
  }, [issues]);

  const refresh = async (updated: Plan) => {
    setCurrent(updated);
    queryClient.setQueryData(pilotPlanKeys.plan(updated.id), updated);
    await queryClient.invalidateQueries({ queryKey: pilotPlanKeys.plans, exact: false, refetchType: 'none' });
    await queryClient.invalidateQueries({ queryKey: ['plans', updated.id, 'version'] });
  };

  const values = () => form.getFieldsValue(true) as PlanContent;

  const fail = (error: unknown) => {
    if (isApiError(error, 'CONFLICT')) void message.error(t('planEditor.conflict'));
    else if (isApiError(error, 'PLAN_INVALID')) showIssues(error.problem.errors ?? []);
    else void message.error(problemText(error));
  };

  const showIssues = (found: ProblemFieldError[]) => {
    setIssues(found);
    placeErrors(form, found, locale);
    if (found.length) setActiveTab(tabOfPath(found[0].path));
  };

  const save = async (): Promise<Plan> => {
    const updated = await api.patch<Plan>(`/plans/${current.id}`, { revision: current.revision, content: values() });
    await refresh(updated);
    setDirty(false);
    return updated;
  };

  const run = async (name: string, work: () => Promise<void>) => {
    setBusy(name);
    try {
      await work();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const onSave = () =>
    run('save', async () => {
      await save();
      void message.success(t('planEditor.saved'));
    });

  const validate = async (): Promise<boolean> => {
    const result = await api.post<PlanValidation>(`/plans/${current.id}/validate`, { content: values() });
    showIssues(result.errors);
    return result.valid;
  };

  const onValidate = () =>
    run('validate', async () => {
      if (await validate()) void message.success(t('planEditor.valid'));
    });

  const onPublish = () =>
    run('publish', async () => {
      if (!(await validate())) return;
      const first = current.status === 'draft';
      let note = '';
      modal.confirm({
        title: first ? t('planEditor.publishConfirmTitle') : t('planEditor.publishNewConfirmTitle', { version: current.currentVersion + 1 }),
        width: 520,
        content: (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <span>{first ? t('planEditor.publishConfirm') : t('planEditor.publishNewConfirm')}</span>
            {first ? null : <Input.TextArea rows={2} maxLength={1000} placeholder={t('planEditor.changeNote')} aria-label={t('planEditor.changeNote')} onChange={(event) => (note = event.target.value)} data-testid="plan-change-note" />}
          </Space>
        ),
        okText: first ? t('planEditor.publish') : t('planEditor.publishNew'),
        cancelText: t('common.cancel'),
        onOk: async () => {
          try {
            const saved = dirty ? await save() : current;
            const published = await api.post<Plan>(`/plans/${saved.id}/publish`, { revision: saved.revision, changeNote: note.trim() || null });
            await refresh(published);
            setIssues(null);
            await queryClient.invalidateQueries({ queryKey: pilotPlanKeys.publishedPlans });
            void message.success(t('planEditor.published', { version: published.currentVersion }));
          } catch (error) {
            fail(error);
          }
        },
      });
    });

  const onFile = () =>
    modal.confirm({
      title: t('planEditor.fileConfirmTitle'),
      content: t('planEditor.fileConfirm', { version: current.currentVersion, department: current.supervisingDepartment?.name ?? '' }),
      okText: t('planEditor.file'),
      cancelText: t('common.cancel'),
      onOk: () =>
        run('file', async () => {
          await refresh(await api.post<Plan>(`/plans/${current.id}/file`, {}));
          void message.success(t('planEditor.filed'));
        }),
    });

  const [closing, setClosing] = useState(false);
  const [closeForm] = Form.useForm<{ reason: string }>();
  const onClose = () =>
    void closeForm.validateFields().then((closeValues) =>
      run('close', async () => {
        await refresh(await api.post<Plan>(`/plans/${current.id}/close`, { reason: closeValues.reason.trim() }));
        setClosing(false);
        void message.success(t('planEditor.closed'));
      }),
    );

  const versionsTab = {
    key: 'versions',
    label: t('planEditor.tabs.versions'),
    children: <PlanVersionList source="plans" planId={current.id} versions={current.versions} />,
  };

  return (
    <>
      <PageHeader
        title={heading}
        extra={
          <Space wrap>
            <Link to="/plans">
              <Button icon={<ArrowLeftOutlined />}>{t('planEditor.back')}</Button>
            </Link>
            {editable ? (
              <>
                <Button icon={<SaveOutlined />} onClick={onSave} loading={busy === 'save'} data-testid="plan-save">
                  {t('planEditor.save')}
                </Button>
                <Button icon={<CheckCircleOutlined />} onClick={onValidate} loading={busy === 'validate'} data-testid="plan-validate">
                  {t('planEditor.validate')}
                </Button>
                <Button type="primary" icon={<SendOutlined />} onClick={onPublish} loading={busy === 'publish'} data-testid="plan-publish">
                  {current.status === 'draft' ? t('planEditor.publish') : t('planEditor.publishNew')}
                </Button>
              </>
            ) : null}
            {acts.includes('file') ? (
              <Button onClick={onFile} loading={busy === 'file'} data-testid="plan-file">
                {t('planEditor.file')}
              </Button>
            ) : null}
            {current.currentVersion ? (
              <Button icon={<FilePdfOutlined />} href={planPdfUrl('plans', current.id, current.currentVersion)} target="_blank">
                PDF
              </Button>
            ) : null}
            {acts.includes('close') ? (
              <Button danger onClick={() => setClosing(true)} data-testid="plan-close">
                {t('planEditor.close')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <PlanFacts plan={current} />
      <PlanStandingCard plan={current} />
      {current.status === 'closed' ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('planEditor.closedAlert', { date: chinaDate(current.closedAt), reason: current.closeReason ?? '' })} />
      ) : null}
      {dirty ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('planEditor.unsavedChanges')} /> : null}
      {issues && issues.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('planEditor.invalid', { count: issues.length })}
          description={
            <>
              <div>{t('planEditor.invalidHint')}</div>
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid="plan-issues">
                {issues.map((issue, index) => (
                  <li key={`${issue.path}-${issue.code}-${index}`}>
                    <Typography.Link onClick={() => setActiveTab(tabOfPath(issue.path))}>【{t(`planEditor.tabs.${tabOfPath(issue.path)}`)}】</Typography.Link>
                    {pickMessage(issue.messages, locale) ?? issue.code}
                  </li>
                ))}
              </ul>
            </>
          }
        />
      ) : issues ? (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('planEditor.valid')} data-testid="plan-valid" />
      ) : null}
      <PlanEditorForm
        form={form}
        content={content}
        options={options.data}
        disabled={!editable}
        errorCounts={errorCounts}
        activeTab={activeTab}
        onTabChange={setActiveTab}
        extraTabs={[versionsTab]}
        onChange={() => setDirty(true)}
        limits={current.standing.committeeLimits}
        kind={plan.kind}
      />
      <Modal
        open={closing}
        title={t('planEditor.closeTitle')}
        okText={t('planEditor.close')}
        okButtonProps={{ danger: true, loading: busy === 'close' }}
        cancelText={t('common.cancel')}
        onCancel={() => setClosing(false)}
        onOk={onClose}
        destroyOnHidden
      >
        <Form form={closeForm} layout="vertical" preserve={false}>
          <Form.Item name="reason" label={t('planEditor.closeReason')} rules={[{ required: true, whitespace: true, min: 2, message: t('planEditor.closeReasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** A supervisor's view: the published versions, their text, their differences and PDFs; the department filed with accepts or returns the filing. */
function PlanReader({ plan: initial }: { plan: Plan }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const [plan, setPlan] = useState(initial);
  const [answering, setAnswering] = useState<'accept' | 'return' | null>(null);
  const [busy, setBusy] = useState(false);
  const [answerForm] = Form.useForm<{ text: string }>();
  const answer = () =>
    void answerForm.validateFields().then(async (values) => {
      setBusy(true);
      try {
        const updated =
          answering === 'accept'
            ? await api.post<Plan>(`/plans/${plan.id}/filing/accept`, { note: values.text?.trim() || null })
            : await api.post<Plan>(`/plans/${plan.id}/filing/return`, { reason: values.text.trim() });
        setPlan(updated);
        queryClient.setQueryData(pilotPlanKeys.plan(updated.id), updated);
        await queryClient.invalidateQueries({ queryKey: pilotPlanKeys.plans, exact: false, refetchType: 'none' });
        void message.success(answering === 'accept' ? t('planEditor.filingAccepted') : t('planEditor.filingReturned'));
        setAnswering(null);
      } catch (error) {
        void message.error(problemText(error));
      } finally {
        setBusy(false);
      }
    });
  const [version, setVersion] = useState(plan.currentVersion);
  const shown = usePlanVersion('plans', plan.id, version || undefined);
  const heading = usePlanHeading(plan);
  return (
    <>
      <PageHeader
        title={heading}
        description={t('planEditor.readOnly')}
        extra={
          <Space>
            <Link to="/plans">
              <Button icon={<ArrowLeftOutlined />}>{t('planEditor.back')}</Button>
            </Link>
            {version ? (
              <Button icon={<FilePdfOutlined />} href={planPdfUrl('plans', plan.id, version)} target="_blank">
                PDF
              </Button>
            ) : null}
            {plan.filingActs.includes('return-filing') ? (
              <Button danger onClick={() => setAnswering('return')} data-testid="plan-filing-return">
                {t('planEditor.filingReturn')}
              </Button>
            ) : null}
            {plan.filingActs.includes('accept-filing') ? (
              <Button type="primary" onClick={() => setAnswering('accept')} data-testid="plan-filing-accept">
                {t('planEditor.filingAccept')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <PlanFacts plan={plan} />
      <PlanStandingCard plan={plan} />
      <Modal
        open={answering !== null}
        title={answering === 'accept' ? t('planEditor.filingAcceptTitle', { version: plan.filing?.filedVersion ?? '' }) : t('planEditor.filingReturnTitle', { version: plan.filing?.filedVersion ?? '' })}
        okText={answering === 'accept' ? t('planEditor.filingAccept') : t('planEditor.filingReturn')}
        okButtonProps={{ danger: answering === 'return', loading: busy, ...({ 'data-testid': 'plan-filing-confirm' } as Record<string, string>) }}
        cancelText={t('common.cancel')}
        onCancel={() => setAnswering(null)}
        onOk={answer}
        destroyOnHidden
      >
        <Form form={answerForm} layout="vertical" preserve={false}>
          <Form.Item
            name="text"
            label={answering === 'accept' ? t('planEditor.filingNote') : t('planEditor.filingReason')}
            rules={answering === 'return' ? [{ required: true, whitespace: true, min: 2, message: t('planEditor.filingReasonRequired') }] : []}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="plan-filing-text" />
          </Form.Item>
        </Form>
      </Modal>
      <Card
        title={
          <Space>
            <span>{t('publishedPlans.version')}</span>
            <Select
              value={version}
              aria-label={t('publishedPlans.version')}
              onChange={setVersion}
              style={{ width: 160 }}
              options={[...plan.versions].reverse().map((item) => ({ value: item.version, label: t('plans.versionValue', { version: item.version }) }))}
            />
          </Space>
        }
        style={{ marginBottom: 16 }}
      >
        {shown.isError ? <ProblemAlert error={shown.error} /> : null}
        {shown.data ? (
          <PlanDocument title={heading} subtitle={`${shown.data.enterpriseName} · ${t('plans.versionValue', { version: shown.data.version })} · ${chinaDate(shown.data.publishedAt)}`} sections={shown.data.sections} />
        ) : (
          <Skeleton active />
        )}
      </Card>
      <Card title={t('planEditor.versions.title')}>
        <PlanVersionList source="plans" planId={plan.id} versions={plan.versions} onView={setVersion} />
      </Card>
    </>
  );
}

