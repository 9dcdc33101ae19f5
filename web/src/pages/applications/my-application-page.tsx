import { FormOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Row, Select, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { applicationKeys, useApplication, useMyPlans } from '../../api/application-queries';
import type { Application, ApplicationContent, MyPlan } from '../../api/application-types';
import { api, isApiError } from '../../api/client';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { ApplicationContentView, ApplicationTimeline } from './application-content-view';
import { ApplicationForm, contentOf } from './application-form';
import { ApplicationStatusTag, planTitle } from './application-parts';
import { punct } from '../../i18n/punctuation';

const ID_TYPES = ['resident-id', 'passport', 'hk-macao-pass', 'taiwan-pass', 'foreign-permanent-residence', 'hmt-residence-permit'] as const;

/** The plan's facts an applicant needs: window, cut-off date, occupations. */
function PlanFacts({ item }: { item: MyPlan }) {
  const { t } = useTranslation();
  const { plan } = item;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 3 }}
      items={[
        {
          key: 'window',
          label: t('appCommon.plan'),
          children: (
            <Space wrap>
              <span>{t('appCommon.window', { from: plan.window.from ?? '—', to: plan.window.to ?? '—' })}</span>
              <Tag color={plan.open ? 'green' : 'default'}>{plan.open ? t('appCommon.windowOpen') : t('appCommon.windowClosed')}</Tag>
            </Space>
          ),
        },
        { key: 'enterprise', label: t('register.columns.organisation'), children: plan.enterpriseName },
        { key: 'occupations', label: t('myApplication.fields.occupation'), children: plan.occupations.map((occupation) => `${occupation.code} ${occupation.name}`).join(punct().list) },
      ]}
    />
  );
}

/** The editable application: the form in steps, save draft, submit with confirmation. */
function EditableApplication({ application }: { application: Application }) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ApplicationContent>();

  const refresh = (saved: Application) => {
    queryClient.setQueryData(applicationKeys.application(saved.id), saved);
    void queryClient.invalidateQueries({ queryKey: applicationKeys.myPlans });
  };
  const save = useMutation({
    mutationFn: () => api.patch<Application>(`/applications/${application.id}`, { revision: application.revision, content: contentOf(form, application.content) }),
    onSuccess: (saved) => {
      refresh(saved);
      void message.success(t('myApplication.saved'));
    },
    onError: (error) => void message.error(isApiError(error, 'CONFLICT') ? t('myApplication.conflict') : problemText(error)),
  });
  const submit = useMutation({
    mutationFn: async () => {
      const saved = await api.patch<Application>(`/applications/${application.id}`, { revision: application.revision, content: contentOf(form, application.content) });
      refresh(saved);
      return api.post<Application>(`/applications/${application.id}/submit`, { revision: saved.revision });
    },
    onSuccess: (submitted) => {
      refresh(submitted);
      void message.success(t('myApplication.submitted'));
    },
    onError: (error) => {
      void message.error(problemText(error));
      void queryClient.invalidateQueries({ queryKey: applicationKeys.application(application.id) });
    },
  });

  return (
    <ApplicationForm
      key={application.id}
      application={application}
      form={form}
      footer={
        <Space>
          <Button icon={<SaveOutlined />} onClick={() => save.mutate()} loading={save.isPending} data-testid="application-save">
            {t('myApplication.save')}
          </Button>
          <Button
            type="primary"
            icon={<SendOutlined />}
            loading={submit.isPending}
            data-testid="application-submit"
            onClick={() =>
              modal.confirm({
                title: t('myApplication.submit'),
                content: t('myApplication.submitConfirm', { version: application.currentVersion + 1 }),
                okText: t('myApplication.submit'),
                cancelText: t('common.cancel'),
                onOk: () => submit.mutateAsync().catch(() => undefined),
              })
            }
          >
            {t('myApplication.submit')}
          </Button>
        </Space>
      }
    />
  );
}

function ApplicationView({ id }: { id: string }) {
  const { t } = useTranslation();
  const application = useApplication(id);
  if (application.isPending) return <Skeleton active />;
  if (application.isError) return <ProblemAlert error={application.error} onRetry={() => void application.refetch()} />;
  const data = application.data;
  const editable = data.allowedActs.includes('edit');
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={17}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small">
            <Space wrap>
              <Typography.Text>{t('myApplication.status')}{punct().colon}</Typography.Text>
              <ApplicationStatusTag status={data.status} />
              {data.currentVersion ? <Tag>{t('appCommon.version', { version: data.currentVersion })}</Tag> : null}
            </Space>
          </Card>
          {data.status === 'returned' ? <Alert type="warning" showIcon title={t('myApplication.returnedAlert', { comment: data.returnComment ?? '' })} data-testid="returned-alert" /> : null}
          {data.status === 'ineligible' ? <Alert type="error" showIcon title={t('myApplication.ineligibleAlert', { reason: data.decisionReason ?? '' })} /> : null}
          {data.status === 'eligible' ? <Alert type="success" showIcon title={t('myApplication.eligibleAlert')} data-testid="eligible-alert" /> : null}
          {editable ? (
            <EditableApplication application={data} />
          ) : (
            <Card title={t('myApplication.readOnly')}>
              <ApplicationContentView application={data} content={data.content} />
            </Card>
          )}
        </Space>
      </Col>
      <Col xs={24} xl={7}>
        <Card title={t('myApplication.timeline')} size="small">
          <ApplicationTimeline events={data.events} />
        </Card>
      </Col>
    </Row>
  );
}

