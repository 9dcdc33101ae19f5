import ExcelJS from 'exceljs';
import { AppError, fieldError, type FieldError } from '../../platform/errors.ts';
import { cellText } from '../../platform/xlsx/cell-text.ts';
import { MAX_REPORTED_ROW_ERRORS } from '../../platform/xlsx/limits.ts';
import { readWorkbookSheet } from '../../platform/xlsx/read-workbook.ts';
import { OCCUPATION_CODE_PATTERN } from './schemas.ts';

/**
 * Reading an occupation catalogue file: an Excel workbook (.xlsx, first sheet, read on a worker
 * thread within the import limits: src/platform/xlsx), a CSV (UTF-8 or GB18030, as Excel saves it
 * in China) or JSON. The first row of a sheet or CSV names the columns:
 * 职业编码 (code), 职业名称 (name) and, optionally, 所属类别 (category).
 */
export type CatalogueFormat = 'xlsx' | 'csv' | 'json';

export interface CatalogueRow {
  /** The row's number in the file (1 is the header of a sheet or CSV; JSON counts entries from 1). */
  row: number;
  code: string;
  name: string;
  /** Absent (undefined) when the file has no category column: the catalogue keeps what it holds. */
  category: string | null | undefined;
}

export interface ParsedCatalogue {
  format: CatalogueFormat;
  rows: CatalogueRow[];
  /** The faults of the lowest rows, at most MAX_REPORTED_ROW_ERRORS. */
  errors: FieldError[];
  /** Every fault counted, listed or not. */
  errorCount: number;
}

/**
 * The faults of a file: every one counted, the first `max` kept (the rows are checked in order, so
 * these are the lowest rows'). A file of 200,000 bad rows has hundreds of thousands of faults:
 * listing each in one answer would cost the server's memory and help nobody.
 */
export class FaultList {
  count = 0;
  readonly listed: FieldError[] = [];
  constructor(private readonly max = MAX_REPORTED_ROW_ERRORS) {}

  add(fault: FieldError): void {
    this.count += 1;
    if (this.listed.length < this.max) this.listed.push(fault);
  }
}

const HEADERS: Record<'code' | 'name' | 'category', string[]> = {
  code: ['职业编码', '职业代码', '编码', '代码', 'code', 'occupationcode'],
  name: ['职业名称', '职业（工种）名称', '职业(工种)名称', '名称', '工种名称', 'name', 'occupationname'],
  category: ['所属类别', '类别', '所属小类', '小类', '中类', 'category'],
};

export const TEMPLATE_HEADERS = ['职业编码', '职业名称', '所属类别'];

function normaliseHeader(value: string): string {
  return value.replace(/\s+/g, '').toLowerCase();
}

export function detectFormat(fileName: string, bytes: Buffer): CatalogueFormat {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  const extension = fileName.toLowerCase().split('.').pop();
  if (extension === 'xlsx') return 'xlsx';
  if (extension === 'json') return 'json';
  const start = bytes.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (extension !== 'csv' && (start.startsWith('{') || start.startsWith('['))) return 'json';
  return 'csv';
}

