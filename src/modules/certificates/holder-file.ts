// The holder list as an Excel workbook: a template to fill in (exceljs), and reading a filled one back
// (src/platform/xlsx: on a worker thread, within the import limits, whatever wrote the file). Reading
// stores nothing: it gives each row with every reason it is wrong, and the rows ready to be issued.
import ExcelJS from 'exceljs';
import { isCalendarDate, type CalendarDate } from '../../domain/calendar-date.ts';
import { NO_TRADE, normaliseTrade, validateHolder, type HolderInput } from '../../domain/certificate-holder.ts';
import { IDENTITY_TYPE_NAMES, IDENTITY_TYPES, validateIdentity, type IdentityType } from '../../domain/identity.ts';
import { AppError, fieldError, type FieldError } from '../../platform/errors.ts';
import { cellText } from '../../platform/xlsx/cell-text.ts';
import { readWorkbookSheet } from '../../platform/xlsx/read-workbook.ts';
import type { SheetRow } from '../../platform/xlsx/reader.ts';
import { HolderInputSchema } from './schemas.ts';

type Column = 'name' | 'idType' | 'idNumber' | 'gender' | 'birthDate' | 'occupationCode' | 'occupationName' | 'trade' | 'applicationId';

const COLUMNS: { key: Column; header: string; aliases: string[]; width: number; note: string }[] = [
  { key: 'name', header: '姓名', aliases: ['姓名', 'name'], width: 12, note: '必填' },
  { key: 'idType', header: '证件类型', aliases: ['证件类型', 'idtype'], width: 22, note: '留空为居民身份证；其他：护照、港澳居民来往内地通行证、台湾居民来往大陆通行证、外国人永久居留身份证、港澳台居民居住证' },
  { key: 'idNumber', header: '证件号码', aliases: ['证件号码', '身份证号码', '身份证号', 'idnumber'], width: 24, note: '必填；请以文本格式填写，避免 Excel 把 18 位号码变成科学计数' },
  { key: 'gender', header: '性别', aliases: ['性别', 'gender'], width: 8, note: '男/女；居民身份证可留空，按号码确定' },
  { key: 'birthDate', header: '出生日期', aliases: ['出生日期', 'birthdate'], width: 14, note: 'YYYY-MM-DD；居民身份证可留空，按号码确定' },
  { key: 'occupationCode', header: '职业编码', aliases: ['职业编码', '职业代码', 'occupationcode'], width: 14, note: '必填，例如 6-31-01-03' },
  { key: 'occupationName', header: '职业名称', aliases: ['职业名称', '职业', 'occupationname'], width: 18, note: '必填' },
  { key: 'trade', header: '工种/职业方向', aliases: ['工种/职业方向', '工种', '职业方向', 'trade'], width: 18, note: `没有时留空（证书上印“${NO_TRADE}”）` },
  { key: 'applicationId', header: '申报编号', aliases: ['申报编号', 'applicationid'], width: 38, note: '可不填（由系统申报产生的编号）' },
];

const ID_TYPE_BY_NAME = new Map<string, IdentityType>([
  ...IDENTITY_TYPES.map((type) => [IDENTITY_TYPE_NAMES[type]['zh-CN'], type] as const),
  ...IDENTITY_TYPES.map((type) => [type, type] as const),
  ['身份证', 'resident-id'],
  ['居民身份证号码', 'resident-id'],
]);

const normaliseHeader = (value: string) => value.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();

