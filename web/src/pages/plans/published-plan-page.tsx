import { ArrowLeftOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Select, Skeleton, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { planPdfUrl, usePlanVersion } from '../../api/pilot-plan-queries';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { PlanDiffTable, PlanDocument } from './plan-parts';
import { punct } from '../../i18n/punctuation';
import { chinaDate } from '../../clock';

/** One published work plan as an employee reads it: the text, its PDF, and what the latest version changed. */
export default function PublishedPlanPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const [version, setVersion] = useState<number | undefined>();
  const plan = usePlanVersion('published-plans', id, version);
  const data = plan.data;
  const title = data ? data.content.title || `${data.enterpriseName} ${t('pilots.yearValue', { year: data.year })} ${t(`plans.kinds.${data.kind}`)}` : t('publishedPlans.title');
  return (
    <>
      <PageHeader
        title={title}
        extra={
          <Space wrap>
            <Link to="/published-plans">
              <Button icon={<ArrowLeftOutlined />}>{t('publishedPlans.back')}</Button>
            </Link>
            {data ? (
              <Button type="primary" icon={<FilePdfOutlined />} href={planPdfUrl('published-plans', data.planId, data.version)} target="_blank" data-testid="published-plan-pdf">
                {t('publishedPlans.downloadPdf')}
              </Button>
            ) : null}
          </Space>
        }
      />
      {plan.isError ? <ProblemAlert error={plan.error} onRetry={() => void plan.refetch()} /> : null}
      {data ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {data.status === 'closed' ? <Alert type="warning" showIcon title={t('publishedPlans.closedNotice')} /> : null}
          {data.version < data.latestVersion ? (
            <Alert type="info" showIcon title={t('publishedPlans.olderVersion', { version: data.version, latest: data.latestVersion })} />
          ) : data.version > 1 ? (
            <Alert type="info" showIcon title={t('publishedPlans.revisedNotice', { version: data.version })} />
          ) : null}
          <Card
            extra={
              <Space>
                <span>{t('publishedPlans.version')}</span>
                <Select
                  value={data.version}
                  onChange={setVersion}
                  style={{ width: 160 }}
                  options={[...data.versions].reverse().map((item) => ({
                    value: item.version,
                    label: `${t('plans.versionValue', { version: item.version })}${item.version === data.latestVersion ? punct().paren(t('publishedPlans.latest')) : ''}`,
                  }))}
                  data-testid="published-plan-version"
                />
              </Space>
            }
          >
            <PlanDocument
              title={title}
              subtitle={`${data.enterpriseName} · ${t('plans.versionValue', { version: data.version })} · ${t('publishedPlans.publishedOn', { date: chinaDate(data.publishedAt) })}`}
              sections={data.sections}
            />
          </Card>
          {data.version > 1 ? (
            <Card title={t('publishedPlans.whatChanged')}>
              <PlanDiffTable source="published-plans" planId={data.planId} from={data.version - 1} to={data.version} />
            </Card>
          ) : null}
        </Space>
      ) : plan.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : null}
    </>
  );
}
