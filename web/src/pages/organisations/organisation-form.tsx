import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Divider, Drawer, Form, Input, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { showProblemOnForm } from '../../api/problem';
import { queryKeys } from '../../api/queries';
import type {
  BodyType,
  DepartmentType,
  FilingLevel,
  InstitutionCategory,
  Organisation,
  OrganisationInput,
  OrganisationKind,
} from '../../api/types';
import { useProblemText } from '../../components/problem-alert';
import { useConfirmDiscard } from '../../components/use-confirm-discard';
import { useLocale } from '../../i18n';
import {
  BODY_TYPES,
  certificateCodePrefix,
  CHILD_KINDS,
  CREDIT_CODE_PATTERN,
  DEPARTMENT_TYPES,
  FILING_LEVELS,
  INSTITUTION_CATEGORIES,
  isValidCreditCode,
  PROVINCE_CODES,
} from '../../model/organisations';
import { punct } from '../../i18n/punctuation';

export type OrganisationFormMode =
  | { type: 'create'; parent: Organisation }
  | { type: 'edit'; organisation: Organisation; parent?: Organisation };

interface FormValues {
  kind: OrganisationKind;
  name: string;
  departmentType?: DepartmentType;
  provinceCode?: string;
  creditCode?: string;
  bodyType?: BodyType;
  filing: { filed: boolean; level?: FilingLevel; authority?: string; number?: string };
  institutionEnabled: boolean;
  institution: { category?: InstitutionCategory; institutionCode?: string; provinceCode?: string; siteCode?: string };
}

function initialValues(mode: OrganisationFormMode): Partial<FormValues> {
  if (mode.type === 'create') {
    const kind = CHILD_KINDS[mode.parent.kind][0];
    return {
      kind,
      provinceCode: mode.parent.provinceCode ?? undefined,
      filing: { filed: false },
      institutionEnabled: false,
      institution: { category: 'Y', institutionCode: '0000', provinceCode: mode.parent.provinceCode ?? undefined },
    };
  }
  const o = mode.organisation;
  return {
    kind: o.kind,
    name: o.name,
    departmentType: o.departmentType ?? undefined,
    provinceCode: o.provinceCode ?? undefined,
    creditCode: o.creditCode ?? undefined,
    bodyType: o.bodyType ?? undefined,
    filing: {
      filed: o.filing?.filed ?? false,
      level: o.filing?.level ?? undefined,
      authority: o.filing?.authority ?? undefined,
      number: o.filing?.number ?? undefined,
    },
    institutionEnabled: Boolean(o.institution),
    institution: o.institution
      ? { ...o.institution }
      : { category: 'Y', institutionCode: '0000', provinceCode: o.provinceCode ?? undefined },
  };
}

const blank = (value: string | undefined) => (value && value.trim() ? value.trim() : null);

/** The request body: the fields this kind of organisation has, and nothing else. */
function toInput(values: FormValues, mode: OrganisationFormMode): OrganisationInput {
  const kind = mode.type === 'create' ? values.kind : mode.organisation.kind;
  const input: OrganisationInput = { name: values.name.trim() };
  if (kind === 'department') {
    input.departmentType = values.departmentType ?? null;
    input.provinceCode =
      values.departmentType === 'provincial' || values.departmentType === 'xpcc' ? (values.provinceCode ?? null) : null;
  }
  if (kind === 'enterprise') {
    input.creditCode = blank(values.creditCode);
    input.provinceCode = values.provinceCode ?? null;
    const filed = Boolean(values.filing?.filed);
    input.filing = {
      filed,
      level: filed ? (values.filing.level ?? null) : null,
      authority: filed ? blank(values.filing.authority) : null,
      number: filed ? blank(values.filing.number) : null,
    };
    input.institution = values.institutionEnabled
      ? {
          category: values.institution.category!,
          institutionCode: values.institution.institutionCode!,
          provinceCode: values.institution.provinceCode!,
          siteCode: values.institution.siteCode!,
        }
      : null;
  }
  if (kind === 'evaluation-body') input.bodyType = values.bodyType ?? null;

  if (mode.type === 'create') {
    // A new organisation: leave out what is empty rather than sending nulls.
    const body: OrganisationInput = { parentId: mode.parent.id, kind };
    for (const [key, value] of Object.entries(input)) {
      if (value !== null && value !== undefined) (body as Record<string, unknown>)[key] = value;
    }
    return body;
  }
  // An edit: send a null only to clear something that was set.
  const before = mode.organisation as unknown as Record<string, unknown>;
  const body: OrganisationInput = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === null && (before[key] === null || before[key] === undefined)) continue;
    (body as Record<string, unknown>)[key] = value;
  }
  return body;
}

