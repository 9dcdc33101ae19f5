import { CheckCircleFilled, ClockCircleOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, List, Progress, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';

type StepId = 'organisations' | 'users' | 'calendar' | 'catalogue' | 'certificate-code' | 'register' | 'plan';
interface FirstSteps {
  audience: 'administrator' | 'enterprise' | null;
  year: number;
  steps: { id: StepId; done: boolean; link: string | null }[];
}

/**
 * 入门清单 of a new administrator or enterprise HR, ticked by the data (GET /me/first-steps): shown
 * until every step is done, then gone.
 */
export function FirstStepsCard() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['me', 'first-steps'], queryFn: ({ signal }) => api.get<FirstSteps>('/me/first-steps', undefined, signal) });
  const data = query.data;
  if (!data?.audience || data.steps.every((step) => step.done)) return null;
  const done = data.steps.filter((step) => step.done).length;
  return (
    <Card
      title={t(`firstSteps.title.${data.audience}`)}
      extra={<Progress type="circle" size={36} percent={Math.round((done / data.steps.length) * 100)} format={() => `${done}/${data.steps.length}`} />}
      style={{ marginBottom: 16 }}
      data-testid="first-steps"
    >
      <List
        dataSource={data.steps}
        renderItem={(step) => (
          <List.Item
            key={step.id}
            data-testid={`first-step-${step.id}`}
            data-done={step.done ? 'true' : 'false'}
            actions={
              !step.done && step.link
                ? [
                    <Link key="go" to={step.link}>
                      {t('firstSteps.go')} <RightOutlined style={{ fontSize: 11 }} />
                    </Link>,
                  ]
                : []
            }
          >
            <Space align="start">
              {step.done ? <CheckCircleFilled style={{ color: '#237804', marginTop: 4 }} aria-label={t('firstSteps.done')} /> : <ClockCircleOutlined style={{ color: '#ad4e00', marginTop: 4 }} aria-label={t('firstSteps.pending')} />}
              <div>
                <Typography.Text strong delete={step.done}>
                  {t(`firstSteps.steps.${step.id}.title`, { year: data.year })}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary">{t(step.link || step.done ? `firstSteps.steps.${step.id}.hint` : `firstSteps.steps.${step.id}.askAdmin`, { year: data.year })}</Typography.Text>
                </div>
              </div>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
