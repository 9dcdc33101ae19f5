// The import limits as the configuration sets them (IMPORT_* in the README), lowered here so that
// small files reach them: rows, a cell's length, the unpacked size, the parts, and the heap of the
// thread that reads a workbook — a file that needs more memory stops that thread, never the server.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTER_COLUMNS } from '../../src/domain/register-rules.ts';
import { buildEnterprise, buildProvince, buildUser } from '../support/factories.ts';
import { login } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { sharedStringsBombWorkbook, testWorkbook, zipArchive, zipBombWorkbook } from '../support/xlsx-builder.ts';
import { goodRow, importRegister, multipart, registerWorkbook } from './applications-fixtures.ts';

const MiB = 1024 * 1024;

let t: TestApp;
let admin: TestClient;
let hr: TestClient;
let enterpriseId: string;

beforeAll(async () => {
  t = await createTestApp({ importMaxRows: 100, importMaxCellChars: 200, importMaxUncompressedBytes: 40 * MiB, importMaxParts: 50, importWorkerMemoryMb: 16 });
  admin = await t.admin();
  const province = await buildProvince(admin, { provinceCode: '23' });
  const enterprise = await buildEnterprise(admin, province.id);
  enterpriseId = enterprise.id;
  hr = await login(t, await buildUser(admin, enterprise.id, ['enterprise-admin']));
});
afterAll(() => t?.close());

async function registerState() {
  const result = await t.handle.db.execute(sql`select (select count(*)::int from employees) as employees, (select count(*)::int from employee_import_rows) as staged`);
  return (result as unknown as { rows: { employees: number; staged: number }[] }).rows[0];
}

async function fileCount() {
  const result = await t.handle.db.execute(sql`select count(*)::int as files from files`);
  return (result as unknown as { rows: { files: number }[] }).rows[0].files;
}

function upload(bytes: Buffer) {
  const { payload, headers } = multipart({ name: '职工名册.xlsx', bytes });
  return hr.request('POST', '/api/v1/register/imports', payload, headers);
}

type Rejected = { outcome: string; errorCount: number; errors: { row: number; column: string | null; code: string; message: { 'zh-CN': string; en: string } }[] };

describe('register imports over a configured limit', () => {
  it('stop at the row past IMPORT_MAX_ROWS and store nothing', async () => {
    const before = await registerState();
    const ok = await importRegister(hr, await registerWorkbook(Array.from({ length: 100 }, (_, index) => goodRow(100 + index))));
    expect(ok.result).toMatchObject({ outcome: 'imported', rows: 100 });
    const job = await importRegister(hr, await registerWorkbook(Array.from({ length: 101 }, (_, index) => goodRow(300 + index))));
    const result = job.result as Rejected;
    expect(result).toMatchObject({ outcome: 'rejected', errorCount: 1 });
    expect(result.errors[0]).toMatchObject({ row: 102, code: 'IMPORT_TOO_MANY_ROWS' });
    expect(result.errors[0].message).toEqual({
      'zh-CN': '工作表的数据超过每个文件 100 行的上限（读到第 102 行时停止），未导入任何数据。请分成几个文件导入。',
      en: 'The sheet holds more than the limit of 100 rows of data a file (reading stopped at row 102); nothing was imported. Split it into several files.',
    });
    expect(await registerState()).toEqual({ employees: before.employees + 100, staged: 0 });
  });

  it('refuse a cell longer than IMPORT_MAX_CELL_CHARS, naming the cell', async () => {
    const before = await registerState();
    const job = await importRegister(hr, await registerWorkbook([goodRow(501), goodRow(502, { department: '车'.repeat(201) })]));
    const result = job.result as Rejected;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].code).toBe('IMPORT_CELL_TOO_LONG');
    expect(result.errors[0].message['zh-CN']).toBe('第 3 行 F 列的单元格有 201 个字符，超过每个单元格 200 个字符的上限，未导入任何数据。');
    expect(result.errors[0].message.en).toBe('The cell in row 3, column F holds 201 characters, over the limit of 200 characters a cell; nothing was imported.');
    expect(await registerState()).toEqual(before);
  });

  it('refuse at the door a workbook over IMPORT_MAX_UNCOMPRESSED_BYTES or IMPORT_MAX_PARTS, storing nothing', async () => {
    const files = await fileCount();
    const big = await upload(zipBombWorkbook({ unpackedBytes: 41 * MiB }));
    expect(big.statusCode).toBe(413);
    expect(big.json().messages.en).toBe(
      'The workbook unpacks to 41 MiB, over the import limit of 40 MiB; nothing was stored or imported. Remove extra sheets, pictures or empty rows, or split it into several files.',
    );
    const parts = Array.from({ length: 51 }, (_, index) => ({ name: `xl/media/image${index}.png`, data: Buffer.from('png') }));
    const many = await upload(zipArchive([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }, ...parts]));
    expect(many.statusCode).toBe(413);
    expect(many.json()).toMatchObject({ code: 'IMPORT_TOO_MANY_PARTS', count: 53, limit: 50 });
    expect(many.json().messages['zh-CN']).toBe('该工作簿由 53 个部件组成，超过导入上限 50 个，未保存、未导入任何内容。请删除多余的工作表或图片后重新导入。');
    expect(await fileCount()).toBe(files);
  });
});

describe('a workbook that needs more memory than the reading thread has', () => {
  it('stops that thread with IMPORT_MEMORY_EXCEEDED while the server answers, and the next import works', async () => {
    // 30 MiB of shared strings (within the 40 MiB limit): a table held whole, far over a 16 MB heap.
    const bomb = sharedStringsBombWorkbook({ unpackedBytes: 30 * MiB, text: 'x'.repeat(150) });
    const watcher = await t.admin();
    let answered = 0;
    let failures = 0;
    let done = false;
    const asking = (async () => {
      while (!done) {
        if ((await watcher.get('/api/v1/me')).statusCode === 200) answered += 1;
        else failures += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const started = performance.now();
    const job = await importRegister(hr, bomb, { enterpriseId });
    const ms = Math.round(performance.now() - started);
    done = true;
    await asking;
    const result = job.result as Rejected;
    expect(result).toMatchObject({ outcome: 'rejected', errorCount: 1 });
    expect(result.errors[0].code).toBe('IMPORT_MEMORY_EXCEEDED');
    expect(result.errors[0].message['zh-CN']).toBe('读取该工作簿所需的内存超过 16 MB 的上限，已停止读取（系统其他功能不受影响），未导入任何数据。请检查文件内容，或分成几个文件导入。');
    expect(failures).toBe(0);
    expect(answered).toBeGreaterThan(0);
    expect((await registerState()).staged).toBe(0);
    console.log(`shared-strings bomb (${Math.round(bomb.length / 1024)} KB → 30 MiB): its thread stopped at 16 MB in ${ms} ms; ${answered} other requests answered meanwhile`);

    const next = await importRegister(hr, testWorkbook([REGISTER_COLUMNS.map((column) => column.zh), REGISTER_COLUMNS.map((column) => goodRow(801)[column.key] ?? null)]), { enterpriseId });
    expect(next.result).toMatchObject({ outcome: 'imported', rows: 1 });
  });
});
