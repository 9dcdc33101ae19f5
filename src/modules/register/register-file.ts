// The Excel side of the employee register: the import template, reading an import with exceljs'
// streaming reader (a 100,000-row file never sits in memory as a workbook), the error report and
// the export, both written with the streaming writer.
import { PassThrough, Readable, Transform } from 'node:stream';
import ExcelJS from 'exceljs';
import { PRIORITY_CONDITION_IDS, PRIORITY_CONDITION_NAMES } from '../../domain/eligibility.ts';
import { IDENTITY_TYPE_NAMES, IDENTITY_TYPES } from '../../domain/identity.ts';
import { REGISTER_COLUMNS, type RegisterColumnKey, type RegisterRowInput, type RegisterRowIssue } from '../../domain/register-rules.ts';
import './exceljs-utf8.ts';

export const REGISTER_SHEET_NAME = '职工名册';

function normaliseHeader(value: string): string {
  return value.replace(/[\s*＊]/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
}

const HEADER_KEYS = new Map<string, RegisterColumnKey>(
  REGISTER_COLUMNS.flatMap((column) => [
    [normaliseHeader(column.zh), column.key],
    [normaliseHeader(column.en), column.key],
    [normaliseHeader(column.key), column.key],
  ]),
);

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** A cell as text: dates (exceljs gives them as UTC instants) written YYYY-MM-DD, rich text joined, formulas by their result. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  }
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text).join('').trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('error' in value) return '';
  }
  return String(value as unknown).trim();
}

export interface RegisterFileRow {
  row: number;
  input: RegisterRowInput;
}

export class RegisterFileError extends Error {
  constructor(
    readonly messages: { 'zh-CN': string; en: string },
  ) {
    super(messages.en);
  }
}

/**
 * Reads the first worksheet of an import, row by row: the header row maps columns (in any order,
 * Chinese or English names), empty rows are skipped. `onBytes` reports how many bytes of the file
 * the reader has taken (for progress). Throws RegisterFileError when the file is not a readable
 * workbook or lacks a required column.
 */
export async function* readRegisterRows(bytes: Buffer, onBytes?: (read: number) => void): AsyncGenerator<RegisterFileRow> {
  let read = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      read += chunk.length;
      onBytes?.(read);
      callback(null, chunk);
    },
  });
  const source = Readable.from([bytes]).pipe(counter);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheetDone = false;
  let columns: Map<number, RegisterColumnKey> | null = null;
  try {
    for await (const worksheet of reader) {
      if (sheetDone) {
        // Later sheets (the instructions) are read to the end and ignored.
        for await (const _row of worksheet) void _row;
        continue;
      }
      for await (const row of worksheet) {
        const values = row.values as ExcelJS.CellValue[];
        if (!columns) {
          columns = new Map();
          values.forEach((value, index) => {
            const key = HEADER_KEYS.get(normaliseHeader(cellText(value)));
            if (key && ![...columns!.values()].includes(key)) columns!.set(index, key);
          });
          const found = [...columns.values()];
          const missing = REGISTER_COLUMNS.filter((column) => column.required && !found.includes(column.key));
          if (missing.length) {
            throw new RegisterFileError({
              'zh-CN': `第1行（表头）缺少必填列：${missing.map((column) => column.zh).join('、')}。请使用系统提供的模板。`,
              en: `Row 1 (the header) lacks required columns: ${missing.map((column) => column.en).join(', ')}. Use the template the system provides.`,
            });
          }
          continue;
        }
        const input = Object.fromEntries(REGISTER_COLUMNS.map((column) => [column.key, ''])) as RegisterRowInput;
        let empty = true;
        for (const [index, key] of columns) {
          const text = cellText(values[index]);
          if (text) empty = false;
          input[key] = text;
        }
        if (!empty) yield { row: row.number, input };
      }
      sheetDone = true;
    }
  } catch (error) {
    if (error instanceof RegisterFileError) throw error;
    throw new RegisterFileError({
      'zh-CN': `无法读取文件：不是有效的 Excel 工作簿（.xlsx）。${(error as Error).message ?? ''}`.trim(),
      en: `The file cannot be read: it is not a valid Excel workbook (.xlsx). ${(error as Error).message ?? ''}`.trim(),
    });
  }
  if (!columns) {
    throw new RegisterFileError({ 'zh-CN': '文件中没有工作表或表头，请使用系统提供的模板。', en: 'The file has no worksheet or header row; use the template the system provides.' });
  }
}

/** Collects a streaming writer's output into one buffer. */
async function writeWorkbook(build: (workbook: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void>): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = '特级技师评聘管理系统';
  await build(workbook);
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}

const TEXT_COLUMNS: RegisterColumnKey[] = ['idNumber', 'certificateNumber', 'occupationCode'];

