import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Organisation, OrganisationKind } from '../api/types';

const KIND_COLORS: Record<OrganisationKind, string> = {
  ministry: 'red',
  department: 'blue',
  enterprise: 'green',
  'evaluation-body': 'purple',
};

/** "主管部门 · 省级人社部门", "考评机构 · 行业组织", "企业". */
export function organisationKindLabel(organisation: Pick<Organisation, 'kind' | 'departmentType' | 'bodyType'>, t: TFunction): string {
  const kind = t(`kinds.${organisation.kind}`);
  if (organisation.kind === 'department' && organisation.departmentType) {
    return `${kind} · ${t(`departmentTypes.${organisation.departmentType}`)}`;
  }
  if (organisation.kind === 'evaluation-body' && organisation.bodyType) {
    return `${kind} · ${t(`bodyTypes.${organisation.bodyType}`)}`;
  }
  return kind;
}

export function OrganisationKindTag({
  organisation,
  short = false,
}: {
  organisation: Pick<Organisation, 'kind' | 'departmentType' | 'bodyType'>;
  short?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[organisation.kind]} style={{ marginInlineEnd: 0 }}>
      {short ? t(`kinds.${organisation.kind}`) : organisationKindLabel(organisation, t)}
    </Tag>
  );
}

export function provinceLabel(code: string | null | undefined, t: TFunction): string {
  if (!code) return t('common.notSet');
  const name = t(`provinces.${code}` as 'provinces.11', { defaultValue: '' });
  return name ? `${code} ${name}` : code;
}
