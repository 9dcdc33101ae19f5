// The workbook reader itself (src/platform/xlsx/reader.ts, on this thread): every part order, every
// kind of cell, and each limit refused with the error that names it. The worker thread, the memory
// cap and the imports are tested through the API in test/integration/workbook-imports*.test.ts.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cellText } from '../../src/platform/xlsx/cell-text.ts';
import { DEFAULT_WORKBOOK_LIMITS, type WorkbookErrorData, type WorkbookLimits } from '../../src/platform/xlsx/limits.ts';
import { isDateFormat, readSheetRows, serialToDate, type SheetRow } from '../../src/platform/xlsx/reader.ts';
import { testWorkbook, zipArchive, zipBombWorkbook, unzipEntries, type TestCell } from '../support/xlsx-builder.ts';

async function read(bytes: Buffer, options: { limits?: Partial<WorkbookLimits>; sheetName?: string } = {}): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const batch of readSheetRows(bytes, { limits: { ...DEFAULT_WORKBOOK_LIMITS, ...options.limits }, sheetName: options.sheetName })) rows.push(...batch.rows);
  return rows;
}

async function refusal(bytes: Buffer, limits: Partial<WorkbookLimits> = {}): Promise<WorkbookErrorData> {
  try {
    await read(bytes, { limits });
  } catch (error) {
    const data = (error as { data?: WorkbookErrorData }).data;
    if (data) return data;
    throw error;
  }
  throw new Error('the workbook was read');
}

const texts = (rows: SheetRow[]) => rows.map((row) => row.cells.map((cell) => cellText(cell)));

const SAMPLE: TestCell[][] = [
  ['姓名', '出生日期', '取证日期', '人数', '比例', '是否在岗', '说明'],
  ['李国强', { date: '1976-03-12', as: 'iso' }, { date: '2010-06-30', as: 'serial' }, 12, 0.25, true, ' 前后有空格 '],
  ['王秀兰 <&>', { date: '1900-02-28', as: 'serial' }, { date: '1900-03-01', as: 'serial' }, 230102197911020000, -3, false, null],
];
const EXPECTED = [
  ['姓名', '出生日期', '取证日期', '人数', '比例', '是否在岗', '说明'],
  ['李国强', '1976-03-12', '2010-06-30', '12', '0.25', '是', '前后有空格'],
  // An 18-digit number as Excel keeps it (15 digits): the register's rules then refuse it.
  ['王秀兰 <&>', '1900-02-28', '1900-03-01', '230102197911020000', '-3', '否'],
];