function headerRow(sheet: ExcelJS.Worksheet, extra: Partial<ExcelJS.Column>[] = []) {
  sheet.columns = [...REGISTER_COLUMNS.map((column) => ({
    header: column.required ? `${column.zh}*` : column.zh,
    key: column.key,
    width: column.key === 'honours' ? 36 : column.key === 'idNumber' || column.key === 'certificateNumber' ? 26 : 16,
    // Long numbers as text: Excel keeps only 15 significant digits of a number.
    style: TEXT_COLUMNS.includes(column.key) ? { numFmt: '@' } : {},
  })), ...extra];
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE7F5' } };
}

/** The import template: the register sheet with its header and one example row, and a sheet of instructions. */
export function registerTemplate(): Promise<Buffer> {
  return writeWorkbook(async (workbook) => {
    const sheet = workbook.addWorksheet(REGISTER_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
    headerRow(sheet);
    sheet.getRow(1).commit();
    sheet
      .addRow({
        name: '张建国',
        idType: '居民身份证',
        idNumber: '230102197803150014',
        gender: '男',
        birthDate: '1978-03-15',
        department: '汽轮机总装车间',
        post: '数控车床操作',
        occupationCode: '6-18-01-01',
        certificateNumber: 'Y000023000001161000123',
        certificateDate: '2016-06-30',
        postSince: '2016-10-31',
        stillInOccupation: '是',
        honours: '全国技术能手',
      })
      .commit();
    sheet.commit();

    const help = workbook.addWorksheet('填写说明');
    help.columns = [
      { header: '列', key: 'column', width: 28 },
      { header: '填写要求', key: 'rule', width: 100 },
    ];
    help.getRow(1).font = { bold: true };
    const rules: Record<RegisterColumnKey, string> = {
      name: '必填，不超过50个字符。',
      idType: `可不填（默认居民身份证）。可填：${IDENTITY_TYPES.map((type) => IDENTITY_TYPE_NAMES[type]['zh-CN']).join('、')}。`,
      idNumber: '必填。请将本列设为“文本”格式，以免18位号码被 Excel 改写。系统会校验号码（含校验位）。',
      gender: '男或女；可不填（从居民身份证号码读取）。填写时须与证件号码一致。',
      birthDate: '格式如 1978-03-15；可不填（从居民身份证号码读取）。填写时须与证件号码一致。',
      department: '选填。',
      post: '选填，现任岗位（如“数控车床操作”）。资格审核时人力资源部门据部门和岗位确认是否在生产科研一线工作。',
      occupationCode: '必填，《中华人民共和国职业分类大典》职业（工种）代码，如 6-18-01-01，须在系统的职业（工种）目录中。',
      certificateNumber: '必填。22位职业技能等级证书编码或16位职业资格证书编号由系统校验；其他（较早的、地方的）编号照录，资格审核时由人力资源部门对照证书核验，不影响导入。',
      certificateDate: '必填，取得高级技师证书的日期，不得晚于今天。',
      postSince: '必填，聘任到高级技师岗位的日期，不得晚于今天。',
      stillInOccupation: '必填，是或否。',
      honours: `选填，多项以“、”分隔：${PRIORITY_CONDITION_IDS.map((id) => PRIORITY_CONDITION_NAMES[id]['zh-CN']).join('、')}。`,
    };
    for (const column of REGISTER_COLUMNS) help.addRow({ column: `${column.zh}${column.required ? '（必填）' : ''}`, rule: rules[column.key] }).commit();
    help.addRow({ column: '导入规则', rule: '文件中有任何一处错误时，整个文件都不会导入；请按错误报告修改后重新导入。同一证件号码在本单位已存在时，导入会更新该职工的信息。' }).commit();
    help.commit();
  });
}

/** The error report of a refused import: every fault, one line each, with its row and column. */
export function registerErrorReport(issues: readonly RegisterRowIssue[]): Promise<Buffer> {
  return writeWorkbook(async (workbook) => {
    const sheet = workbook.addWorksheet('错误报告');
    sheet.columns = [
      { header: '行号', key: 'row', width: 8 },
      { header: '列', key: 'column', width: 26 },
      { header: '错误说明', key: 'zh', width: 70 },
      { header: 'Error', key: 'en', width: 70 },
    ];
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for (const issue of issues) {
      const column = REGISTER_COLUMNS.find((entry) => entry.key === issue.column);
      sheet.addRow({ row: issue.row, column: column?.zh ?? '', zh: issue.message['zh-CN'], en: issue.message.en }).commit();
    }
    sheet.commit();
  });
}

/** The register exported in the import template's layout (plus the unit), so that it can be edited and imported again. */
export function registerExport(rows: AsyncIterable<Record<RegisterColumnKey | 'organisation', string>>): Promise<Buffer> {
  return writeWorkbook(async (workbook) => {
    const sheet = workbook.addWorksheet(REGISTER_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
    headerRow(sheet, [{ header: '所属单位', key: 'organisation', width: 30 }]);
    sheet.getRow(1).commit();
    for await (const row of rows) sheet.addRow(row).commit();
    sheet.commit();
  });
}
