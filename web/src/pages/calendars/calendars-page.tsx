import { EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, Modal, Row, Space, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { serverYear } from '../../clock';

interface CalendarSummary {
  year: number;
  holidays: number;
  workdays: number;
  source: string;
}
interface CalendarYear {
  year: number;
  holidays: string[];
  workdays: string[];
  source: string;
}

const calendarsKey = ['calendars'] as const;

function parseDates(text: string): string[] {
  return text
    .split(/[\s,，;；]+/)
    .map((value) => value.trim())
    .filter(Boolean);
}

/** 节假日日历: the years held, a year's days, loading or correcting a year, the notice calculator. */
export default function CalendarsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{ year: number; isNew: boolean } | null>(null);

  const list = useQuery({
    queryKey: calendarsKey,
    queryFn: ({ signal }) => api.get<{ years: CalendarSummary[] }>('/calendars', undefined, signal),
    select: (data) => [...data.years].sort((a, b) => b.year - a.year),
  });

  const importFile = useMutation({
    mutationFn: (content: string) => api.post<{ loaded: CalendarSummary[] }>('/calendars/import', { content }),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: calendarsKey });
      message.success(t('calendars.importDone', { years: result.loaded.map((year) => year.year).join('、') }));
    },
  });

  const columns: TableColumnsType<CalendarSummary> = [
    { title: t('calendars.year'), dataIndex: 'year', width: 80 },
    { title: t('calendars.holidays'), dataIndex: 'holidays', width: 130 },
    { title: t('calendars.workdays'), dataIndex: 'workdays', width: 150 },
    { title: t('calendars.source'), dataIndex: 'source', ellipsis: true },
    {
      title: '',
      key: 'actions',
      width: 110,
      render: (_value, row) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing({ year: row.year, isNew: false })}>
          {t('calendars.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('calendars.title')}
        description={t('calendars.intro')}
        extra={
          <Space>
            <Upload
              accept=".json,.ics,application/json,text/calendar"
              showUploadList={false}
              beforeUpload={(file) => {
                void file.text().then((content) => importFile.mutate(content));
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={importFile.isPending}>
                {t('calendars.import')}
              </Button>
            </Upload>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ year: serverYear() + 1, isNew: true })}>
              {t('calendars.addYear')}
            </Button>
          </Space>
        }
      />
      <Typography.Paragraph type="secondary">{t('calendars.importHint')}</Typography.Paragraph>
      {importFile.error ? <ProblemAlert error={importFile.error} /> : null}
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card title={t('calendars.years')}>
            {list.error ? <ProblemAlert error={list.error} /> : null}
            <Table
              rowKey="year"
              size="small"
              loading={list.isLoading}
              columns={columns}
              dataSource={list.data ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty description={t('calendars.empty')} /> }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <NoticeCalculator />
        </Col>
      </Row>
      {editing ? (
        <CalendarEditor
          year={editing.year}
          isNew={editing.isNew}
          onClose={() => setEditing(null)}
          onSaved={(year) => {
            setEditing(null);
            void queryClient.invalidateQueries({ queryKey: calendarsKey });
            message.success(t('calendars.saved', { year }));
          }}
          confirm={(year, onOk) => modal.confirm({ title: t('calendars.editTitle', { year }), content: t('calendars.saveConfirm', { year }), onOk })}
        />
      ) : null}
    </>
  );
}

function CalendarEditor({
  year: initialYear,
  isNew,
  onClose,
  onSaved,
  confirm,
}: {
  year: number;
  isNew: boolean;
  onClose: () => void;
  onSaved: (year: number) => void;
  confirm: (year: number, onOk: () => Promise<void>) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ year: number; holidays: string; workdays: string }>();
  const existing = useQuery({
    queryKey: [...calendarsKey, initialYear],
    queryFn: ({ signal }) => api.get<CalendarYear>(`/calendars/${initialYear}`, undefined, signal),
    enabled: !isNew,
  });
  const save = useMutation({
    mutationFn: (values: { year: number; holidays: string; workdays: string }) =>
      api.put<CalendarYear>(`/calendars/${values.year}`, { holidays: parseDates(values.holidays), workdays: parseDates(values.workdays) }),
    onSuccess: (saved) => onSaved(saved.year),
  });
  const ready = isNew || existing.data;
  return (
    <Modal
      open
      width={720}
      title={t('calendars.editTitle', { year: initialYear })}
      onCancel={onClose}
      okButtonProps={{ loading: save.isPending, disabled: !ready }}
      onOk={() =>
        form.validateFields().then((values) => {
          confirm(values.year, () => save.mutateAsync(values).then(() => undefined));
        })
      }
      destroyOnHidden
    >
      {existing.error ? <ProblemAlert error={existing.error} /> : null}
      {save.error ? <ProblemAlert error={save.error} /> : null}
      {ready ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            year: initialYear,
            holidays: existing.data?.holidays.join('\n') ?? '',
            workdays: existing.data?.workdays.join('\n') ?? '',
          }}
        >
          <Form.Item name="year" label={t('calendars.yearLabel')} rules={[{ required: true }]}>
            <InputNumber min={1949} max={2999} disabled={!isNew} />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="holidays" label={<Space>{t('calendars.holidaysLabel')}<Tag color="red">{t('calendars.legendHoliday')}</Tag></Space>}>
                <Input.TextArea rows={12} placeholder="2027-01-01" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="workdays" label={<Space>{t('calendars.workdaysLabel')}<Tag color="blue">{t('calendars.legendWorkday')}</Tag></Space>}>
                <Input.TextArea rows={12} placeholder="2027-02-06" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      ) : null}
    </Modal>
  );
}

function NoticeCalculator() {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ start: Dayjs; days: number }>();
  const calculate = useMutation({
    mutationFn: (values: { start: Dayjs; days: number }) =>
      api.get<{ start: string; days: number; end: string }>('/workdays/notice-end', { start: values.start.format('YYYY-MM-DD'), days: values.days }),
  });
  return (
    <Card title={t('calendars.calculator')}>
      <Typography.Paragraph type="secondary">{t('calendars.calculatorHint')}</Typography.Paragraph>
      <Form form={form} layout="inline" initialValues={{ days: 5 }} onFinish={(values) => calculate.mutate(values)}>
        <Form.Item name="start" label={t('calendars.start')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="days" label={t('calendars.days')} rules={[{ required: true }]} tooltip={t('calendars.minimumDays')}>
          <InputNumber min={5} max={100} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" type="primary" loading={calculate.isPending}>
            {t('calendars.calculate')}
          </Button>
        </Form.Item>
      </Form>
      <div style={{ marginTop: 16 }}>
        {calculate.error ? <ProblemAlert error={calculate.error} /> : null}
        {calculate.data ? (
          <Typography.Title level={5} data-testid="notice-end">
            {t('calendars.end', { end: calculate.data.end })}
          </Typography.Title>
        ) : null}
      </div>
    </Card>
  );
}
