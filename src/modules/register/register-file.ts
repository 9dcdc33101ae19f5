// The Excel side of the employee register: the import template, reading an import (on a worker
// thread, within the import limits: src/platform/xlsx), the error report and the export, both
// written with exceljs' streaming writer.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { PRIORITY_CONDITION_IDS, PRIORITY_CONDITION_NAMES } from '../../domain/eligibility.ts';
import { IDENTITY_TYPE_NAMES, IDENTITY_TYPES } from '../../domain/identity.ts';
import { REGISTER_COLUMNS, type RegisterColumnKey, type RegisterRowInput, type RegisterRowIssue } from '../../domain/register-rules.ts';
import { cellText } from '../../platform/xlsx/cell-text.ts';
import { readWorkbookRows } from '../../platform/xlsx/read-workbook.ts';

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

export { cellText };

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
 * Reads the register sheet (the sheet named 职工名册, else the first), row by row: the first row
 * with values is the header and maps columns (in any order, Chinese or English names); empty rows
 * are skipped. `onProgress` gets the part of the sheet read (0…1). Throws RegisterFileError when a
 * required column is missing or the sheet is empty, and the reader's AppError (IMPORT_*: not a
 * workbook, or over a limit) as it comes.
 */
export async function* readRegisterRows(bytes: Buffer, options: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {}): AsyncGenerator<RegisterFileRow> {
  let columns: Map<number, RegisterColumnKey> | null = null;
  for await (const batch of readWorkbookRows(bytes, { sheetName: REGISTER_SHEET_NAME, signal: options.signal })) {
    for (const { number, cells } of batch.rows) {
      if (!columns) {
        const found = new Map<number, RegisterColumnKey>();
        cells.forEach((value, index) => {
          const key = HEADER_KEYS.get(normaliseHeader(cellText(value)));
          if (key && ![...found.values()].includes(key)) found.set(index, key);
        });
        const keys = [...found.values()];
        const missing = REGISTER_COLUMNS.filter((column) => column.required && !keys.includes(column.key));
        if (missing.length) {
          throw new RegisterFileError({
            'zh-CN': `第${number}行（表头）缺少必填列：${missing.map((column) => column.zh).join('、')}。请使用系统提供的模板。`,
            en: `Row ${number} (the header) lacks required columns: ${missing.map((column) => column.en).join(', ')}. Use the template the system provides.`,
          });
        }
        columns = found;
        continue;
      }
      const input = Object.fromEntries(REGISTER_COLUMNS.map((column) => [column.key, ''])) as RegisterRowInput;
      let empty = true;
      for (const [index, key] of columns) {
        const text = cellText(cells[index]);
        if (text) empty = false;
        input[key] = text;
      }
      if (!empty) yield { row: number, input };
    }
    options.onProgress?.(batch.progress);
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

/**
 * The error report of a refused import: each listed fault on a line with its row and column; when
 * there were more than the list holds, a last line says how many are not listed.
 */
export function registerErrorReport(issues: readonly RegisterRowIssue[], total = issues.length): Promise<Buffer> {
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
    if (total > issues.length) {
      const rest = total - issues.length;
      sheet
        .addRow({
          row: '',
          column: '',
          zh: `共有 ${total} 处错误，以上列出行号最小的 ${issues.length} 处，另有 ${rest} 处未列出。请先改正以上错误后重新导入。`,
          en: `${total} errors in all: the ${issues.length} of the lowest rows are listed above, ${rest} more are not. Correct these and import again.`,
        })
        .commit();
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