export function OrganisationFormDrawer({
  mode,
  onClose,
  onSaved,
}: {
  mode: OrganisationFormMode | null;
  onClose: () => void;
  onSaved: (organisation: Organisation) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<FormValues>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const confirmDiscard = useConfirmDiscard();
  const [alertError, setAlertError] = useState<unknown>(null);

  const kind = Form.useWatch('kind', form);
  const departmentType = Form.useWatch('departmentType', form);
  const filed = Form.useWatch(['filing', 'filed'], form);
  const institutionEnabled = Form.useWatch('institutionEnabled', form);
  const institution = Form.useWatch('institution', form);

  const save = useMutation({
    mutationFn: (values: FormValues) => {
      if (!mode) throw new Error('no form');
      const body = toInput(values, mode);
      return mode.type === 'create'
        ? api.post<Organisation>('/organisations', body)
        : api.patch<Organisation>(`/organisations/${mode.organisation.id}`, body);
    },
    onSuccess: async (organisation) => {
      void message.success(
        mode?.type === 'create' ? t('organisations.created', { name: organisation.name }) : t('organisations.updated'),
      );
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.organisations }),
        queryClient.invalidateQueries({ queryKey: queryKeys.me }),
      ]);
      onSaved(organisation);
    },
    onError: (error) => {
      if (!showProblemOnForm(form, error, locale, { CREDIT_CODE_TAKEN: 'creditCode' })) setAlertError(error);
    },
  });

  const open = mode !== null;
  const parent = mode?.type === 'create' ? mode.parent : mode?.parent;
  const kindOptions = mode?.type === 'create' ? CHILD_KINDS[mode.parent.kind] : mode ? [mode.organisation.kind] : [];
  const provinceOptions = PROVINCE_CODES.map((code) => ({ value: code, label: `${code} ${t(`provinces.${code}`)}` }));
  const close = () => {
    save.reset();
    setAlertError(null);
    onClose();
  };

  return (
    <Drawer
      open={open}
      size={600}
      destroyOnHidden
      title={mode?.type === 'create' ? t('organisations.createTitle') : t('organisations.editTitle')}
      onClose={() => confirmDiscard(form, close)}
      mask={{ closable: false }}
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={() => confirmDiscard(form, close)}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="organisation-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {mode ? (
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={initialValues(mode)}
          onFinish={(values) => {
            setAlertError(null);
            save.mutate(values);
          }}
          disabled={save.isPending}
          scrollToFirstError
          clearOnDestroy
        >
          {alertError ? <Alert type="error" showIcon title={problemText(alertError)} style={{ marginBottom: 16 }} /> : null}
          {parent ? (
            <Form.Item label={t('organisations.fields.parent')}>
              <Typography.Text strong>{parent.name}</Typography.Text>
            </Form.Item>
          ) : null}
          <Form.Item
            name="kind"
            label={t('organisations.fields.kind')}
            rules={[{ required: true, message: t('organisations.validation.kindRequired') }]}
          >
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              disabled={mode.type === 'edit'}
              options={kindOptions.map((value) => ({ value, label: t(`kinds.${value}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('organisations.fields.name')}
            rules={[
              { required: true, whitespace: true, message: t('organisations.validation.nameRequired') },
              {
                validator: (_rule, value: string | undefined) =>
                  !value?.trim() || value.trim().length >= 2
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('organisations.validation.nameTooShort'))),
              },
              { max: 100 },
            ]}
          >
            <Input maxLength={100} showCount autoComplete="off" />
          </Form.Item>

          {kind === 'department' ? (
            <>
              <Form.Item
                name="departmentType"
                label={t('organisations.fields.departmentType')}
                rules={[{ required: true, message: t('organisations.validation.departmentTypeRequired') }]}
              >
                <Select
                  options={DEPARTMENT_TYPES.map((value) => ({ value, label: t(`departmentTypes.${value}`) }))}
                  onChange={(value: DepartmentType) => {
                    if (value === 'xpcc') form.setFieldValue('provinceCode', '66');
                  }}
                />
              </Form.Item>
              {departmentType === 'provincial' || departmentType === 'xpcc' ? (
                <Form.Item
                  name="provinceCode"
                  label={t('organisations.fields.provinceCode')}
                  rules={[{ required: true, message: t('organisations.validation.provinceRequired') }]}
                >
                  <Select showSearch={{ optionFilterProp: 'label' }} options={provinceOptions} />
                </Form.Item>
              ) : null}
            </>
          ) : null}

          {kind === 'evaluation-body' ? (
            <Form.Item
              name="bodyType"
              label={t('organisations.fields.bodyType')}
              rules={[{ required: true, message: t('organisations.validation.bodyTypeRequired') }]}
            >
              <Radio.Group options={BODY_TYPES.map((value) => ({ value, label: t(`bodyTypes.${value}`) }))} />
            </Form.Item>
          ) : null}

          {kind === 'enterprise' ? (
            <>
              <Row gutter={16}>
                <Col xs={24} sm={14}>
                  <Form.Item
                    name="creditCode"
                    label={t('organisations.fields.creditCode')}
                    normalize={(value: string) => value.toUpperCase().replace(/\s/g, '')}
                    rules={[
                      { required: true, message: t('organisations.validation.creditCodeRequired') },
                      {
                        validator: (_rule, value: string | undefined) => {
                          if (!value) return Promise.resolve();
                          if (!CREDIT_CODE_PATTERN.test(value))
                            return Promise.reject(new Error(t('organisations.validation.creditCodeFormat')));
                          if (!isValidCreditCode(value))
                            return Promise.reject(new Error(t('organisations.validation.creditCodeChecksum')));
                          return Promise.resolve();
                        },
                      },
                    ]}
                  >
                    <Input maxLength={18} autoComplete="off" style={{ fontFamily: 'monospace' }} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={10}>
                  <Form.Item name="provinceCode" label={t('organisations.fields.provinceCode')}>
                    <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={provinceOptions} />
                  </Form.Item>
                </Col>
              </Row>

              <Divider titlePlacement="start">{t('organisations.sections.filing')}</Divider>
              <Typography.Paragraph type="secondary">{t('organisations.filing.hint')}</Typography.Paragraph>
              <Form.Item name={['filing', 'filed']} label={t('organisations.filing.status')} valuePropName="checked">
                <Switch
                  checkedChildren={t('organisations.filing.filed')}
                  unCheckedChildren={t('organisations.filing.notFiled')}
                />
              </Form.Item>
              {filed ? (
                <>
                  <Form.Item
                    name={['filing', 'level']}
                    label={t('organisations.filing.level')}
                    rules={[{ required: true, message: t('organisations.validation.filingLevelRequired') }]}
                  >
                    <Radio.Group
                      options={FILING_LEVELS.map((value) => ({ value, label: t(`filingLevels.${value}`) }))}
                    />
                  </Form.Item>
                  <Row gutter={16}>
                    <Col xs={24} sm={12}>
                      <Form.Item
                        name={['filing', 'authority']}
                        label={t('organisations.filing.authority')}
                        rules={[
                          { required: true, whitespace: true, message: t('organisations.validation.filingAuthorityRequired') },
                          { max: 200 },
                        ]}
                      >
                        <Input maxLength={200} autoComplete="off" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12}>
                      <Form.Item name={['filing', 'number']} label={t('organisations.filing.number')} rules={[{ max: 100 }]}>
                        <Input maxLength={100} autoComplete="off" />
                      </Form.Item>
                    </Col>
                  </Row>
                </>
              ) : null}

              <Divider titlePlacement="start">{t('organisations.sections.institution')}</Divider>
              <Form.Item name="institutionEnabled" valuePropName="checked" label={t('organisations.institution.enabled')}>
                <Switch />
              </Form.Item>
              {institutionEnabled ? (
                <>
                  <Row gutter={16}>
                    <Col xs={24} sm={12}>
                      <Form.Item
                        name={['institution', 'category']}
                        label={t('organisations.institution.category')}
                        rules={[{ required: true, message: t('organisations.validation.categoryRequired') }]}
                      >
                        <Select
                          options={INSTITUTION_CATEGORIES.map((value) => ({
                            value,
                            label: t(`institutionCategories.${value}`),
                          }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12}>
                      <Form.Item
                        name={['institution', 'institutionCode']}
                        label={t('organisations.institution.institutionCode')}
                        tooltip={t('organisations.institution.institutionCodeHint')}
                        dependencies={[['filing', 'filed'], ['filing', 'level']]}
                        rules={[
                          { required: true, pattern: /^\d{4}$/, message: t('organisations.validation.institutionCodeFormat') },
                          ({ getFieldValue }) => ({
                            validator: (_rule, value: string | undefined) => {
                              if (!value || !getFieldValue(['filing', 'filed'])) return Promise.resolve();
                              const level = getFieldValue(['filing', 'level']) as FilingLevel | undefined;
                              if (level === 'provincial' && value !== '0000')
                                return Promise.reject(new Error(t('organisations.validation.institutionCodeProvincial')));
                              if (level === 'national' && value === '0000')
                                return Promise.reject(new Error(t('organisations.validation.institutionCodeNational')));
                              return Promise.resolve();
                            },
                          }),
                        ]}
                      >
                        <Input maxLength={4} inputMode="numeric" autoComplete="off" style={{ fontFamily: 'monospace' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12}>
                      <Form.Item
                        name={['institution', 'provinceCode']}
                        label={t('organisations.institution.provinceCode')}
                        rules={[{ required: true, message: t('organisations.validation.provinceRequired') }]}
                      >
                        <Select showSearch={{ optionFilterProp: 'label' }} options={provinceOptions} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12}>
                      <Form.Item
                        name={['institution', 'siteCode']}
                        label={t('organisations.institution.siteCode')}
                        tooltip={t('organisations.institution.siteCodeHint')}
                        rules={[
                          { required: true, pattern: /^\d{6}$/, message: t('organisations.validation.siteCodeFormat') },
                          {
                            validator: (_rule, value: string | undefined) =>
                              value === '000000'
                                ? Promise.reject(new Error(t('organisations.validation.siteCodeZero')))
                                : Promise.resolve(),
                          },
                        ]}
                      >
                        <Input maxLength={6} inputMode="numeric" autoComplete="off" style={{ fontFamily: 'monospace' }} />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Alert
                    type="info"
                    showIcon
                    title={
                      <span>
                        {t('organisations.institution.prefix')}{punct().colon}
                        <Typography.Text code data-testid="certificate-prefix">
                          {certificateCodePrefix(institution ?? {})}
                        </Typography.Text>
                      </span>
                    }
                    description={t('organisations.institution.prefixHint')}
                  />
                </>
              ) : null}
            </>
          ) : null}
        </Form>
      ) : null}
    </Drawer>
  );
}
