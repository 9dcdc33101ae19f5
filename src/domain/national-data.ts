// The data package for the national certificate query system (技能人才评价证书全国联网查询,
// jndj.osta.org.cn): the fields DOMAIN.md "National data" lists, under column names a mapping
// decides (configurable per installation; the default is the list itself).

import type { LocalizedText, ValidationIssue } from './errors.ts';
import { GENDER_NAMES } from './certificate-holder.ts';
import { CERTIFICATE_LEVEL_NAMES, type CertificateLevel } from './certificate-code.ts';
import { IDENTITY_TYPE_NAMES, isIdentityType, type Gender } from './identity.ts';
import { CERTIFICATE_PROVINCES, regionName } from './provinces.ts';

export const NATIONAL_FIELDS = [
  'certificateCode',
  'holderName',
  'idType',
  'idNumber',
  'gender',
  'birthDate',
  'occupationCode',
  'occupationName',
  'trade',
  'level',
  'issuedOn',
  'institutionName',
  'institutionCode',
  'province',
  'status',
  // Beyond the default list, available to a mapping:
  'provinceCode',
  'levelCode',
  'revokedOn',
  'printSerial',
] as const;
export type NationalField = (typeof NATIONAL_FIELDS)[number];

export const NATIONAL_FIELD_NAMES: Readonly<Record<NationalField, LocalizedText>> = {
  certificateCode: { 'zh-CN': '证书编号', en: 'Certificate code' },
  holderName: { 'zh-CN': '姓名', en: 'Name' },
  idType: { 'zh-CN': '证件类型', en: 'ID type' },
  idNumber: { 'zh-CN': '证件号码', en: 'ID number' },
  gender: { 'zh-CN': '性别', en: 'Gender' },
  birthDate: { 'zh-CN': '出生日期', en: 'Birth date' },
  occupationCode: { 'zh-CN': '职业编码', en: 'Occupation code' },
  occupationName: { 'zh-CN': '职业名称', en: 'Occupation name' },
  trade: { 'zh-CN': '工种/职业方向', en: 'Trade' },
  level: { 'zh-CN': '职业技能等级', en: 'Skill level' },
  issuedOn: { 'zh-CN': '发证日期', en: 'Issue date' },
  institutionName: { 'zh-CN': '评价机构名称', en: 'Institution name' },
  institutionCode: { 'zh-CN': '评价机构代码', en: 'Institution code' },
  province: { 'zh-CN': '所在省份', en: 'Province' },
  status: { 'zh-CN': '证书状态', en: 'Status' },
  provinceCode: { 'zh-CN': '省份代码', en: 'Province code' },
  levelCode: { 'zh-CN': '等级代码', en: 'Level code' },
  revokedOn: { 'zh-CN': '撤销日期', en: 'Revocation date' },
  printSerial: { 'zh-CN': '印制流水号', en: 'Print serial' },
};

/** One column of the package: which field, under which name, with values translated when a map is given. */
export interface NationalUploadColumn {
  field: NationalField;
  /** The column header (Excel) and the key (JSON). */
  column: string;
  /** Replaces a value by another (e.g. 男 → 1); values not in the map stay as they are. */
  values?: Record<string, string> | null;
}

/** The default mapping: the fields of DOMAIN.md "National data", in its order, under their Chinese names. */
export const DEFAULT_NATIONAL_MAPPING: readonly NationalUploadColumn[] = (
  ['certificateCode', 'holderName', 'idType', 'idNumber', 'gender', 'birthDate', 'occupationCode', 'occupationName', 'trade', 'level', 'issuedOn', 'institutionName', 'institutionCode', 'province', 'status'] as const
).map((field) => ({ field, column: NATIONAL_FIELD_NAMES[field]['zh-CN'] }));

/** One certificate as the package needs it (the identity number in full). */
export interface NationalRecord {
  certificateCode: string;
  holderName: string;
  idType: string;
  idNumber: string;
  gender: Gender | string;
  birthDate: string;
  occupationCode: string;
  occupationName: string;
  trade: string;
  level: CertificateLevel | string;
  issuedOn: string;
  institutionName: string;
  /** Positions 1–13 of the code: category, institution code, province, site. */
  institutionCode: string;
  provinceCode: string;
  status: 'valid' | 'revoked';
  revokedOn: string | null;
  printSerial: string | null;
}

const STATUS_NAMES: Readonly<Record<'valid' | 'revoked', string>> = { valid: '有效', revoked: '已撤销' };

/** The value of a field as written in the package (names in Chinese, dates YYYY-MM-DD). */
export function nationalValue(record: NationalRecord, field: NationalField): string {
  switch (field) {
    case 'idType':
      return isIdentityType(record.idType) ? IDENTITY_TYPE_NAMES[record.idType]['zh-CN'] : record.idType;
    case 'gender':
      return record.gender === 'male' || record.gender === 'female' ? GENDER_NAMES[record.gender]['zh-CN'] : record.gender;
    case 'level':
      return (CERTIFICATE_LEVEL_NAMES as Record<string, LocalizedText>)[record.level]?.['zh-CN'] ?? record.level;
    case 'levelCode':
      return record.level;
    case 'province':
      return regionName(CERTIFICATE_PROVINCES, record.provinceCode)?.['zh-CN'] ?? record.provinceCode;
    case 'status':
      return STATUS_NAMES[record.status];
    case 'revokedOn':
      return record.revokedOn ?? '';
    case 'printSerial':
      return record.printSerial ?? '';
    default:
      return String(record[field] ?? '');
  }
}

/** One certificate as a row of the package: column name → value. */
export function mapNationalRecord(record: NationalRecord, mapping: readonly NationalUploadColumn[]): Record<string, string> {
  const row: Record<string, string> = {};
  for (const column of mapping) {
    const value = nationalValue(record, column.field);
    row[column.column] = column.values && Object.hasOwn(column.values, value) ? column.values[value] : value;
  }
  return row;
}

/** Every reason a mapping cannot be used: unknown fields, blank or repeated column names, no certificate code. */
export function validateNationalMapping(mapping: readonly NationalUploadColumn[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (mapping.length === 0) {
    issues.push({ code: 'MAPPING_EMPTY', field: 'columns', message: { 'zh-CN': '至少需要一列', en: 'At least one column is needed' } });
  }
  const seen = new Set<string>();
  mapping.forEach((column, index) => {
    if (!(NATIONAL_FIELDS as readonly string[]).includes(column.field)) {
      issues.push({ code: 'FIELD_UNKNOWN', field: `columns.${index}.field`, message: { 'zh-CN': `未知字段“${column.field}”`, en: `Unknown field "${column.field}"` } });
    }
    const name = column.column.trim();
    if (name === '') {
      issues.push({ code: 'COLUMN_BLANK', field: `columns.${index}.column`, message: { 'zh-CN': '列名不能为空', en: 'The column name cannot be blank' } });
    } else if (seen.has(name)) {
      issues.push({ code: 'COLUMN_REPEATED', field: `columns.${index}.column`, message: { 'zh-CN': `列名“${name}”重复`, en: `The column name "${name}" is repeated` } });
    }
    seen.add(name);
  });
  if (!mapping.some((column) => column.field === 'certificateCode')) {
    issues.push({
      code: 'CERTIFICATE_CODE_MISSING',
      field: 'columns',
      message: { 'zh-CN': '映射中必须包含证书编号，才能对应上报结果', en: 'The mapping must include the certificate code, so that results can be matched' },
    });
  }
  return issues;
}
