import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Divider, Form, Input, List, Radio, Row, Select, Space, Steps, Typography, Upload } from 'antd';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { postForm } from '../../api/application-queries';
import { ACHIEVEMENT_KINDS, HONOUR_IDS, type Application, type ApplicationContent, type EvidenceRef } from '../../api/application-types';
import { useProblemText } from '../../components/problem-alert';
import { useLocale } from '../../i18n';
import { EvidenceList, useLocalized } from './application-parts';

/** A date kept as 'YYYY-MM-DD' text in the form, shown in a date picker. */
export function DateField({ value, onChange, testId }: { value?: string | null; onChange?: (value: string | null) => void; testId?: string }) {
  const { t } = useTranslation();
  // HR and other readers get a birth date as its year only (issue 22): shown as a hint, sent back unchanged (the server keeps the date).
  const yearOnly = value && /^\d{4}$/.test(value) ? value : null;
  return (
    <DatePicker
      value={value && !yearOnly ? dayjs(value) : null}
      placeholder={yearOnly ? t('myApplication.fields.birthYearKept', { year: yearOnly }) : undefined}
      onChange={(date) => onChange?.(date ? date.format('YYYY-MM-DD') : null)}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

/** Evidence files of one statement: upload (PDF, JPG, PNG through /files), preview, remove. */
export function EvidenceField({ value = [], onChange, testId }: { value?: EvidenceRef[]; onChange?: (value: EvidenceRef[]) => void; testId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const problemText = useProblemText();
  const { message } = App.useApp();
  const upload = useMutation({
    mutationFn: (file: File) => postForm<{ id: string; name: string }>('/files', file, {}, locale),
    onSuccess: (stored) => onChange?.([...value, { fileId: stored.id, name: stored.name }]),
    onError: (error) => void message.error(problemText(error)),
  });
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid={testId}>
      <EvidenceList files={value} onRemove={(file) => onChange?.(value.filter((entry) => entry.fileId !== file.fileId))} />
      <Space wrap>
        <Upload
          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          showUploadList={false}
          beforeUpload={(file) => {
            upload.mutate(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} size="small">
            {t('myApplication.fields.upload')}
          </Button>
        </Upload>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('myApplication.fields.uploadHint')}
        </Typography.Text>
      </Space>
    </Space>
  );
}

const STEP_KEYS = ['identity', 'qualification', 'achievements', 'honours', 'pledges', 'review'] as const;

/** Which step a missing item (by its path) belongs to. */
function stepOf(path: string): number {
  if (path.startsWith('identity')) return 0;
  if (path.startsWith('qualification') || path.startsWith('post') || path.startsWith('occupation') || path.startsWith('stillInOccupation')) return 1;
  if (path.startsWith('achievements')) return 2;
  if (path.startsWith('honours')) return 3;
  return 4;
}

/** The form's values as the API takes them: every list present, empty texts as null. */
export function contentOf(form: FormInstance<ApplicationContent>, base: ApplicationContent): ApplicationContent {
  const values = form.getFieldsValue(true) as ApplicationContent;
  const text = (value: string | null | undefined) => (value === undefined || value === null || value.trim() === '' ? null : value.trim());
  const merged: ApplicationContent = { ...base, ...values };
  return {
    identity: {
      name: base.identity.name,
      gender: merged.identity?.gender ?? null,
      birthDate: merged.identity?.birthDate ?? null,
      department: text(merged.identity?.department),
      phone: text(merged.identity?.phone),
    },
    qualification: {
      kind: merged.qualification?.kind ?? null,
      certificateNumber: text(merged.qualification?.certificateNumber),
      level: merged.qualification?.level ?? 1,
      issuer: text(merged.qualification?.issuer),
      issuedOn: merged.qualification?.issuedOn ?? null,
      evidence: merged.qualification?.evidence ?? [],
    },
    occupationCode: merged.occupationCode ?? null,
    stillInOccupation: merged.stillInOccupation ?? null,
    post: {
      since: merged.post?.since ?? null,
      title: text(merged.post?.title),
      history: (merged.post?.history ?? []).map((entry) => ({ from: entry?.from ?? null, to: entry?.to ?? null, unit: text(entry?.unit), post: text(entry?.post) })),
      evidence: merged.post?.evidence ?? [],
    },
    achievements: (merged.achievements ?? []).map((entry) => ({
      kind: entry.kind,
      title: text(entry.title),
      description: text(entry.description),
      benefit: text(entry.benefit),
      apprentices: (entry.apprentices ?? []).filter((apprentice) => apprentice && (apprentice.name || apprentice.levelReached)).map((apprentice) => ({ name: apprentice.name ?? '', levelReached: apprentice.levelReached ?? '' })),
      evidence: entry.evidence ?? [],
    })),
    honours: (merged.honours ?? []).map((entry) => ({ id: entry.id, awardedOn: entry.awardedOn ?? null, issuer: text(entry.issuer), certificateNumber: text(entry.certificateNumber), evidence: entry.evidence ?? [] })),
    conduct: { pledge: Boolean(merged.conduct?.pledge), disciplinaryRecord: Boolean(merged.conduct?.disciplinaryRecord) },
    health: { fit: merged.health?.fit ?? null, evidence: merged.health?.evidence ?? [] },
    integrity: { pledge: Boolean(merged.integrity?.pledge), evidence: merged.integrity?.evidence ?? [] },
  };
}

/** The application form in steps; saving and submitting are the caller's (they need the revision). */
export function ApplicationForm({ application, form, footer }: { application: Application; form: FormInstance<ApplicationContent>; footer: React.ReactNode }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const [step, setStep] = useState(0);
  const issuesByStep = STEP_KEYS.map((_key, index) => application.issues.filter((issue) => stepOf(issue.path) === index).length);

  return (
    <Card>
      <Steps
        current={step}
        onChange={setStep}
        size="small"
        style={{ marginBottom: 24 }}
        items={STEP_KEYS.map((key, index) => ({ title: t(`myApplication.steps.${key}`), status: index < 5 && issuesByStep[index] && index !== step ? 'error' : undefined }))}
        data-testid="application-steps"
      />
      <Form form={form} layout="vertical" initialValues={application.content} data-testid="application-form">
        <div style={{ display: step === 0 ? 'block' : 'none' }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label={t('myApplication.name')}>
                <Input value={application.name} disabled />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label={t('myApplication.idNumber')}>
                <Input value={application.idNumberMasked} disabled />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['identity', 'gender']} label={t('myApplication.fields.gender')}>
                <Radio.Group options={(['male', 'female'] as const).map((value) => ({ value, label: t(`appCommon.genders.${value}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['identity', 'birthDate']} label={t('myApplication.fields.birthDate')}>
                <DateField />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['identity', 'department']} label={t('myApplication.fields.department')}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['identity', 'phone']} label={t('myApplication.fields.phone')}>
                <Input maxLength={30} data-testid="field-phone" />
              </Form.Item>
            </Col>
          </Row>
        </div>

        <div style={{ display: step === 1 ? 'block' : 'none' }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name={['qualification', 'kind']} label={t('myApplication.fields.certificateKind')}>
                <Select options={(['skill-level', 'vocational-qualification'] as const).map((value) => ({ value, label: t(`appCommon.certificateKinds.${value}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['qualification', 'certificateNumber']} label={t('myApplication.fields.certificateNumber')} extra={t('myApplication.fields.certificateNumberHint')}>
                <Input maxLength={30} data-testid="field-certificate-number" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['qualification', 'level']} label={t('myApplication.fields.certificateLevel')}>
                <Select options={[1, 2, 3, 4, 5].map((value) => ({ value, label: t(`appCommon.levels.l${value as 1 | 2 | 3 | 4 | 5}`) }))} data-testid="field-certificate-level" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['qualification', 'issuer']} label={t('myApplication.fields.certificateIssuer')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['qualification', 'issuedOn']} label={t('myApplication.fields.issuedOn')}>
                <DateField />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name={['qualification', 'evidence']} label={t('myApplication.fields.evidence')}>
            <EvidenceField testId="evidence-qualification" />
          </Form.Item>
          <Divider />
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="occupationCode" label={t('myApplication.fields.occupation')}>
                <Select options={application.plan.occupations.map((occupation) => ({ value: occupation.code, label: `${occupation.code} ${occupation.name}` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="stillInOccupation" label={t('myApplication.fields.stillInOccupation')}>
                <Radio.Group options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['post', 'since']} label={t('myApplication.fields.postSince')}>
                <DateField />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['post', 'title']} label={t('myApplication.fields.postTitle')}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text strong>{t('myApplication.fields.history')}</Typography.Text>
          <Form.List name={['post', 'history']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Row key={field.key} gutter={8} align="middle" style={{ marginTop: 8 }}>
                    <Col xs={12} md={5}>
                      <Form.Item name={[field.name, 'from']} noStyle>
                        <DateField />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item name={[field.name, 'to']} noStyle>
                        <DateField />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={7}>
                      <Form.Item name={[field.name, 'unit']} noStyle>
                        <Input placeholder={t('myApplication.fields.unit')} />
                      </Form.Item>
                    </Col>
                    <Col xs={10} md={5}>
                      <Form.Item name={[field.name, 'post']} noStyle>
                        <Input placeholder={t('myApplication.fields.post')} />
                      </Form.Item>
                    </Col>
                    <Col xs={2} md={2}>
                      <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('myApplication.fields.remove')} />
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ from: null, to: null, unit: null, post: null })} style={{ marginTop: 8, marginBottom: 16 }}>
                  {t('myApplication.fields.addHistory')}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name={['post', 'evidence']} label={t('myApplication.fields.evidence')}>
            <EvidenceField testId="evidence-post" />
          </Form.Item>
        </div>

        <div style={{ display: step === 2 ? 'block' : 'none' }}>
          <Form.List name="achievements">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Card
                    key={field.key}
                    size="small"
                    style={{ marginBottom: 12 }}
                    title={`${index + 1}.`}
                    extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('myApplication.fields.remove')} />}
                  >
                    <Row gutter={16}>
                      <Col xs={24} md={8}>
                        <Form.Item name={[field.name, 'kind']} label={t('myApplication.fields.achievementKind')}>
                          <Select options={ACHIEVEMENT_KINDS.map((kind) => ({ value: kind, label: t(`appCommon.achievements.${kind}`) }))} data-testid={`achievement-kind-${index}`} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={16}>
                        <Form.Item name={[field.name, 'title']} label={t('myApplication.fields.achievementTitle')}>
                          <Input maxLength={200} data-testid={`achievement-title-${index}`} />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Form.Item name={[field.name, 'description']} label={t('myApplication.fields.achievementDescription')}>
                      <Input.TextArea rows={3} maxLength={4000} data-testid={`achievement-description-${index}`} />
                    </Form.Item>
                    <Form.Item noStyle shouldUpdate>
                      {() => {
                        const kind = form.getFieldValue(['achievements', field.name, 'kind']);
                        return (
                          <>
                            {kind === 'technology-transfer' || kind === 'innovation' ? (
                              <Form.Item name={[field.name, 'benefit']} label={t('myApplication.fields.benefit')}>
                                <Input maxLength={1000} data-testid={`achievement-benefit-${index}`} />
                              </Form.Item>
                            ) : null}
                            {kind === 'mentoring' ? (
                              <Form.Item label={t('myApplication.fields.apprentices')}>
                                <Form.List name={[field.name, 'apprentices']}>
                                  {(apprentices, { add: addApprentice, remove: removeApprentice }) => (
                                    <>
                                      {apprentices.map((apprentice, position) => (
                                        <Space key={apprentice.key} style={{ display: 'flex', marginBottom: 8 }}>
                                          <Form.Item name={[apprentice.name, 'name']} noStyle>
                                            <Input placeholder={t('myApplication.fields.apprenticeName')} data-testid={`apprentice-name-${index}-${position}`} />
                                          </Form.Item>
                                          <Form.Item name={[apprentice.name, 'levelReached']} noStyle>
                                            <Input placeholder={t('myApplication.fields.levelReached')} data-testid={`apprentice-level-${index}-${position}`} />
                                          </Form.Item>
                                          <Button type="text" danger icon={<DeleteOutlined />} onClick={() => removeApprentice(apprentice.name)} aria-label={t('myApplication.fields.remove')} />
                                        </Space>
                                      ))}
                                      <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => addApprentice({ name: '', levelReached: '' })} data-testid={`apprentice-add-${index}`}>
                                        {t('myApplication.fields.addApprentice')}
                                      </Button>
                                    </>
                                  )}
                                </Form.List>
                              </Form.Item>
                            ) : null}
                          </>
                        );
                      }}
                    </Form.Item>
                    <Form.Item name={[field.name, 'evidence']} label={t('myApplication.fields.evidence')}>
                      <EvidenceField testId={`evidence-achievement-${index}`} />
                    </Form.Item>
                  </Card>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'operating-method', title: null, description: null, benefit: null, apprentices: [], evidence: [] })} data-testid="achievement-add">
                  {t('myApplication.fields.addAchievement')}
                </Button>
              </>
            )}
          </Form.List>
        </div>

        <div style={{ display: step === 3 ? 'block' : 'none' }}>
          <Alert type="info" showIcon title={t('myApplication.fields.noHonours')} style={{ marginBottom: 16 }} />
          <Form.List name="honours">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Card key={field.key} size="small" style={{ marginBottom: 12 }} extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('myApplication.fields.remove')} />}>
                    <Row gutter={16}>
                      <Col xs={24} md={8}>
                        <Form.Item name={[field.name, 'id']} label={t('myApplication.fields.honour')}>
                          <Select options={HONOUR_IDS.map((id) => ({ value: id, label: t(`appCommon.honours.${id}`) }))} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={4}>
                        <Form.Item name={[field.name, 'awardedOn']} label={t('myApplication.fields.awardedOn')}>
                          <DateField testId={`honour-date-${index}`} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={6}>
                        <Form.Item name={[field.name, 'issuer']} label={t('myApplication.fields.issuer')}>
                          <Input maxLength={200} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={6}>
                        <Form.Item name={[field.name, 'certificateNumber']} label={t('myApplication.fields.awardNumber')} tooltip={t('myApplication.fields.awardNumberHint')}>
                          <Input maxLength={60} data-testid={`honour-number-${index}`} />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Form.Item name={[field.name, 'evidence']} label={t('myApplication.fields.evidence')}>
                      <EvidenceField testId={`evidence-honour-${index}`} />
                    </Form.Item>
                  </Card>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ id: 'national-technical-expert', awardedOn: null, issuer: null, certificateNumber: null, evidence: [] })}>
                  {t('myApplication.fields.addHonour')}
                </Button>
              </>
            )}
          </Form.List>
        </div>

        <div style={{ display: step === 4 ? 'block' : 'none' }}>
          <Form.Item name={['conduct', 'pledge']} valuePropName="checked">
            <Checkbox data-testid="pledge-conduct">{t('myApplication.fields.conductPledge')}</Checkbox>
          </Form.Item>
          <Form.Item name={['conduct', 'disciplinaryRecord']} valuePropName="checked">
            <Checkbox>{t('myApplication.fields.disciplinaryRecord')}</Checkbox>
          </Form.Item>
          <Divider />
          <Form.Item name={['health', 'fit']} label={t('myApplication.fields.healthFit')}>
            <Radio.Group options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} data-testid="health-fit" />
          </Form.Item>
          <Form.Item name={['health', 'evidence']} label={t('myApplication.fields.healthEvidence')}>
            <EvidenceField testId="evidence-health" />
          </Form.Item>
          <Divider />
          <Form.Item name={['integrity', 'pledge']} valuePropName="checked">
            <Checkbox data-testid="pledge-integrity">{t('myApplication.fields.integrityPledge')}</Checkbox>
          </Form.Item>
          <Form.Item name={['integrity', 'evidence']} label={t('myApplication.fields.integrityEvidence')}>
            <EvidenceField testId="evidence-integrity" />
          </Form.Item>
        </div>

        <div style={{ display: step === 5 ? 'block' : 'none' }} data-testid="application-check">
          {application.issues.length ? (
            <Alert
              type="warning"
              showIcon
              title={t('myApplication.missing', { count: application.issues.length })}
              description={
                <List
                  size="small"
                  dataSource={application.issues}
                  renderItem={(issue) => (
                    <List.Item style={{ padding: '4px 0' }}>
                      <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setStep(stepOf(issue.path))}>
                        {localized(issue.message)}
                      </Button>
                    </List.Item>
                  )}
                />
              }
            />
          ) : (
            <Alert type="success" showIcon title={t('myApplication.complete')} data-testid="application-complete" />
          )}
        </div>
      </Form>
      <Divider />
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Button disabled={step === 0} onClick={() => setStep(step - 1)}>
            {t('myApplication.prev')}
          </Button>
          <Button disabled={step === STEP_KEYS.length - 1} onClick={() => setStep(step + 1)} data-testid="step-next">
            {t('myApplication.next')}
          </Button>
        </Space>
        {footer}
      </Space>
    </Card>
  );
}
