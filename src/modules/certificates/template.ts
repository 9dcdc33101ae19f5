import { z } from 'zod';

/**
 * The certificate's layout after the reference style of annex 1 (人社厅发〔2021〕66号), as data: an
 * enterprise may override any section (DOMAIN.md makes the exact layout configurable). Lengths are
 * millimetres from the top-left corner of an A4 sheet (210 × 297 mm); sizes are points. Filled text
 * is 小四 (12 pt).
 */
export const CERTIFICATE_FIELD_KEYS = [
  'holderName',
  'gender',
  'birthDate',
  'idType',
  'idNumber',
  'occupationName',
  'occupationCode',
  'trade',
  'level',
  'code',
  'issuer',
  'issuedOn',
] as const;
export type CertificateFieldKey = (typeof CERTIFICATE_FIELD_KEYS)[number];

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const x = z.number().min(0).max(210);
const y = z.number().min(0).max(297);
const size = z.number().min(5).max(72);
const width = z.number().min(1).max(210);
const line = z.string().max(300);

export const CertificateTemplateSchema = z
  .object({
    border: z.object({ show: z.boolean(), colour, outerInset: z.number().min(0).max(40), innerInset: z.number().min(0).max(50) }).strict(),
    title: z.object({ text: line.min(1), textEn: line, y, size, colour }).strict(),
    body: z.object({ text: z.string().max(1000), textEn: z.string().max(1000), x, y, width, size }).strict(),
    fields: z
      .object({
        x,
        y,
        rowHeight: z.number().min(4).max(40),
        labelWidth: width,
        valueWidth: width,
        labelSize: size,
        /** 小四 = 12 pt. */
        valueSize: size,
        showEnglishLabels: z.boolean(),
        items: z.array(z.object({ key: z.enum(CERTIFICATE_FIELD_KEYS), label: line.min(1), labelEn: line }).strict()).min(1).max(CERTIFICATE_FIELD_KEYS.length),
      })
      .strict(),
    /** The 1-inch photo (25 × 35 mm). */
    photo: z.object({ x, y, width: z.number().min(10).max(60), height: z.number().min(10).max(80) }).strict(),
    qr: z.object({ x, y, size: z.number().min(15).max(60), caption: line }).strict(),
    issuer: z.object({ x, y, width, size }).strict(),
    queries: z
      .object({
        x,
        y,
        width,
        size,
        /** The national certificate query (技能人才评价证书全国联网查询). */
        certificateQuery: line,
        /** The national institution query (评价机构查询). */
        institutionQuery: line,
        /** A provincial query address, printed when set. */
        provincialQuery: line.nullable(),
      })
      .strict(),
    printSerial: z.object({ x, y, size, label: line }).strict(),
  })
  .strict();
export type CertificateTemplate = z.infer<typeof CertificateTemplateSchema>;

/** What an enterprise may override: any section, as a whole section. */
export const CertificateTemplateOverrideSchema = CertificateTemplateSchema.partial();
export type CertificateTemplateOverride = z.infer<typeof CertificateTemplateOverrideSchema>;

export const DEFAULT_CERTIFICATE_TEMPLATE: CertificateTemplate = {
  border: { show: true, colour: '#8a1c1c', outerInset: 9, innerInset: 12 },
  title: { text: '职业技能等级证书', textEn: 'Vocational Skill Level Certificate', y: 30, size: 30, colour: '#8a1c1c' },
  body: {
    text: '经评价认定，持证人符合特级技师评聘条件，达到特级技师职业技能等级，特发此证。',
    textEn: 'This certifies that the holder has been evaluated and recognised as a Principal Technician.',
    x: 28,
    y: 62,
    width: 154,
    size: 12,
  },
  fields: {
    x: 28,
    y: 90,
    rowHeight: 12.5,
    labelWidth: 40,
    valueWidth: 80,
    labelSize: 12,
    valueSize: 12,
    showEnglishLabels: true,
    items: [
      { key: 'holderName', label: '姓名', labelEn: 'Name' },
      { key: 'idType', label: '证件类型', labelEn: 'ID type' },
      { key: 'idNumber', label: '证件号码', labelEn: 'ID No.' },
      { key: 'occupationName', label: '职业名称', labelEn: 'Occupation' },
      { key: 'trade', label: '工种/职业方向', labelEn: 'Trade' },
      { key: 'level', label: '职业技能等级', labelEn: 'Skill level' },
      { key: 'code', label: '证书编号', labelEn: 'Certificate No.' },
      { key: 'issuer', label: '发证单位', labelEn: 'Issued by' },
      { key: 'issuedOn', label: '发证日期', labelEn: 'Date of issue' },
    ],
  },
  photo: { x: 152, y: 90, width: 25, height: 35 },
  qr: { x: 28, y: 212, size: 30, caption: '扫码查验 Scan to verify' },
  issuer: { x: 108, y: 222, width: 74, size: 12 },
  queries: {
    x: 22,
    y: 262,
    width: 166,
    size: 9,
    certificateQuery: '证书查询：技能人才评价证书全国联网查询 jndj.osta.org.cn',
    institutionQuery: '评价机构查询：pjjg.osta.org.cn',
    provincialQuery: null,
  },
  printSerial: { x: 140, y: 280, size: 8, label: '印制流水号' },
};

/** The default with an enterprise's overrides laid over it, section by section. */
export function effectiveTemplate(override: CertificateTemplateOverride | null | undefined): CertificateTemplate {
  const merged = structuredClone(DEFAULT_CERTIFICATE_TEMPLATE);
  if (!override) return merged;
  for (const [key, value] of Object.entries(override)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = structuredClone(value);
  }
  return CertificateTemplateSchema.parse(merged);
}