/** The template: the header row, text-formatted identity numbers, and a sheet of notes. */
export async function holderTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '特级技师评聘管理系统';
  const sheet = workbook.addWorksheet('发证名单');
  sheet.columns = COLUMNS.map((column) => ({ header: column.header, key: column.key, width: column.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn('idNumber').numFmt = '@';
  sheet.getColumn('birthDate').numFmt = '@';
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const notes = workbook.addWorksheet('填写说明');
  notes.columns = [
    { header: '列', key: 'column', width: 16 },
    { header: '说明', key: 'note', width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const column of COLUMNS) notes.addRow({ column: column.header, note: column.note });
  notes.addRow({ column: '', note: '每行一人。导入后系统逐行校验，全部无误后方可确认发证；发证不可撤回。' });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** 2021/3/8, 2021.03.08, 20210308 → 2021-03-08; anything else as written. */
function normaliseDate(text: string): string {
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return match ? `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}` : text;
}

export interface HolderFileRow {
  row: number;
  holder: Record<string, string | null>;
  errors: FieldError[];
}

/** People a holder list may name (one file, one batch). */
export const HOLDER_FILE_MAX_ROWS = 2000;

/** The sheet's rows (on a worker thread, within the import limits and at most HOLDER_FILE_MAX_ROWS people); not a workbook: HOLDER_FILE_UNREADABLE. */
async function holderSheet(content: Buffer): Promise<SheetRow[]> {
  try {
    return await readWorkbookSheet(content, { limits: { maxRows: HOLDER_FILE_MAX_ROWS } });
  } catch (error) {
    if (error instanceof AppError && error.code === 'IMPORT_WORKBOOK_INVALID') {
      throw new AppError('HOLDER_FILE_UNREADABLE', { reason: `不是有效的 Excel（.xlsx）文件。${String(error.params.reasonZh ?? '')} / not a valid Excel (.xlsx) file. ${String(error.params.reasonEn ?? '')}`.trim() });
    }
    // A limit (unpacked size, parts, rows, a cell's length, the reading thread's memory): its own code names it.
    throw error;
  }
}

/** Reads a filled holder list (.xlsx, the first sheet; the first row with values is the header). */
export async function readHolderFile(content: Buffer, today: CalendarDate): Promise<{ rows: HolderFileRow[]; holders: (HolderInput & { trade: string; photoFileId: null; applicationId: string | null })[]; errorCount: number }> {
  const sheet = await holderSheet(content);
  const [header, ...body] = sheet;
  if (!header) throw new AppError('HOLDER_FILE_UNREADABLE', { reason: '表中没有表头和人员 / the sheet has no header and nobody' });
  const positions = new Map<Column, number>();
  header.cells.forEach((value, index) => {
    const text = normaliseHeader(cellText(value));
    const found = COLUMNS.find((candidate) => candidate.aliases.some((alias) => normaliseHeader(alias) === text));
    if (found && !positions.has(found.key)) positions.set(found.key, index);
  });
  const missing = COLUMNS.filter((column) => ['name', 'idNumber', 'occupationCode', 'occupationName'].includes(column.key) && !positions.has(column.key));
  if (missing.length) {
    throw new AppError('HOLDER_FILE_UNREADABLE', {
      reason: `第 ${header.number} 行缺少列：${missing.map((column) => column.header).join('、')} / row ${header.number} lacks the columns: ${missing.map((column) => column.key).join(', ')}`,
    });
  }
  const rows: HolderFileRow[] = [];
  const holders: (HolderInput & { trade: string; photoFileId: null; applicationId: string | null })[] = [];
  for (const { number, cells } of body) {
    const raw: Record<string, string | null> = {};
    for (const column of COLUMNS) {
      const position = positions.get(column.key);
      const text = position === undefined ? '' : cellText(cells[position]).normalize('NFKC').trim();
      raw[column.key] = text === '' ? null : text;
    }
    if (Object.values(raw).every((value) => value === null)) continue;
    const errors: FieldError[] = [];
    const idTypeText = raw.idType ?? '居民身份证';
    const idType = ID_TYPE_BY_NAME.get(idTypeText) ?? ID_TYPE_BY_NAME.get(idTypeText.toLowerCase());
    if (!idType) errors.push(fieldError('idType', 'ID_TYPE_UNKNOWN', `不认识的证件类型“${idTypeText}”`, `Unknown identity document type "${idTypeText}"`));
    const idNumber = (raw.idNumber ?? '').toUpperCase();
    const identity = idType && idNumber ? validateIdentity(idType, idNumber, { today }) : null;
    const genderText = raw.gender ?? '';
    let gender: 'male' | 'female' | '' = genderText === '男' || genderText.toLowerCase() === 'male' ? 'male' : genderText === '女' || genderText.toLowerCase() === 'female' ? 'female' : '';
    if (!genderText && identity?.valid && identity.gender) gender = identity.gender;
    let birthDate = raw.birthDate ? normaliseDate(raw.birthDate) : '';
    if (!birthDate && identity?.valid && identity.birthDate) birthDate = identity.birthDate;
    const holder = {
      name: raw.name ?? '',
      idType: idType ?? 'resident-id',
      idNumber,
      gender: gender || ('unknown' as 'male'),
      birthDate,
      occupationCode: raw.occupationCode ?? '',
      occupationName: raw.occupationName ?? '',
      trade: normaliseTrade(raw.trade),
      photoFileId: null,
      applicationId: raw.applicationId,
    };
    if (idType) {
      for (const issue of validateHolder(holder, { today })) errors.push(fieldError(issue.field ?? 'holder', issue.code, issue.message['zh-CN'], issue.message.en));
    }
    if (!isCalendarDate(birthDate) && !errors.some((error) => error.path === 'birthDate')) {
      errors.push(fieldError('birthDate', 'DATE_INVALID', '出生日期应为有效日期（YYYY-MM-DD）', 'The birth date is a real date written YYYY-MM-DD'));
    }
    const shape = HolderInputSchema.safeParse(holder);
    if (!shape.success && errors.length === 0) {
      for (const issue of shape.error.issues) errors.push(fieldError(issue.path.join('.'), 'FORMAT', '格式不正确', `Wrong format: ${issue.message}`));
    }
    rows.push({ row: number, holder: { ...raw, idNumber: idNumber || null, gender: gender || raw.gender, birthDate: birthDate || raw.birthDate, idType: idType ?? raw.idType }, errors });
    if (errors.length === 0) holders.push(holder);
  }
  if (rows.length === 0) throw new AppError('HOLDER_FILE_UNREADABLE', { reason: '表中没有人员 / the sheet lists nobody' });
  return { rows, holders, errorCount: rows.reduce((sum, row) => sum + row.errors.length, 0) };
}