/** 我的申报: the published plans covering the employee; start, fill in, submit and follow the application. */
export default function MyApplicationPage() {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const plans = useMyPlans();
  const [params, setParams] = useSearchParams();
  const [identityOpen, setIdentityOpen] = useState(false);
  const [identityForm] = Form.useForm<{ name: string; idType: string; idNumber: string }>();
  const list = plans.data ?? [];
  const chosen = params.get('plan');
  const item = list.find((entry) => entry.plan.id === chosen) ?? list.find((entry) => entry.application) ?? list.find((entry) => entry.plan.open) ?? list[0];

  const start = useMutation({
    mutationFn: (identity?: { name: string; idType: string; idNumber: string }) => api.post<Application>('/applications', { planId: item!.plan.id, ...(identity ? { identity } : {}) }),
    onSuccess: (created) => {
      setIdentityOpen(false);
      queryClient.setQueryData(applicationKeys.application(created.id), created);
      void queryClient.invalidateQueries({ queryKey: applicationKeys.myPlans });
    },
    onError: (error) => {
      if (isApiError(error, 'VALIDATION') && error.problem.errors?.some((entry) => entry.path.startsWith('identity'))) {
        if (identityOpen) {
          identityForm.setFields((error.problem.errors ?? []).map((entry) => ({ name: (entry.path.replace(/^identity\.?/, '') || 'idNumber') as 'idNumber', errors: [problemText(error)] })));
        } else {
          setIdentityOpen(true);
        }
        return;
      }
      void message.error(problemText(error));
    },
  });

  return (
    <>
      <PageHeader title={t('myApplication.title')} description={t('myApplication.description')} />
      {plans.isError ? <ProblemAlert error={plans.error} onRetry={() => void plans.refetch()} /> : null}
      {plans.isPending ? <Skeleton active /> : null}
      {!plans.isPending && !list.length ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myApplication.noPlans')} />
        </Card>
      ) : null}
      {item ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small">
            <Space orientation="vertical" style={{ width: '100%' }}>
              {list.length > 1 ? (
                <Select
                  style={{ minWidth: 320 }}
                  value={item.plan.id}
                  onChange={(id) => setParams({ plan: id }, { replace: true })}
                  options={list.map((entry) => ({ value: entry.plan.id, label: `${planTitle(entry.plan, t)}${punct().paren(entry.plan.enterpriseName)}` }))}
                />
              ) : (
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {planTitle(item.plan, t)}
                </Typography.Title>
              )}
              <PlanFacts item={item} />
              {item.invited && !item.application ? <Alert type="info" showIcon title={t('myApplication.invitedBanner', { title: planTitle(item.plan, t) })} /> : null}
              {item.application ? null : (
                <Tooltip title={item.plan.open ? undefined : t('myApplication.notOpen')}>
                  <Button type="primary" icon={<FormOutlined />} disabled={!item.plan.open} loading={start.isPending} onClick={() => start.mutate(undefined)} data-testid="application-start">
                    {t('myApplication.start')}
                  </Button>
                </Tooltip>
              )}
            </Space>
          </Card>
          {item.application ? <ApplicationView id={item.application.id} /> : null}
        </Space>
      ) : null}
      <Modal
        open={identityOpen}
        title={t('myApplication.startTitle')}
        okText={t('myApplication.start')}
        cancelText={t('common.cancel')}
        confirmLoading={start.isPending}
        onCancel={() => setIdentityOpen(false)}
        onOk={() => void identityForm.validateFields().then((values) => start.mutate(values))}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('myApplication.startHint')}</Typography.Paragraph>
        <Form form={identityForm} layout="vertical" initialValues={{ idType: 'resident-id' }} preserve={false}>
          <Form.Item name="name" label={t('myApplication.name')} rules={[{ required: true }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="idType" label={t('myApplication.idType')} rules={[{ required: true }]}>
            <Select options={ID_TYPES.map((value) => ({ value, label: t(`appCommon.idTypes.${value}`) }))} />
          </Form.Item>
          <Form.Item name="idNumber" label={t('myApplication.idNumber')} rules={[{ required: true }]}>
            <Input maxLength={30} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
