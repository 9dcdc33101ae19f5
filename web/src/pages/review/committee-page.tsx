import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Descriptions, Empty, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { pickMessage, useLocale } from '../../i18n';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { documentUrl, evidenceUrl, reviewKeys, useCommittee, useMyReview, useSummary, type Committee, type ConflictReason, type MyCandidate, type MyReview, type Summary, type SummaryRow, type Vote } from './review-api';
import { FraudFindingModal } from '../sanctions/fraud-finding-modal';
import { OccupationNames, planLabel, StatusTag } from './review-parts';
import { punct } from '../../i18n/punctuation';

const REASONS: ConflictReason[] = ['same-department', 'relative', 'mentor-apprentice', 'same-team', 'own-application'];
const VOTES: Vote[] = ['approve', 'disapprove', 'abstain'];

function useReviewMutation<T>(committeeId: string, call: (input: T) => Promise<unknown>, success: string) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const problemText = useProblemText();
  return useMutation({
    mutationFn: call,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: reviewKeys.committee(committeeId) });
      await queryClient.invalidateQueries({ queryKey: reviewKeys.committees });
      void message.success(success);
    },
    onError: (error) => void message.error(problemText(error)),
  });
}

/** One committee: members and recusals; 评分 and 投票 for its experts; 评审汇总 for the chair, the body and (once closed) the enterprise. */
export default function CommitteePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const committee = useCommittee(id);
  if (committee.isError) return <ProblemAlert title={t('errors.loadFailed')} error={committee.error} onRetry={() => void committee.refetch()} />;
  if (!committee.data) return <Card loading />;
  const data = committee.data;
  const expert = data.myRole === 'chair' || data.myRole === 'member';
  const seesSummary = data.myRole === 'chair' || data.myRole === 'manager' || data.myRole === 'enterprise';
  return (
    <>
      <PageHeader
        title={`${data.name} · ${t('review.roundValue', { round: data.round })}`}
        description={
          <Space wrap>
            <StatusTag status={data.status} />
            <span>{planLabel(data.enterpriseName, data.planTitle)}</span>
            <span>
              {t('review.occupations')}{punct().colon}<OccupationNames codes={data.occupationCodes} />
            </span>
            <Tag>{t(`review.roles.${data.myRole}`)}</Tag>
          </Space>
        }
      />
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        {data.planDeviations?.length ? (
          <Alert
            type="info"
            showIcon
            data-testid="plan-deviations"
            title={t('review.planDeviations')}
            description={data.planDeviations.map((deviation) => (i18n.language === 'en' ? deviation.message.en : deviation.message['zh-CN'])).join(punct().semicolon)}
          />
        ) : null}
        {data.status === 'closed' && (
          <Space wrap>
            <Button icon={<FilePdfOutlined />} href={documentUrl(id, 'recommended-list')} data-testid="download-list">
              {t('review.summary.list')}
            </Button>
            {data.myRole !== 'enterprise' && (
              <Button icon={<DownloadOutlined />} href={documentUrl(id, 'minutes')} data-testid="download-minutes">
                {t('review.summary.minutes')}
              </Button>
            )}
          </Space>
        )}
        {expert && <ExpertSection committee={data} />}
        {seesSummary && data.status !== 'forming' && <SummarySection committee={data} />}
        <MembersSection committee={data} />
      </Space>
    </>
  );
}