describe('readSheetRows', () => {
  for (const order of ['excel', 'sheetjs'] as const) {
    for (const strings of ['shared', 'inline', 'str'] as const) {
      it(`reads a workbook with its parts in ${order}'s order and text as ${strings} strings`, async () => {
        const rows = await read(testWorkbook(SAMPLE, { order, strings }));
        expect(rows.map((row) => row.number)).toEqual([1, 2, 3]);
        expect(texts(rows)).toEqual(EXPECTED);
      });
    }
  }

  it('reads dates of a workbook counted from 1904', async () => {
    const rows = await read(testWorkbook([['日期'], [{ date: '1976-03-12', as: 'serial' }], [{ date: '2010-06-30', as: 'iso' }]], { date1904: true }));
    expect(texts(rows)).toEqual([['日期'], ['1976-03-12'], ['2010-06-30']]);
  });

  it('reads the workbooks SheetJS wrote: ISO date cells as the dates they are', async () => {
    for (const file of ['sheetjs-register.xlsx', 'sheetjs-register-shared-strings.xlsx']) {
      const rows = texts(await read(fs.readFileSync(new URL(`../fixtures/xlsx/${file}`, import.meta.url))));
      expect(rows).toHaveLength(4);
      expect(rows[1].slice(0, 5)).toEqual(['李国强', '居民身份证', '23010219760312011X', '男', '1976-03-12']);
      expect(rows[1].slice(9, 11)).toEqual(['2010-06-30', '2010-10-31']);
      expect(rows[3][4]).toBe('1972-01-29');
    }
  });

  it('reads the sheet asked for by name, else the first', async () => {
    const bytes = testWorkbook([['名册']], { sheetName: '职工名册', sheetBefore: { name: '填写说明', rows: [['说明']] } });
    expect(texts(await read(bytes, { sheetName: '职工名册' }))).toEqual([['名册']]);
    expect(texts(await read(bytes, { sheetName: '别的' }))).toEqual([['说明']]);
  });

  it('leaves out empty rows and keeps the row numbers of the sheet', async () => {
    const rows = await read(testWorkbook([['表头'], [], [null, null], ['第四行']]));
    expect(rows.map((row) => [row.number, cellText(row.cells[0])])).toEqual([
      [1, '表头'],
      [4, '第四行'],
    ]);
  });

  it('refuses more rows of data than the limit, naming it and the row it stopped at', async () => {
    const rows: TestCell[][] = [['表头'], ...Array.from({ length: 6 }, (_, index) => [`行${index}`])];
    expect(await read(testWorkbook(rows), { limits: { maxRows: 6 } })).toHaveLength(7);
    expect(await refusal(testWorkbook(rows), { maxRows: 5 })).toEqual({ code: 'IMPORT_TOO_MANY_ROWS', params: { row: 7, limit: 5 } });
  });

  it('refuses a cell longer than the limit, naming the cell, whether inline or shared', async () => {
    for (const strings of ['inline', 'shared', 'str'] as const) {
      const bytes = testWorkbook([['表头', '说明'], ['甲', 'x'.repeat(1001)]], { strings });
      expect(await refusal(bytes)).toEqual({ code: 'IMPORT_CELL_TOO_LONG', params: { row: 2, column: 'B', length: 1001, limit: 1000 } });
    }
    // A shared string of 5 MB is counted, not kept.
    const huge = testWorkbook([['表头'], ['y'.repeat(5_000_000)]], { strings: 'shared' });
    expect(await refusal(huge)).toMatchObject({ code: 'IMPORT_CELL_TOO_LONG', params: { row: 2, column: 'A', length: 5_000_000 } });
  });

  it('refuses a zip bomb from its directory, before inflating anything', async () => {
    const bomb = zipBombWorkbook({ unpackedBytes: 300 * 1024 * 1024 });
    const started = performance.now();
    expect(await refusal(bomb)).toEqual({ code: 'IMPORT_UNCOMPRESSED_TOO_LARGE', params: { size: '300 MiB', limit: '256 MiB' } });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('stops reading a part that inflates to more than its header declares', async () => {
    const liar = zipBombWorkbook({ unpackedBytes: 64 * 1024 * 1024, declaredSize: 10_000 });
    const error = await refusal(liar);
    expect(error.code).toBe('IMPORT_WORKBOOK_INVALID');
    expect(error.params.reasonEn).toContain('xl/worksheets/sheet1.xml');
  });

  it('refuses too many parts, a file that is not a ZIP, a ZIP without a workbook, and a DOCTYPE', async () => {
    const parts = zipArchive(Array.from({ length: 1001 }, (_, index) => ({ name: `part${index}.xml`, data: Buffer.from('<a/>') })));
    expect(await refusal(parts)).toEqual({ code: 'IMPORT_TOO_MANY_PARTS', params: { count: 1001, limit: 1000 } });
    expect((await refusal(Buffer.from('PK\u0003\u0004 not really a zip'))).code).toBe('IMPORT_WORKBOOK_INVALID');
    expect((await refusal(zipArchive([{ name: 'hello.txt', data: Buffer.from('hello') }]))).params.reasonEn).toContain('xl/workbook.xml');
    // Entity expansion ("billion laughs") needs a DOCTYPE: none is read.
    const entries = unzipEntries(testWorkbook([['甲']], { strings: 'inline' }));
    const laughs = entries.map((entry) =>
      entry.name === 'xl/worksheets/sheet1.xml'
        ? { name: entry.name, data: Buffer.from(`<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${entry.data.toString().replace(/^<\?xml[^>]*>\s*/, '')}`) }
        : entry,
    );
    const doctype = await refusal(zipArchive(laughs));
    expect(doctype.code).toBe('IMPORT_WORKBOOK_INVALID');
    expect(doctype.params.reasonEn).toContain('DOCTYPE');
  });
});

describe('dates', () => {
  it('knows date formats from other numbers', () => {
    for (const code of ['yyyy-mm-dd', 'yyyy\\-mm\\-dd', 'yyyy"年"m"月"d"日"', '[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy', 'h:mm:ss', '[h]:mm', 'm/d/yy;@']) expect(isDateFormat(code), code).toBe(true);
    for (const code of ['General', '0.00', '#,##0', '@', '"年"0', '[Red]0.00', '0%', '_-* #,##0_-']) expect(isDateFormat(code), code).toBe(false);
  });

  it('counts serial numbers as Excel does, 29 February 1900 included', () => {
    const day = (serial: number, date1904 = false) => serialToDate(serial, date1904)?.toISOString().slice(0, 10);
    expect(day(1)).toBe('1900-01-01');
    expect(day(59)).toBe('1900-02-28');
    expect(day(61)).toBe('1900-03-01');
    expect(day(27831)).toBe('1976-03-12');
    expect(day(0, true)).toBe('1904-01-01');
    expect(serialToDate(-1, false)).toBeNull();
  });
});
