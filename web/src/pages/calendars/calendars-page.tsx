import { EditOutlined, EyeOutlined, FileTextOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, List, Modal, Row, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, useProblemText } from '../../components/problem-alert';
import { pickMessage, useLocale } from '../../i18n';
import { calendarsKey, calendarStatusKey, type CalendarSource, type CalendarStatus, type CalendarSummary, type CalendarYear, type ParsedNotice } from './calendar-api';
import { YearGrid } from './year-grid';
import { serverYear, chinaTime } from '../../clock';
import { punct } from '../../i18n/punctuation';

const SOURCE_COLOURS: Record<CalendarSource, string> = { 'chinese-days': 'default', 'state-council-notice': 'red', file: 'blue', manual: 'orange' };

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
  const [viewing, setViewing] = useState<number | null>(null);
  const [pasting, setPasting] = useState(false);

  // The server's day (its clock, which tests and PTECH_NOW fix), not the browser's: the year to enter next.
  const status = useQuery({
    queryKey: calendarStatusKey,
    queryFn: ({ signal }) => api.get<CalendarStatus>('/calendars/status', undefined, signal),
    staleTime: 10 * 60_000,
  }).data;
  const nextYear = status ? (status.missingYear ?? Number(status.today.slice(0, 4)) + 1) : serverYear() + 1;

  const list = useQuery({
    queryKey: calendarsKey,
    queryFn: ({ signal }) => api.get<{ years: CalendarSummary[] }>('/calendars', undefined, signal),
    select: (data) => [...data.years].sort((a, b) => b.year - a.year),
  });

  const importFile = useMutation({
    mutationFn: (content: string) => api.post<{ loaded: CalendarSummary[] }>('/calendars/import', { content }),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: calendarsKey });
      message.success(t('calendars.importDone', { years: result.loaded.map((year) => year.year).join(punct().list) }));
    },
  });

  const columns: TableColumnsType<CalendarSummary> = [
    { title: t('calendars.year'), dataIndex: 'year', width: 70 },
    { title: t('calendars.holidays'), dataIndex: 'holidays', width: 110 },
    { title: t('calendars.workdays'), dataIndex: 'workdays', width: 130 },
    {
      title: t('calendars.source'),
      dataIndex: 'source',
      render: (source: CalendarSource, row) => (
        <Space orientation="vertical" size={0} data-testid={`calendar-source-${row.year}`}>
          <Tag color={SOURCE_COLOURS[source]}>{t(`calendars.sources.${source}`)}</Tag>
          {row.sourceDetail ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.sourceDetail}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: t('calendars.loaded'),
      key: 'loaded',
      width: 170,
      render: (_value, row) => (
        <Space orientation="vertical" size={0}>
          {row.loadedBy ? (
            <span title={row.loadedBy.username}>{row.loadedBy.displayName}</span>
          ) : (
            <Typography.Text type="secondary" title={t('calendars.loadedBySystemHint')}>
              {t('calendars.loadedBySystem')}
            </Typography.Text>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {chinaTime(row.loadedAt)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_value, row) => (
        <Space size={4}>
          <Button size="small" icon={<EyeOutlined />} onClick={() => setViewing(row.year)}>
            {t('calendars.view')}
          </Button>
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing({ year: row.year, isNew: false })}>
            {t('calendars.edit')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('calendars.title')}
        description={t('calendars.intro')}
        extra={
          <Space wrap>
            <Button type="primary" icon={<FileTextOutlined />} onClick={() => setPasting(true)}>
              {t('calendars.notice.open')}
            </Button>
            <Upload
              accept=".json,.ics,.txt,application/json,text/calendar,text/plain"
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
            <Button icon={<PlusOutlined />} onClick={() => setEditing({ year: nextYear, isNew: true })}>
              {t('calendars.addYear')}
            </Button>
          </Space>
        }
      />
      <Typography.Paragraph type="secondary">{t('calendars.importHint')}</Typography.Paragraph>
      {importFile.error ? <NoticeProblems error={importFile.error} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={16}>
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
        <Col xs={24} xxl={8}>
          <NoticeCalculator />
        </Col>
      </Row>
      {pasting ? (
        <NoticeImport
          onClose={() => setPasting(false)}
          onSaved={(year) => {
            setPasting(false);
            void queryClient.invalidateQueries({ queryKey: calendarsKey });
            message.success(t('calendars.saved', { year }));
          }}
        />
      ) : null}
      {viewing !== null ? <CalendarView year={viewing} onClose={() => setViewing(null)} /> : null}
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

/** The problems of a pasted notice, line by line: its number, the line as written, the reason. */
function NoticeProblems({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const problemText = useProblemText();
  const errors = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  if (errors.length === 0) return <ProblemAlert error={error} />;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="notice-problems"
      title={problemText(error)}
      description={
        <List
          size="small"
          dataSource={errors}
          renderItem={(item) => (
            <List.Item data-testid="notice-problem" data-line={item.line ?? ''}>
              <Space orientation="vertical" size={0}>
                {item.line ? <Typography.Text strong>{t('calendars.notice.line', { line: item.line })}</Typography.Text> : null}
                {item.lineText ? <Typography.Text code>{item.lineText}</Typography.Text> : null}
                <Typography.Text type="danger">{(pickMessage(item.messages, locale) ?? item.code).replace(/^(第\d+行：|Line \d+: )/, '')}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      }
    />
  );
}

/**
 * 粘贴通知原文: the administrator pastes the State Council's notice, the server reads and checks it,
 * the year is shown month by month, and saving (confirmed when it replaces a held year) stores it.
 */
function NoticeImport({ onClose, onSaved }: { onClose: () => void; onSaved: (year: number) => void }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [text, setText] = useState('');
  const parse = useMutation({ mutationFn: (content: string) => api.post<ParsedNotice>('/calendars/parse', { text: content }) });
  const save = useMutation({
    mutationFn: (content: string) => api.post<{ loaded: CalendarSummary[] }>('/calendars/import', { content }),
    onSuccess: (result) => onSaved(result.loaded[0]?.year),
  });
  const parsed = parse.data;
  // What is shown was read from exactly this text: an edit asks for another check before saving.
  const [checkedText, setCheckedText] = useState<string | null>(null);
  const current = parsed && checkedText === text ? parsed : null;

  const confirmSave = () => {
    if (!current) return;
    if (!current.held) {
      save.mutate(text);
      return;
    }
    modal.confirm({
      title: t('calendars.notice.replaceTitle', { year: current.year }),
      content: t('calendars.notice.replaceContent', {
        year: current.year,
        source: t(`calendars.sources.${current.held.source}`),
        holidays: current.held.holidays,
        workdays: current.held.workdays,
      }),
      onOk: () => save.mutateAsync(text).then(() => undefined),
    });
  };

  return (
    <Modal
      open
      width={1180}
      title={t('calendars.notice.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            onClick={() => {
              setCheckedText(text);
              parse.mutate(text);
            }}
            disabled={!text.trim()}
            loading={parse.isPending}
          >
            {t('calendars.notice.check')}
          </Button>
          <Button type="primary" disabled={!current} loading={save.isPending} onClick={confirmSave} data-testid="notice-save">
            {current ? t('calendars.notice.save', { year: current.year }) : t('common.save')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('calendars.notice.hint')}</Typography.Paragraph>
      <Input.TextArea
        aria-label={t('calendars.notice.label')}
        rows={8}
        value={text}
        placeholder={t('calendars.notice.placeholder')}
        onChange={(event) => setText(event.target.value)}
      />
      <div style={{ marginTop: 16 }}>
        {parse.error && checkedText === text ? <NoticeProblems error={parse.error} /> : null}
        {save.error ? <NoticeProblems error={save.error} /> : null}
        {parse.isPending ? <Spin /> : null}
        {current ? (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={current.title}>
                <span data-testid="notice-summary">
                  {t('calendars.notice.checked', { year: current.year, holidays: current.holidays.length, workdays: current.workdays.length, workingDays: current.workingDays })}
                </span>
                {current.documentNumber ? <div>{t('calendars.notice.documentNumber', { number: current.documentNumber })}</div> : null}
              </Descriptions.Item>
            </Descriptions>
            {current.held ? <Alert type="warning" showIcon title={t('calendars.notice.replaces', { year: current.year, source: t(`calendars.sources.${current.held.source}`) })} /> : null}
            {current.outsideYear.holidays.length + current.outsideYear.workdays.length > 0 ? (
              <Alert type="info" showIcon title={t('calendars.notice.outsideYear', { year: current.year, dates: [...current.outsideYear.holidays, ...current.outsideYear.workdays].sort().join(punct().list) })} />
            ) : null}
            <YearGrid year={current.year} holidays={current.holidays} workdays={current.workdays} festivals={current.festivals} />
          </Space>
        ) : null}
      </div>
    </Modal>
  );
}

/** A held year as twelve months. */
function CalendarView({ year, onClose }: { year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const calendar = useQuery({
    queryKey: [...calendarsKey, year],
    queryFn: ({ signal }) => api.get<CalendarYear>(`/calendars/${year}`, undefined, signal),
  });
  return (
    <Modal open width={1180} title={t('calendars.notice.viewTitle', { year })} onCancel={onClose} footer={null} destroyOnHidden>
      {calendar.error ? <ProblemAlert error={calendar.error} /> : null}
      {calendar.data ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {t(`calendars.sources.${calendar.data.source}`)}
            {calendar.data.sourceDetail ? ` · ${calendar.data.sourceDetail}` : ''}
          </Typography.Text>
          <YearGrid year={year} holidays={calendar.data.holidays} workdays={calendar.data.workdays} />
        </Space>
      ) : (
        <Spin />
      )}
    </Modal>
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