/** UTF-8 when the bytes are UTF-8 (with or without BOM); otherwise GB18030, Excel's CSV in China. */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** RFC 4180: fields separated by commas, quoted with double quotes, "" inside quotes for one. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else {
          quoted = false;
        }
      } else {
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A row of a sheet or CSV: its number in the file (1 is the first) and its cells as text. */
interface TableRow {
  number: number;
  cells: string[];
}

/** Rows of a table whose first row names the columns, checked one by one. */
function fromTable(table: TableRow[]): { rows: CatalogueRow[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const headerNumber = table[0]?.number ?? 1;
  const header = (table[0]?.cells ?? []).map((cell) => normaliseHeader(cell));
  const column = (key: keyof typeof HEADERS) => header.findIndex((cell) => HEADERS[key].some((name) => normaliseHeader(name) === cell));
  const codeColumn = column('code');
  const nameColumn = column('name');
  const categoryColumn = column('category');
  if (codeColumn < 0 || nameColumn < 0) {
    errors.push(
      fieldError(
        `rows.${headerNumber}`,
        'HEADER_MISSING',
        `第${headerNumber}行应为表头，且包含“职业编码”和“职业名称”两列`,
        `Row ${headerNumber} must be the header, with the columns 职业编码 (code) and 职业名称 (name)`,
      ),
    );
    return { rows: [], errors };
  }
  const rows: CatalogueRow[] = [];
  for (const { number, cells } of table.slice(1)) {
    if (cells.every((cell) => cell.trim() === '')) continue;
    rows.push({
      row: number,
      code: (cells[codeColumn] ?? '').trim(),
      name: (cells[nameColumn] ?? '').trim(),
      category: categoryColumn >= 0 ? (cells[categoryColumn] ?? '').trim() || null : undefined,
    });
  }
  return { rows, errors };
}

/** The first sheet's rows with values (on a worker thread, within the import limits); not a workbook: CATALOGUE_FILE_UNREADABLE. */
async function readXlsx(bytes: Buffer): Promise<TableRow[]> {
  try {
    const rows = await readWorkbookSheet(bytes);
    return rows.map(({ number, cells }) => ({ number, cells: Array.from(cells, (value) => cellText(value)) }));
  } catch (error) {
    if (error instanceof AppError && error.code === 'IMPORT_WORKBOOK_INVALID') {
      throw new AppError('CATALOGUE_FILE_UNREADABLE', { reason: `${String(error.params.reasonEn ?? '')} / 不是有效的 Excel 工作簿。${String(error.params.reasonZh ?? '')}`.trim() });
    }
    // A limit (unpacked size, parts, rows, a cell's length, the reading thread's memory): its own code names it.
    throw error;
  }
}

function fromJson(text: string): { rows: CatalogueRow[]; errors: FieldError[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new AppError('CATALOGUE_FILE_UNREADABLE', { reason: `not valid JSON (${(error as Error).message}) / 不是有效的 JSON` });
  }
  const list = Array.isArray(data) ? data : (data as { occupations?: unknown })?.occupations;
  if (!Array.isArray(list)) {
    throw new AppError('CATALOGUE_FILE_UNREADABLE', { reason: 'expected a list, or an object with "occupations" / 应为数组或含 occupations 数组的对象' });
  }
  const rows = list.map((entry, index) => {
    const item = (entry ?? {}) as Record<string, unknown>;
    const pick = (key: keyof typeof HEADERS) => {
      const found = Object.keys(item).find((name) => HEADERS[key].some((header) => normaliseHeader(header) === normaliseHeader(name)));
      const value = found === undefined ? undefined : item[found];
      return value === undefined || value === null ? '' : String(value).trim();
    };
    const hasCategory = Object.keys(item).some((name) => HEADERS.category.some((header) => normaliseHeader(header) === normaliseHeader(name)));
    return { row: index + 1, code: pick('code'), name: pick('name'), category: hasCategory ? pick('category') || null : undefined };
  });
  return { rows, errors: [] };
}

/** Every fault of the rows: a code that is not an occupation code, a missing name, a code given twice (all counted in `faults`; returns those it lists). */
export function checkRows(rows: CatalogueRow[], faults = new FaultList(Number.POSITIVE_INFINITY)): FieldError[] {
  const firstRow = new Map<string, number>();
  for (const row of rows) {
    if (!row.code) {
      faults.add(fieldError(`rows.${row.row}.code`, 'REQUIRED', `第${row.row}行：缺少职业编码`, `Row ${row.row}: the code is missing`));
    } else if (!OCCUPATION_CODE_PATTERN.test(row.code)) {
      faults.add(
        fieldError(
          `rows.${row.row}.code`,
          'CODE_INVALID',
          `第${row.row}行：职业编码“${row.code}”格式不正确（应如 6-18-01-01）`,
          `Row ${row.row}: "${row.code}" is not an occupation code (such as 6-18-01-01)`,
        ),
      );
    } else if (firstRow.has(row.code)) {
      faults.add(
        fieldError(
          `rows.${row.row}.code`,
          'CODE_DUPLICATE',
          `第${row.row}行：职业编码 ${row.code} 与第${firstRow.get(row.code)}行重复`,
          `Row ${row.row}: the code ${row.code} repeats row ${firstRow.get(row.code)}`,
        ),
      );
    } else {
      firstRow.set(row.code, row.row);
    }
    if (!row.name) {
      faults.add(fieldError(`rows.${row.row}.name`, 'REQUIRED', `第${row.row}行：缺少职业名称`, `Row ${row.row}: the name is missing`));
    } else if (row.name.length > 100) {
      faults.add(fieldError(`rows.${row.row}.name`, 'TOO_LONG', `第${row.row}行：职业名称超过100个字`, `Row ${row.row}: the name is longer than 100 characters`));
    }
    if (row.category && row.category.length > 100) {
      faults.add(fieldError(`rows.${row.row}.category`, 'TOO_LONG', `第${row.row}行：所属类别超过100个字`, `Row ${row.row}: the category is longer than 100 characters`));
    }
  }
  return faults.listed;
}

/** The rows of a catalogue file and every fault found in it. */
export async function parseCatalogueFile(fileName: string, bytes: Buffer): Promise<ParsedCatalogue> {
  const format = detectFormat(fileName, bytes);
  let parsed: { rows: CatalogueRow[]; errors: FieldError[] };
  if (format === 'xlsx') parsed = fromTable(await readXlsx(bytes));
  else if (format === 'json') parsed = fromJson(decodeText(bytes));
  else parsed = fromTable(parseCsv(decodeText(bytes)).map((cells, index) => ({ number: index + 1, cells })));
  const faults = new FaultList();
  for (const error of parsed.errors) faults.add(error);
  if (!parsed.errors.length && !parsed.rows.length) {
    faults.add(fieldError('rows', 'EMPTY', '文件中没有任何职业', 'The file holds no occupation'));
  }
  checkRows(parsed.rows, faults);
  return { format, rows: parsed.rows, errors: faults.listed, errorCount: faults.count };
}

/** An import template: the header and two example rows. */
export async function catalogueTemplate(examples: { code: string; name: string; category: string | null }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '特级技师评聘管理系统';
  const sheet = workbook.addWorksheet('职业（工种）目录');
  sheet.columns = [
    { header: TEMPLATE_HEADERS[0], key: 'code', width: 16 },
    { header: TEMPLATE_HEADERS[1], key: 'name', width: 28 },
    { header: TEMPLATE_HEADERS[2], key: 'category', width: 32 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const example of examples) sheet.addRow({ code: example.code, name: example.name, category: example.category ?? '' });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
