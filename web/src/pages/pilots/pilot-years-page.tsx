import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { showProblemOnForm } from '../../api/problem';
import { pilotPlanKeys, usePilotYears } from '../../api/pilot-plan-queries';
import type { PilotYear } from '../../api/pilot-plan-types';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { useLocale } from '../../i18n';
import { serverYear } from '../../clock';

interface FormValues {
  year: number;
  deadline: Dayjs;
  note?: string;
}

/** 试点年度设置: the ministry's deadline for each pilot year (30 September unless it sets another). */
export default function PilotYearsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const years = usePilotYears();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const [editing, setEditing] = useState<PilotYear | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();
  const year = Form.useWatch('year', form);

  const save = useMutation({
    mutationFn: (values: FormValues) =>
      api.post<PilotYear>('/pilot-years', { year: values.year, deadline: values.deadline.format('YYYY-MM-DD'), note: values.note?.trim() || null }),
    onSuccess: async (saved) => {
      void message.success(t('pilotYears.saved', { year: saved.year, deadline: saved.deadline }));
      await queryClient.invalidateQueries({ queryKey: pilotPlanKeys.pilotYears });
      await queryClient.invalidateQueries({ queryKey: pilotPlanKeys.pilotApplications });
      setEditing(null);
    },
    onError: (error) => {
      if (!showProblemOnForm(form, error, locale)) void message.error(problemText(error));
    },
  });

  const open = (item: PilotYear | 'new') => {
    setEditing(item);
    const current = years.data?.items[0]?.year ?? serverYear();
    form.setFieldsValue(
      item === 'new'
        ? { year: current + 1, deadline: dayjs(`${current + 1}-09-30`), note: undefined }
        : { year: item.year, deadline: dayjs(item.deadline), note: item.note ?? undefined },
    );
  };

  return (
    <>
      <PageHeader
        title={t('pilotYears.title')}
        description={t('pilotYears.description')}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => open('new')}>
            {t('pilotYears.addYear')}
          </Button>
        }
      />
      <Card>
        {years.data ? <Typography.Paragraph type="secondary">{t('pilotYears.today', { today: years.data.today })}</Typography.Paragraph> : null}
        {years.isError ? (
          <ProblemAlert error={years.error} onRetry={() => void years.refetch()} />
        ) : (
          <Table<PilotYear>
            rowKey="year"
            loading={years.isPending}
            dataSource={years.data?.items ?? []}
            pagination={false}
            data-testid="pilot-years"
            columns={[
              { title: t('pilotYears.year'), dataIndex: 'year', key: 'year', width: 100 },
              { title: t('pilotYears.deadline'), dataIndex: 'deadline', key: 'deadline', width: 160 },
              {
                title: t('pilotYears.source'),
                key: 'source',
                width: 180,
                render: (_: unknown, row: PilotYear) => (row.isDefault ? <Tag>{t('pilotYears.sourceDefault')}</Tag> : <Tag color="blue">{t('pilotYears.sourceSet')}</Tag>),
              },
              {
                title: t('pilotYears.state'),
                key: 'state',
                width: 120,
                render: (_: unknown, row: PilotYear) => <Tag color={row.open ? 'green' : 'red'}>{row.open ? t('pilots.deadlineOpen') : t('pilots.deadlineClosed')}</Tag>,
              },
              { title: t('pilotYears.note'), dataIndex: 'note', key: 'note', render: (value: string | null) => value ?? '—' },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 140,
                render: (_: unknown, row: PilotYear) => (
                  <Button type="link" size="small" onClick={() => open(row)} data-testid={`pilot-year-edit-${row.year}`}>
                    {t('pilotYears.setDeadline')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Modal
        open={editing !== null}
        title={editing && editing !== 'new' ? t('pilotYears.modalTitle', { year: editing.year }) : t('pilotYears.modalTitleNew')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: save.isPending, ...({ 'data-testid': 'pilot-year-save' } as Record<string, string>) }}
        onCancel={() => setEditing(null)}
        onOk={() => void form.validateFields().then((values) => save.mutate(values))}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item name="year" label={t('pilotYears.year')} rules={[{ required: true, message: t('pilotYears.yearRequired') }]}>
            <InputNumber min={2021} max={2100} precision={0} disabled={editing !== 'new'} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="deadline"
            label={t('pilotYears.deadline')}
            dependencies={['year']}
            rules={[
              { required: true, message: t('pilotYears.deadlineRequired') },
              {
                validator: (_rule, value: Dayjs | undefined) =>
                  !value || !year || value.year() === year ? Promise.resolve() : Promise.reject(new Error(t('pilotYears.deadlineInYear'))),
              },
            ]}
          >
            <DatePicker style={{ width: 200 }} data-testid="pilot-year-deadline" />
          </Form.Item>
          <Form.Item name="note" label={t('pilotYears.note')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
