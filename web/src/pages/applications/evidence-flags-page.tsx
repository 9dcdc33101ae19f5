import { Alert, Card, Empty, Radio, Skeleton } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useEvidenceFlags } from '../../api/application-queries';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { EvidenceFlagView, useEvidenceFlagDecision } from './evidence-flags-card';

/**
 * 证明材料疑点: the flags in the reader's scope (HR: its enterprise; departments: the enterprises
 * below; the ministry: all), the other organisation's applicant masked. A notification's link
 * (`?flag=<id>`) brings the flag to the top.
 */
export default function EvidenceFlagsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const highlighted = params.get('flag');
  const [status, setStatus] = useState<'open' | 'cleared' | 'all'>(highlighted ? 'all' : 'open');
  const flags = useEvidenceFlags({ status });
  const decision = useEvidenceFlagDecision();
  const items = [...(flags.data ?? [])].sort((a, b) => Number(b.id === highlighted) - Number(a.id === highlighted));
  return (
    <>
      <PageHeader title={t('evidenceFlags.title')} description={t('evidenceFlags.description')} />
      <Card>
        <Radio.Group value={status} onChange={(event) => setStatus(event.target.value)} style={{ marginBottom: 16 }} data-testid="evidence-flags-filter">
          {(['open', 'cleared', 'all'] as const).map((value) => (
            <Radio.Button key={value} value={value}>
              {t(`evidenceFlags.filters.${value}`)}
            </Radio.Button>
          ))}
        </Radio.Group>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('evidenceFlags.suspicionNotFinding')} />
        {flags.isPending ? <Skeleton active /> : null}
        {flags.isError ? <ProblemAlert error={flags.error} onRetry={() => void flags.refetch()} /> : null}
        {flags.data && !items.length ? <Empty description={t('evidenceFlags.empty')} /> : null}
        {items.map((flag) => (
          <EvidenceFlagView key={flag.id} flag={flag} onDecide={decision.open} highlight={flag.id === highlighted} />
        ))}
      </Card>
      {decision.modal}
    </>
  );
}