function MembersSection({ committee }: { committee: Committee }) {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const [declaring, setDeclaring] = useState(false);
  const [roundOpen, setRoundOpen] = useState(false);
  const start = useReviewMutation(committee.id, () => api.post(`/review/committees/${committee.id}/start`), t('review.committee.started'));
  const attendance = useReviewMutation(committee.id, (present: string[]) => api.put(`/review/committees/${committee.id}/attendance`, { presentExpertIds: present }), t('review.committee.attendanceSaved'));
  const canManage = committee.myRole === 'manager' || committee.myRole === 'chair';
  const open = committee.status !== 'closed';
  const present = committee.members.filter((member) => member.present).map((member) => member.expertId);
  return (
    <Card
      title={t('review.committee.members')}
      extra={
        <Space wrap>
          {committee.myRole === 'manager' && committee.status === 'forming' && (
            <Button type="primary" loading={start.isPending} onClick={() => modal.confirm({ title: t('review.committee.start'), content: t('review.committee.startConfirm'), onOk: () => start.mutateAsync(undefined) })} data-testid="committee-start">
              {t('review.committee.start')}
            </Button>
          )}
          {committee.myRole === 'manager' && committee.status === 'closed' && <Button onClick={() => setRoundOpen(true)}>{t('review.committee.newRound')}</Button>}
          {open && committee.myRole !== 'enterprise' && <Button onClick={() => setDeclaring(true)} data-testid="recusal-declare">{t('review.committee.declare')}</Button>}
        </Space>
      }
    >
      {committee.status === 'forming' && <Alert type="info" showIcon message={t('review.committee.stageForming')} style={{ marginBottom: 16 }} />}
      <Table
        rowKey="expertId"
        size="small"
        pagination={false}
        dataSource={committee.members}
        columns={[
          { title: t('review.committee.expert'), dataIndex: 'name', key: 'name', render: (value: string, row) => (row.isChair ? <Space>{value}<Tag color="gold">{t('review.chair')}</Tag></Space> : value) },
          { title: t('review.experts.title'), dataIndex: 'title', key: 'title', render: (value: string | null) => value ?? '—' },
          { title: t('review.experts.organisation'), dataIndex: 'organisationName', key: 'organisation', render: (value: string | null) => value ?? '—' },
          {
            title: t('review.committee.present'),
            key: 'present',
            render: (_: unknown, row) =>
              canManage && open ? (
                <Checkbox checked={row.present} onChange={(event) => attendance.mutate(event.target.checked ? [...present, row.expertId] : present.filter((expertId) => expertId !== row.expertId))} aria-label={t('review.committee.attendance')} />
              ) : (
                <Tag color={row.present ? 'green' : 'default'}>{row.present ? t('review.committee.present') : t('review.committee.absent')}</Tag>
              ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('review.committee.recusals')}
      </Typography.Title>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={committee.recusals}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.committee.recusalsEmpty')} /> }}
        data-testid="recusal-table"
        columns={[
          { title: t('review.committee.expert'), dataIndex: 'expertName', key: 'expert' },
          { title: t('review.committee.applicant'), dataIndex: 'applicantName', key: 'applicant' },
          { title: t('review.committee.reason'), key: 'reason', render: (_: unknown, row) => (i18n.language === 'en' ? row.reasonName.en : row.reasonName['zh-CN']) },
          { title: t('review.committee.sourceTitle'), key: 'source', render: (_: unknown, row) => <Tag color={row.source === 'detected' ? 'orange' : 'default'}>{t(`review.committee.source.${row.source}`)}</Tag> },
          { title: t('review.committee.note'), dataIndex: 'note', key: 'note', render: (value: string | null) => value ?? '' },
        ]}
      />
      {declaring && <RecusalForm committee={committee} onClose={() => setDeclaring(false)} />}
      {roundOpen && <RoundForm committee={committee} onClose={() => setRoundOpen(false)} />}
    </Card>
  );
}

function RecusalForm({ committee, onClose }: { committee: Committee; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const mine = useMyReview(committee.id, committee.myRole === 'member' || committee.myRole === 'chair');
  const summary = useSummary(committee.id, committee.myRole === 'manager' && committee.status !== 'forming');
  const applicants = (mine.data?.candidates ?? summary.data?.rows ?? []).map((row) => ({ value: row.applicationId, label: row.name }));
  const record = useReviewMutation(committee.id, (values: Record<string, unknown>) => api.post(`/review/committees/${committee.id}/recusals`, values), t('review.committee.recorded'));
  const experts = committee.myRole === 'manager' ? committee.members : committee.members.filter((member) => member.expertId === committee.myExpertId);
  return (
    <Modal open title={t('review.committee.declare')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={record.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ expertId: committee.myExpertId ?? undefined }} onFinish={(values) => record.mutate(values, { onSuccess: onClose })}>
        <Form.Item name="expertId" label={t('review.committee.expert')} rules={[{ required: true }]}>
          <Select options={experts.map((member) => ({ value: member.expertId, label: member.name }))} />
        </Form.Item>
        <Form.Item name="applicationId" label={t('review.committee.applicant')} rules={[{ required: true }]}>
          <Select options={applicants} />
        </Form.Item>
        <Form.Item name="reason" label={t('review.committee.reason')} rules={[{ required: true }]}>
          <Select options={REASONS.map((reason) => ({ value: reason, label: t(`review.committee.reasons.${reason}`) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('review.committee.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RoundForm({ committee, onClose }: { committee: Committee; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const round = useReviewMutation(committee.id, (values: { reason: string }) => api.post(`/review/committees/${committee.id}/rounds`, values), t('review.committee.roundOpened'));
  return (
    <Modal open title={t('review.committee.newRound')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={round.isPending} destroyOnHidden>
      <Alert type="warning" showIcon message={t('review.committee.roundHint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={(values) => round.mutate(values, { onSuccess: onClose })}>
        <Form.Item name="reason" label={t('review.committee.roundReason')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ExpertSection({ committee }: { committee: Committee }) {
  const { t } = useTranslation();
  const mine = useMyReview(committee.id, true);
  if (mine.isError) return <ProblemAlert title={t('errors.loadFailed')} error={mine.error} onRetry={() => void mine.refetch()} />;
  if (!mine.data) return <Card loading />;
  const data = mine.data;
  return (
    <Card title={committee.status === 'voting' || committee.status === 'closed' ? t('review.voting.tab') : t('review.scoring.tab')} data-testid="expert-section">
      <Space direction="vertical" style={{ width: '100%' }}>
        {committee.status === 'scoring' && <Alert type="info" showIcon message={t('review.scoring.hint')} />}
        {committee.status === 'voting' && <Alert type="info" showIcon message={data.present ? t('review.voting.hint') : t('review.voting.absent')} />}
        {data.recusedCount > 0 && <Alert type="warning" showIcon message={t('review.scoring.recused', { count: data.recusedCount })} />}
        {committee.disqualifiedCandidates.length > 0 && (
          <Alert type="error" showIcon data-testid="committee-disqualified" message={`${t('appCommon.statuses.disqualified')}${punct().colon}${committee.disqualifiedCandidates.map((candidate) => candidate.name).join(punct().list)}`} />
        )}
        {data.candidates.length === 0 && <Empty description={t('review.scoring.empty')} />}
        {data.candidates.map((candidate) => (
          <CandidateCard key={candidate.applicationId} committee={committee} review={data} candidate={candidate} />
        ))}
        {data.isChair && committee.status === 'scoring' && <CloseScoringButton committeeId={committee.id} />}
      </Space>
    </Card>
  );
}

function CloseScoringButton({ committeeId }: { committeeId: string }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const queryClient = useQueryClient();
  const close = useReviewMutation(committeeId, () => api.post(`/review/committees/${committeeId}/close-scoring`), t('review.scoring.scoringClosed'));
  return (
    <Button
      type="primary"
      loading={close.isPending}
      data-testid="close-scoring"
      onClick={() =>
        modal.confirm({
          title: t('review.scoring.closeScoring'),
          content: t('review.scoring.closeScoringConfirm'),
          onOk: async () => {
            await close.mutateAsync(undefined);
            await queryClient.invalidateQueries({ queryKey: reviewKeys.all });
          },
        })
      }
    >
      {t('review.scoring.closeScoring')}
    </Button>
  );
}

function CandidateCard({ committee, review, candidate }: { committee: Committee; review: MyReview; candidate: MyCandidate }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [findingFraud, setFindingFraud] = useState(false);
  // The chair finds fraud while the applicant is in review (六(四)): the candidate leaves the review.
  const chairMayFindFraud = review.isChair && committee.status !== 'closed' && committee.status !== 'forming';
  const [scores, setScores] = useState<Record<string, number | null>>(() => Object.fromEntries(review.dimensions.map((dimension) => [dimension.code, candidate.myScores?.[dimension.code] ?? null])));
  const [comment, setComment] = useState(candidate.myComment ?? '');
  const locale = useLocale();
  // Marks on the score fields: a score left empty, or one the server refused (its `scores.<code>` path).
  const [marked, setMarked] = useState<Record<string, string>>({});
  const save = useReviewMutation(committee.id, () => api.put(`/review/committees/${committee.id}/scores/${candidate.applicationId}`, { scores, comment }), t('review.scoring.saved'));
  const submitScores = () => {
    const missing = review.dimensions.filter((dimension) => scores[dimension.code] === null || scores[dimension.code] === undefined);
    if (missing.length) {
      setMarked(Object.fromEntries(missing.map((dimension) => [dimension.code, t('review.scoring.missing')])));
      return;
    }
    setMarked({});
    save.mutate(undefined, {
      onSuccess: refresh,
      onError: (error) => {
        if (!(error instanceof ApiError)) return;
        const onFields = (error.problem.errors ?? []).filter((fieldError) => fieldError.path.startsWith('scores.'));
        setMarked(Object.fromEntries(onFields.map((fieldError) => [fieldError.path.slice('scores.'.length), pickMessage(fieldError.messages, locale) ?? fieldError.code])));
      },
    });
  };
  const vote = useReviewMutation(committee.id, (value: Vote) => api.put(`/review/committees/${committee.id}/votes/${candidate.applicationId}`, { vote: value }), t('review.voting.cast'));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: reviewKeys.mine(committee.id) });
  const scoring = committee.status === 'scoring';
  const voting = committee.status === 'voting';
  return (
    <Card
      type="inner"
      title={<Space wrap>{candidate.name}<Typography.Text type="secondary">{candidate.idNumberMasked}</Typography.Text>{candidate.priority && <Tag color="gold">{t('review.scoring.priority')}</Tag>}</Space>}
      extra={
        <Space>
          {candidate.myScores ? <Tag color="green">{t('review.scoring.scored')}</Tag> : <Tag>{t('review.scoring.notScored')}</Tag>}
          {chairMayFindFraud && (
            <Button size="small" danger onClick={() => setFindingFraud(true)} data-testid={`chair-fraud-${candidate.name}`}>
              {t('sanctions.fraud.act')}
            </Button>
          )}
        </Space>
      }
      data-testid={`candidate-${candidate.name}`}
    >
      {chairMayFindFraud && (
        <FraudFindingModal
          open={findingFraud}
          name={candidate.name}
          path={`/review/committees/${committee.id}/candidates/${candidate.applicationId}/fraud`}
          onClose={() => setFindingFraud(false)}
          onDone={() => {
            setFindingFraud(false);
            void queryClient.invalidateQueries({ queryKey: reviewKeys.all });
          }}
        />
      )}
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('review.occupations')}>{candidate.occupationCode}</Descriptions.Item>
        <Descriptions.Item label={t('review.scoring.department')}>{candidate.department ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('review.scoring.achievements')} span={2}>
          {(candidate.content.achievements ?? []).map((achievement) => [achievement.title, achievement.benefit].filter(Boolean).join(punct().colon)).join(punct().semicolon) || '—'}
        </Descriptions.Item>
        {candidate.corrections.length ? (
          <Descriptions.Item label={t('review.scoring.corrected')} span={2}>
            <Space orientation="vertical" size={2} data-testid={`corrections-${candidate.name}`}>
              {candidate.corrections.map((correction) => (
                <Typography.Text key={correction.at} type="warning">
                  {Object.keys(correction.after)
                    .map((field) => `${field}${punct().colon}${JSON.stringify(correction.before[field])} → ${JSON.stringify(correction.after[field])}`)
                    .join(punct().semicolon)}
                  {punct().paren(`${correction.note}${punct().comma}${correction.correctorName ?? ''}`)}
                </Typography.Text>
              ))}
            </Space>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('review.scoring.evidence')} span={2}>
          {candidate.evidence.length ? (
            <Space wrap>
              {candidate.evidence.map((entry) => (
                <a key={`${entry.section}:${entry.fileId}`} href={evidenceUrl(committee.id, candidate.applicationId, entry.fileId)} target="_blank" rel="noreferrer">
                  {entry.name}
                </a>
              ))}
            </Space>
          ) : (
            t('review.scoring.noEvidence')
          )}
        </Descriptions.Item>
      </Descriptions>
      <Space wrap style={{ marginTop: 12 }}>
        {review.dimensions.map((dimension) => (
          <Space key={dimension.code} direction="vertical" size={2}>
            <Typography.Text>
              {dimension.name} <Typography.Text type="secondary">{t('review.scoring.weight', { weight: dimension.weight })}</Typography.Text>
            </Typography.Text>
            <InputNumber
              min={0}
              max={100}
              disabled={!scoring}
              value={scores[dimension.code]}
              status={marked[dimension.code] ? 'error' : undefined}
              onChange={(value) => {
                setScores((current) => ({ ...current, [dimension.code]: value }));
                setMarked(({ [dimension.code]: _cleared, ...rest }) => rest);
              }}
              aria-label={dimension.name}
              aria-invalid={marked[dimension.code] ? true : undefined}
              aria-describedby={marked[dimension.code] ? `score-error-${candidate.applicationId}-${dimension.code}` : undefined}
              data-testid={`score-${dimension.code}`}
            />
            {marked[dimension.code] ? (
              <Typography.Text type="danger" style={{ fontSize: 12 }} id={`score-error-${candidate.applicationId}-${dimension.code}`} data-testid={`score-error-${dimension.code}`}>
                {marked[dimension.code]}
              </Typography.Text>
            ) : null}
          </Space>
        ))}
      </Space>
      <Input.TextArea style={{ marginTop: 12 }} rows={2} maxLength={2000} disabled={!scoring} placeholder={t('review.scoring.comment')} value={comment} onChange={(event) => setComment(event.target.value)} aria-label={t('review.scoring.comment')} />
      {scoring && (
        <Button style={{ marginTop: 12 }} type="primary" loading={save.isPending} onClick={submitScores} data-testid="score-save">
          {t('review.scoring.save')}
        </Button>
      )}
      {(voting || committee.status === 'closed') && (
        <Space style={{ marginTop: 12 }} wrap>
          <Typography.Text strong>{t('review.voting.myVote')}</Typography.Text>
          <Radio.Group disabled={!voting || !review.present} value={candidate.myVote} onChange={(event) => vote.mutate(event.target.value as Vote, { onSuccess: refresh })} optionType="button" buttonStyle="solid" data-testid="vote">
            {VOTES.map((value) => (
              <Radio.Button key={value} value={value} data-testid={`vote-${value}`}>
                {t(`review.voting.votes.${value}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Space>
      )}
    </Card>
  );
}

function SummarySection({ committee }: { committee: Committee }) {
  const { t } = useTranslation();
  const summary = useSummary(committee.id, true);
  const [closing, setClosing] = useState(false);
  if (summary.isError) return <ProblemAlert title={t('errors.loadFailed')} error={summary.error} onRetry={() => void summary.refetch()} />;
  if (!summary.data) return <Card loading />;
  const data = summary.data;
  const fraction = (value: { numerator: number; denominator: number }) => `${value.numerator}/${value.denominator}`;
  const yes = (met: boolean) => <Tag color={met ? 'green' : 'red'}>{met ? t('review.summary.met') : t('review.summary.notMet')}</Tag>;
  // Before the ballot nothing has failed yet: votes, threshold and result wait for the voting stage.
  const voted = committee.status === 'voting' || committee.status === 'closed';
  return (
    <Card
      title={t('review.summary.tab')}
      data-testid="summary-section"
      extra={
        committee.myRole === 'chair' && committee.status === 'voting' ? (
          <Button type="primary" danger onClick={() => setClosing(true)} data-testid="close-review">
            {t('review.summary.close')}
          </Button>
        ) : undefined
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('review.summary.rules', { aggregation: t(`review.summary.aggregation.${data.aggregation}`), quorum: fraction(data.quorum), threshold: fraction(data.voteThreshold) })}</Typography.Text>
        {committee.status === 'scoring' && <Alert type="info" showIcon message={t('review.summary.progressHint')} />}
        <Space wrap>
          {data.quotas.map((quota) => (
            <Tag key={quota.occupationCode} color="blue">
              {t('review.summary.quotaValue', { occupation: quota.occupationCode, cap: quota.cap ?? t('review.summary.noCap'), passed: quota.passed })}
            </Tag>
          ))}
        </Space>
        <Table<SummaryRow>
          rowKey="applicationId"
          size="small"
          pagination={false}
          dataSource={data.rows}
          scroll={{ x: 1000 }}
          data-testid="summary-table"
          expandable={{
            rowExpandable: (row) => Boolean(row.sheetsByExpert?.length),
            expandedRowRender: (row) => (
              <Table
                size="small"
                pagination={false}
                rowKey="expertName"
                dataSource={row.sheetsByExpert ?? []}
                columns={[
                  { title: t('review.committee.expert'), dataIndex: 'expertName', key: 'expert' },
                  ...data.dimensions.map((dimension) => ({ title: dimension.name, key: dimension.code, render: (_: unknown, sheet: { scores: Record<string, number> }) => sheet.scores[dimension.code] ?? '—' })),
                  { title: t('review.scoring.comment'), dataIndex: 'comment', key: 'comment' },
                ]}
              />
            ),
          }}
          columns={[
            { title: t('review.summary.rank'), dataIndex: 'rank', key: 'rank', width: 64 },
            { title: t('review.summary.name'), dataIndex: 'name', key: 'name', render: (value: string, row) => (row.priority ? <Space>{value}<Tag color="gold">{t('review.scoring.priority')}</Tag></Space> : value) },
            { title: t('review.occupations'), dataIndex: 'occupationCode', key: 'occupation' },
            { title: t('review.summary.sheets'), key: 'sheets', render: (_: unknown, row) => `${row.sheets}/${row.sheetsExpected}` },
            { title: t('review.summary.score'), dataIndex: 'score', key: 'score', render: (value: number | null) => (value === null ? '—' : value.toFixed(2)) },
            { title: t('review.summary.attendance'), key: 'attendance', render: (_: unknown, row) => `${row.present}/${row.members - row.recused}` },
            { title: t('review.summary.quorum'), key: 'quorum', render: (_: unknown, row) => yes(row.quorumMet) },
            { title: t('review.summary.votes'), key: 'votes', render: (_: unknown, row) => (voted ? `${row.approve}/${row.disapprove}/${row.abstain}` : '—') },
            { title: t('review.summary.threshold'), key: 'threshold', render: (_: unknown, row) => <Space size={4}>{`≥${row.approvalsNeeded}`}{voted && yes(row.thresholdMet)}</Space> },
            {
              title: t('review.summary.result'),
              key: 'result',
              render: (_: unknown, row) =>
                !voted && row.recommended === null ? (
                  '—'
                ) : row.recommended !== null ? (
                  <Tag color={row.recommended ? 'green' : 'default'}>{row.recommended ? t('review.summary.recommended') : t('review.summary.notRecommended')}</Tag>
                ) : (
                  <Space size={4}>
                    <Tag color={row.passed ? 'green' : 'red'}>{row.passed ? t('review.summary.passed') : t('review.summary.failed')}</Tag>
                    {row.passed && <Tag color={row.withinQuota ? 'blue' : 'orange'}>{row.withinQuota ? t('review.summary.withinQuota') : t('review.summary.beyondQuota')}</Tag>}
                  </Space>
                ),
            },
          ]}
        />
      </Space>
      {closing && <CloseReviewModal committeeId={committee.id} summary={data} onClose={() => setClosing(false)} />}
    </Card>
  );
}

function CloseReviewModal({ committeeId, summary, onClose }: { committeeId: string; summary: Summary; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string[]>(summary.rows.filter((row) => row.withinQuota).map((row) => row.applicationId));
  const [failure, setFailure] = useState<unknown>(null);
  const close = useReviewMutation(committeeId, () => api.post(`/review/committees/${committeeId}/close`, { confirm: true, recommendedIds: chosen }), t('review.summary.closed'));
  return (
    <Modal
      open
      title={t('review.summary.closeTitle')}
      onCancel={onClose}
      okText={t('review.summary.closeConfirm')}
      okButtonProps={{ danger: true, 'data-testid': 'close-review-confirm' } as never}
      confirmLoading={close.isPending}
      onOk={() =>
        close.mutate(undefined, {
          onSuccess: async () => {
            await queryClient.invalidateQueries({ queryKey: reviewKeys.all });
            onClose();
          },
          onError: setFailure,
        })
      }
      width={560}
    >
      <Alert type="warning" showIcon message={t('review.summary.closeHint')} style={{ marginBottom: 16 }} />
      {failure ? <ProblemAlert error={failure} /> : null}
      <Checkbox.Group value={chosen} onChange={(values) => setChosen(values as string[])} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
        {summary.rows
          .filter((row) => row.passed)
          .map((row) => (
            <Checkbox key={row.applicationId} value={row.applicationId} data-testid={`recommend-${row.name}`}>
              {`${row.rank}. ${row.name}${punct().paren(row.occupationCode)}${row.score === null ? '' : ` ${row.score.toFixed(2)}`} ${row.withinQuota ? '' : t('review.summary.beyondQuota')}`}
            </Checkbox>
          ))}
      </Checkbox.Group>
    </Modal>
  );
}
