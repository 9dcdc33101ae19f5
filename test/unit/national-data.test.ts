import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NATIONAL_MAPPING, mapNationalRecord, NATIONAL_FIELDS, validateNationalMapping, type NationalRecord } from '../../src/domain/national-data.ts';

const record: NationalRecord = {
  certificateCode: 'Y00002300012325T000001',
  holderName: '张建国',
  idType: 'resident-id',
  idNumber: '230102197503080018',
  gender: 'male',
  birthDate: '1975-03-08',
  occupationCode: '6-31-01-03',
  occupationName: '电工',
  trade: '--',
  level: 'T',
  issuedOn: '2025-12-18',
  institutionName: '哈尔滨电机厂有限责任公司',
  institutionCode: 'Y000023000123',
  provinceCode: '23',
  status: 'valid',
  revokedOn: null,
  printSerial: null,
};

describe('the national data package', () => {
  it('writes the default fields of DOMAIN.md "National data" under their Chinese names', () => {
    expect(mapNationalRecord(record, DEFAULT_NATIONAL_MAPPING)).toEqual({
      证书编号: 'Y00002300012325T000001',
      姓名: '张建国',
      证件类型: '居民身份证',
      证件号码: '230102197503080018',
      性别: '男',
      出生日期: '1975-03-08',
      职业编码: '6-31-01-03',
      职业名称: '电工',
      '工种/职业方向': '--',
      职业技能等级: '特级技师',
      发证日期: '2025-12-18',
      评价机构名称: '哈尔滨电机厂有限责任公司',
      评价机构代码: 'Y000023000123',
      所在省份: '黑龙江省',
      证书状态: '有效',
    });
  });

  it('renames columns and converts values as the mapping says', () => {
    const row = mapNationalRecord({ ...record, status: 'revoked', revokedOn: '2026-01-05' }, [
      { field: 'certificateCode', column: 'zsbh' },
      { field: 'gender', column: 'xb', values: { 男: '1', 女: '2' } },
      { field: 'status', column: 'zt', values: { 有效: '1' } },
      { field: 'levelCode', column: 'dj' },
      { field: 'revokedOn', column: 'cxrq' },
    ]);
    expect(row).toEqual({ zsbh: 'Y00002300012325T000001', xb: '1', zt: '已撤销', dj: 'T', cxrq: '2026-01-05' });
  });

  it('keeps exactly the mapping’s columns, in its order (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...NATIONAL_FIELDS), { minLength: 1 }), (fields) => {
        const mapping = fields.map((field, index) => ({ field, column: `c${index}` }));
        expect(Object.keys(mapNationalRecord(record, mapping))).toEqual(mapping.map((column) => column.column));
      }),
    );
  });

  it('refuses a mapping without the certificate code, with repeated or blank names, or unknown fields', () => {
    const issues = validateNationalMapping([
      { field: 'holderName', column: '姓名' },
      { field: 'idNumber', column: '姓名' },
      { field: 'gender', column: ' ' },
      { field: 'nonsense' as never, column: 'x' },
    ]);
    expect(issues.map((issue) => issue.code).sort()).toEqual(['CERTIFICATE_CODE_MISSING', 'COLUMN_BLANK', 'COLUMN_REPEATED', 'FIELD_UNKNOWN']);
    expect(validateNationalMapping(DEFAULT_NATIONAL_MAPPING)).toEqual([]);
  });
});
