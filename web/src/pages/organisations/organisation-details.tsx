import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, List, Space, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../api/types';
import { OrganisationKindTag, provinceLabel } from '../../components/organisation-labels';
import { certificateCodePrefix, CHILD_KINDS } from '../../model/organisations';
import { chinaTime } from '../../clock';

export function OrganisationDetails({
  organisation,
  parent,
  subOrganisations,
  canWrite,
  onEdit,
  onCreateChild,
  onSelect,
}: {
  organisation: Organisation;
  parent: Organisation | undefined;
  subOrganisations: Organisation[];
  canWrite: boolean;
  onEdit: () => void;
  onCreateChild: () => void;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  const canHaveChildren = CHILD_KINDS[organisation.kind].length > 0;
  const notSet = <Typography.Text type="secondary">{t('common.notSet')}</Typography.Text>;

  const basic: DescriptionsProps['items'] = [
    { key: 'kind', label: t('organisations.fields.kind'), children: <OrganisationKindTag organisation={organisation} /> },
    { key: 'parent', label: t('organisations.fields.parent'), children: parent?.name ?? '—' },
  ];
  if (organisation.kind === 'department') {
    basic.push({
      key: 'departmentType',
      label: t('organisations.fields.departmentType'),
      children: organisation.departmentType ? t(`departmentTypes.${organisation.departmentType}`) : notSet,
    });
  }
  if (organisation.kind === 'department' || organisation.kind === 'enterprise') {
    basic.push({
      key: 'provinceCode',
      label: t('organisations.fields.provinceCode'),
      children: organisation.provinceCode ? provinceLabel(organisation.provinceCode, t) : notSet,
    });
  }
  if (organisation.kind === 'enterprise') {
    basic.push({
      key: 'creditCode',
      label: t('organisations.fields.creditCode'),
      children: organisation.creditCode ? <Typography.Text copyable>{organisation.creditCode}</Typography.Text> : notSet,
    });
  }
  if (organisation.kind === 'evaluation-body') {
    basic.push({
      key: 'bodyType',
      label: t('organisations.fields.bodyType'),
      children: organisation.bodyType ? t(`bodyTypes.${organisation.bodyType}`) : notSet,
    });
  }
  basic.push({
    key: 'createdAt',
    label: t('organisations.fields.createdAt'),
    children: chinaTime(organisation.createdAt),
  });

  const filing = organisation.filing;
  const institution = organisation.institution;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="organisation-title">{organisation.name}</span>
          </Space>
        }
        extra={
          canWrite ? (
            <Space wrap>
              <Button icon={<EditOutlined />} onClick={onEdit}>
                {t('common.edit')}
              </Button>
              {canHaveChildren ? (
                <Button type="primary" icon={<PlusOutlined />} onClick={onCreateChild} data-testid="create-child">
                  {t('organisations.createChild')}
                </Button>
              ) : null}
            </Space>
          ) : null
        }
      >
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={basic} />
      </Card>

      {organisation.kind === 'enterprise' ? (
        <Card title={t('organisations.sections.filing')} size="small">
          {filing?.filed ? (
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                {
                  key: 'status',
                  label: t('organisations.filing.status'),
                  children: <Tag color="green">{t('organisations.filing.filed')}</Tag>,
                },
                {
                  key: 'level',
                  label: t('organisations.filing.level'),
                  children: filing.level ? t(`filingLevels.${filing.level}`) : notSet,
                },
                { key: 'authority', label: t('organisations.filing.authority'), children: filing.authority ?? notSet },
                { key: 'number', label: t('organisations.filing.number'), children: filing.number ?? notSet },
              ]}
            />
          ) : (
            <Alert
              type="warning"
              showIcon
              title={t('organisations.filing.notFiled')}
              description={t('organisations.filing.hint')}
            />
          )}
        </Card>
      ) : null}

      {organisation.kind === 'enterprise' ? (
        <Card title={t('organisations.sections.institution')} size="small">
          {institution ? (
            <>
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  {
                    key: 'category',
                    label: t('organisations.institution.category'),
                    children: t(`institutionCategories.${institution.category}`),
                  },
                  {
                    key: 'institutionCode',
                    label: t('organisations.institution.institutionCode'),
                    children: <Typography.Text code>{institution.institutionCode}</Typography.Text>,
                  },
                  {
                    key: 'provinceCode',
                    label: t('organisations.institution.provinceCode'),
                    children: provinceLabel(institution.provinceCode, t),
                  },
                  {
                    key: 'siteCode',
                    label: t('organisations.institution.siteCode'),
                    children: <Typography.Text code>{institution.siteCode}</Typography.Text>,
                  },
                  {
                    key: 'prefix',
                    label: t('organisations.institution.prefix'),
                    children: (
                      <Typography.Text code strong data-testid="certificate-prefix">
                        {certificateCodePrefix(institution)}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
              <Typography.Text type="secondary">{t('organisations.institution.prefixHint')}</Typography.Text>
            </>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('organisations.institution.notSet')} />
          )}
        </Card>
      ) : null}

      {canHaveChildren ? (
        <Card
          title={t('organisations.fields.children')}
          size="small"
          extra={subOrganisations.length ? t('organisations.childCount', { count: subOrganisations.length }) : null}
        >
          {subOrganisations.length ? (
            <List
              size="small"
              dataSource={subOrganisations}
              renderItem={(child) => (
                <List.Item
                  key={child.id}
                  actions={[
                    <Button key="open" type="link" size="small" onClick={() => onSelect(child.id)}>
                      {t('common.details')}
                    </Button>,
                  ]}
                >
                  <Space>
                    <OrganisationKindTag organisation={child} />
                    <span>{child.name}</span>
                  </Space>
                </List.Item>
              )}
            />
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={canWrite ? t('organisations.noChildrenCanCreate') : t('organisations.noChildren')}
            />
          )}
        </Card>
      ) : null}
    </Space>
  );
}
