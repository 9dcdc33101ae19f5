import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { pickMessage, useLocale } from '../../i18n';
import { certificateKeys, put, useNationalMapping, type MappingColumn, type NationalMapping } from './certificate-api';
import { ProblemDetails } from './certificate-parts';

/** The default columns, as the server names them (DOMAIN.md "National data"). */
const DEFAULT_FIELDS = ['certificateCode', 'holderName', 'idType', 'idNumber', 'gender', 'birthDate', 'occupationCode', 'occupationName', 'trade', 'level', 'issuedOn', 'institutionName', 'institutionCode', 'province', 'status'];

const valuesText = (values: Record<string, string> | null | undefined) =>
  Object.entries(values ?? {})
    .map(([from, to]) => `${from}=${to}`)
    .join(', ');

function parseValues(text: string): Record<string, string> | null {
  const entries = text
    .split(/[,，;；]/)
    .map((part) => part.split('=').map((side) => side.trim()))
    .filter((pair) => pair.length === 2 && pair[0]);
  return entries.length ? Object.fromEntries(entries) : null;
}

interface Row extends MappingColumn {
  key: number;
  valuesText: string;
}

/** Keys for rows added on the page: above the saved rows' indexes, never reused. */
let lastRowKey = 1_000_000;
const nextRowKey = () => ++lastRowKey;

/** 上报字段映射: the ministry sets the national package's columns for the whole installation. */
export default function NationalMappingPage() {
  const { t } = useTranslation();
  const mapping = useNationalMapping();
  if (mapping.isError) return <ProblemAlert error={mapping.error} onRetry={() => void mapping.refetch()} />;
  return (
    <>
      <PageHeader title={t('nationalMapping.title')} description={t('nationalMapping.intro')} />
      <Card loading={mapping.isPending}>{mapping.data ? <MappingEditor key={JSON.stringify(mapping.data.columns)} mapping={mapping.data} /> : null}</Card>
    </>
  );
}

/** The columns being edited, starting from the saved mapping (a new saved mapping starts it afresh). */
function MappingEditor({ mapping }: { mapping: NationalMapping }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() => mapping.columns.map((column, key) => ({ ...column, key, valuesText: valuesText(column.values) })));

  const save = useMutation({
    mutationFn: (columns: MappingColumn[]) => put<NationalMapping>('/national-upload-mapping', { columns }, locale),
    onSuccess: (data) => {
      queryClient.setQueryData(certificateKeys.mapping, data);
      void message.success(t('nationalMapping.saved'));
    },
  });

  const fieldName = (field: string) => pickMessage(mapping.fields.find((candidate) => candidate.field === field)?.name, locale) ?? field;
  const update = (key: number, patch: Partial<Row>) => setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const move = (index: number, by: number) =>
    setRows((current) => {
      const next = [...current];
      const [row] = next.splice(index, 1);
      next.splice(index + by, 0, row);
      return next;
    });

  return (
    <>
      <Tag color={mapping.isDefault ? 'default' : 'blue'} style={{ marginBottom: 12 }}>
        {mapping.isDefault ? t('nationalMapping.isDefault') : t('nationalMapping.custom')}
      </Tag>
      <Table<Row>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          {
            title: t('nationalMapping.field'),
            dataIndex: 'field',
            render: (value: string, row) => (
              <Select style={{ width: 200 }} value={value} onChange={(field: string) => update(row.key, { field })} options={mapping.fields.map((field) => ({ value: field.field, label: pickMessage(field.name, locale) }))} />
            ),
          },
          { title: t('nationalMapping.column'), dataIndex: 'column', render: (value: string, row) => <Input value={value} maxLength={50} onChange={(event) => update(row.key, { column: event.target.value })} /> },
          { title: t('nationalMapping.values'), dataIndex: 'valuesText', render: (value: string, row) => <Input value={value} maxLength={300} onChange={(event) => update(row.key, { valuesText: event.target.value })} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_value, row, index) => (
              <Space size={0}>
                <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, -1)} aria-label="up" />
                <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === rows.length - 1} onClick={() => move(index, 1)} aria-label="down" />
                <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => setRows((current) => current.filter((candidate) => candidate.key !== row.key))} aria-label={t('certificateIssue.remove')} />
              </Space>
            ),
          },
        ]}
      />
      {save.isError ? (
        <div style={{ marginTop: 12 }}>
          <ProblemDetails error={save.error} />
        </div>
      ) : null}
      <Space wrap style={{ marginTop: 16 }}>
        <Button icon={<PlusOutlined />} onClick={() => setRows((current) => [...current, { key: nextRowKey(), field: 'provinceCode', column: fieldName('provinceCode'), valuesText: '' }])}>
          {t('nationalMapping.add')}
        </Button>
        <Button
          onClick={() =>
            save.mutate(DEFAULT_FIELDS.map((field) => ({ field, column: pickMessage(mapping.fields.find((candidate) => candidate.field === field)?.name, 'zh-CN') ?? field })))
          }
        >
          {t('nationalMapping.restore')}
        </Button>
        <Button type="primary" loading={save.isPending} onClick={() => save.mutate(rows.map((row) => ({ field: row.field, column: row.column, values: parseValues(row.valuesText) })))}>
          {t('nationalMapping.save')}
        </Button>
      </Space>
    </>
  );
}
