import { Descriptions, Empty, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Application, ApplicationContent, ApplicationEvent } from '../../api/application-types';
import { EvidenceList, formatTime } from './application-parts';
import { punct } from '../../i18n/punctuation';
import { useLocale } from '../../i18n';

const yesNo = (t: (key: 'common.yes' | 'common.no') => string, value: boolean | null) => (value === null ? '—' : value ? t('common.yes') : t('common.no'));

/** What an application states, section by section, each with its evidence (read only). */
export function ApplicationContentView({ application, content }: { application: Pick<Application, 'name' | 'idNumberMasked' | 'plan'>; content: ApplicationContent }) {
  const { t } = useTranslation();
  const occupation = application.plan.occupations.find((entry) => entry.code === content.occupationCode);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="application-content">
      <Descriptions
        title={t('myApplication.steps.identity')}
        size="small"
        column={{ xs: 1, md: 2 }}
        bordered
        items={[
          { key: 'name', label: t('myApplication.name'), children: application.name },
          { key: 'id', label: t('myApplication.idNumber'), children: application.idNumberMasked },
          { key: 'gender', label: t('myApplication.fields.gender'), children: content.identity.gender ? t(`appCommon.genders.${content.identity.gender}`) : '—' },
          { key: 'birth', label: t('myApplication.fields.birthDate'), children: content.identity.birthDate ?? '—' },
          { key: 'department', label: t('myApplication.fields.department'), children: content.identity.department ?? '—' },
          { key: 'phone', label: t('myApplication.fields.phone'), children: content.identity.phone ?? '—' },
        ]}
      />
      <Descriptions
        title={t('myApplication.steps.qualification')}
        size="small"
        column={{ xs: 1, md: 2 }}
        bordered
        items={[
          { key: 'kind', label: t('myApplication.fields.certificateKind'), children: content.qualification.kind ? t(`appCommon.certificateKinds.${content.qualification.kind}`) : '—' },
          { key: 'number', label: t('myApplication.fields.certificateNumber'), children: content.qualification.certificateNumber ?? '—' },
          { key: 'level', label: t('myApplication.fields.certificateLevel'), children: t(`appCommon.levels.l${(content.qualification.level ?? 1) as 1 | 2 | 3 | 4 | 5}`) },
          { key: 'issuer', label: t('myApplication.fields.certificateIssuer'), children: content.qualification.issuer ?? '—' },
          { key: 'issued', label: t('myApplication.fields.issuedOn'), children: content.qualification.issuedOn ?? '—' },
          { key: 'evidence', label: t('myApplication.fields.evidence'), children: <EvidenceList files={content.qualification.evidence} /> },
          { key: 'occupation', label: t('myApplication.fields.occupation'), children: content.occupationCode ? `${content.occupationCode} ${occupation?.name ?? ''}` : '—' },
          { key: 'still', label: t('myApplication.fields.stillInOccupation'), children: yesNo(t, content.stillInOccupation) },
          { key: 'since', label: t('myApplication.fields.postSince'), children: content.post.since ?? '—' },
          { key: 'postTitle', label: t('myApplication.fields.postTitle'), children: content.post.title ?? '—' },
          { key: 'postEvidence', label: t('myApplication.fields.evidence'), children: <EvidenceList files={content.post.evidence} /> },
          {
            key: 'history',
            label: t('myApplication.fields.history'),
            span: 2,
            children: content.post.history.length
              ? content.post.history.map((entry, index) => (
                  <div key={index}>
                    {[`${entry.from ?? '?'} — ${entry.to ?? '…'}`, entry.unit, entry.post].filter(Boolean).join(' · ')}
                  </div>
                ))
              : '—',
          },
        ]}
      />
      <div>
        <Typography.Title level={5}>{t('myApplication.steps.achievements')}</Typography.Title>
        {content.achievements.length ? (
          content.achievements.map((entry, index) => (
            <Descriptions
              key={index}
              size="small"
              column={1}
              bordered
              style={{ marginBottom: 8 }}
              items={[
                { key: 'kind', label: t('myApplication.fields.achievementKind'), children: <Tag color="blue">{t(`appCommon.achievements.${entry.kind}`)}</Tag> },
                { key: 'title', label: t('myApplication.fields.achievementTitle'), children: entry.title ?? '—' },
                { key: 'description', label: t('myApplication.fields.achievementDescription'), children: <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{entry.description ?? '—'}</Typography.Paragraph> },
                ...(entry.benefit ? [{ key: 'benefit', label: t('myApplication.fields.benefit'), children: entry.benefit }] : []),
                ...(entry.apprentices.length
                  ? [{ key: 'apprentices', label: t('myApplication.fields.apprentices'), children: entry.apprentices.map((apprentice) => t('applicationReview.apprenticesLine', { name: apprentice.name, level: apprentice.levelReached })).join(punct().semicolon) }]
                  : []),
                { key: 'evidence', label: t('myApplication.fields.evidence'), children: <EvidenceList files={entry.evidence} /> },
              ]}
            />
          ))
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </div>
      <div>
        <Typography.Title level={5}>{t('myApplication.steps.honours')}</Typography.Title>
        {content.honours.length ? (
          content.honours.map((entry, index) => (
            <Descriptions
              key={index}
              size="small"
              column={{ xs: 1, md: 3 }}
              bordered
              style={{ marginBottom: 8 }}
              items={[
                { key: 'id', label: t('myApplication.fields.honour'), children: <Tag color="gold">{t(`appCommon.honours.${entry.id}`)}</Tag> },
                { key: 'on', label: t('myApplication.fields.awardedOn'), children: entry.awardedOn ?? '—' },
                { key: 'issuer', label: t('myApplication.fields.issuer'), children: entry.issuer ?? '—' },
                { key: 'number', label: t('myApplication.fields.awardNumber'), span: 3, children: entry.certificateNumber ?? '—' },
                { key: 'evidence', label: t('myApplication.fields.evidence'), span: 3, children: <EvidenceList files={entry.evidence} /> },
              ]}
            />
          ))
        ) : (
          <Typography.Text type="secondary">{t('myApplication.fields.noHonours')}</Typography.Text>
        )}
      </div>
      <Descriptions
        title={t('myApplication.steps.pledges')}
        size="small"
        column={1}
        bordered
        items={[
          { key: 'conduct', label: t('myApplication.fields.conductPledge'), children: yesNo(t, content.conduct.pledge) },
          { key: 'record', label: t('myApplication.fields.disciplinaryRecord'), children: yesNo(t, content.conduct.disciplinaryRecord) },
          { key: 'health', label: t('myApplication.fields.healthFit'), children: yesNo(t, content.health.fit) },
          { key: 'healthEvidence', label: t('myApplication.fields.healthEvidence'), children: <EvidenceList files={content.health.evidence} /> },
          { key: 'integrity', label: t('myApplication.fields.integrityPledge'), children: yesNo(t, content.integrity.pledge) },
          { key: 'integrityEvidence', label: t('myApplication.fields.integrityEvidence'), children: <EvidenceList files={content.integrity.evidence} /> },
        ]}
      />
    </Space>
  );
}

const EVENT_COLOURS: Record<string, string> = { submitted: 'blue', return: 'orange', 'mark-eligible': 'green', 'mark-ineligible': 'red', 'condition-reviewed': 'gray' };

/** Every step of the application, oldest first. */
export function ApplicationTimeline({ events }: { events: ApplicationEvent[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Timeline
      data-testid="application-timeline"
      items={events.map((event, index) => ({
        key: index,
        color: EVENT_COLOURS[event.act] ?? 'blue',
        title: formatTime(event.at),
        content: (
          <div>
            <Typography.Text strong>{t(`appCommon.acts.${event.act}` as 'appCommon.acts.created', { defaultValue: event.act })}</Typography.Text>
            {event.version ? <Typography.Text type="secondary">{punct().paren(t('appCommon.version', { version: event.version }))}</Typography.Text> : null}
            {event.bySystem ? <div><Typography.Text type="secondary">{t('audit.system')}</Typography.Text></div> : event.actorName ? <div><Typography.Text type="secondary">{event.actorName}</Typography.Text></div> : null}
            {event.comment ? <div style={{ whiteSpace: 'pre-wrap' }}>{locale === 'en' && event.commentEn ? event.commentEn : event.comment}</div> : null}
          </div>
        ),
      }))}
    />
  );
}
