import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { occupationCatalogue } from '../../src/modules/occupations/tables.ts';
import { buildProvince, buildUser } from '../support/factories.ts';
import { multipartBody } from '../support/files.ts';
import { login } from '../support/pilot-factories.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

let t: TestApp;
let admin: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(() => t?.close());

/** Uploads a catalogue file as the client, as the page does (multipart/form-data, field "file"). */
function importFile(client: TestClient, name: string, content: string | Buffer) {
  const { payload, headers } = multipartBody({ name, bytes: Buffer.from(content) });
  return client.request('POST', '/api/v1/occupations/import', payload, headers);
}

async function xlsx(rows: (string | null)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('目录');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function catalogueSize() {
  return (await t.handle.db.select().from(occupationCatalogue)).length;
}

describe('the starter catalogue', () => {
  it('is loaded at the first start, with its source, and searchable by code or name', async () => {
    const all = (await admin.get('/api/v1/occupations?limit=500')).json();
    expect(all.total).toBeGreaterThanOrEqual(30);
    expect(all.items.find((item: { code: string }) => item.code === '6-18-01-01')).toMatchObject({ name: '车工', source: '《中华人民共和国职业分类大典（2022年版）》' });
    expect((await admin.get('/api/v1/occupations?q=焊')).json().items.map((item: { code: string }) => item.code)).toEqual(['6-18-02-04']);
    expect((await admin.get('/api/v1/occupations?q=6-18-01')).json().total).toBeGreaterThanOrEqual(9);
    expect((await admin.get('/api/v1/occupations?codes=6-31-01-03,6-18-01-02')).json().items.map((item: { name: string }) => item.name)).toEqual(['铣工', '电工']);
  });

  it('every signed-in user reads the catalogue; only the ministry and the system administrator import', async () => {
    const province = await buildProvince(admin, { name: '湖南省人力资源和社会保障厅', provinceCode: '43' });
    const department = await login(t, await buildUser(admin, province.id, ['department-admin']));
    expect((await department.get('/api/v1/occupations')).statusCode).toBe(200);
    const refused = await importFile(department, 'a.csv', '职业编码,职业名称\n6-18-01-01,车工\n');
    expect(refused.statusCode).toBe(403);
    const ministry = await login(t, await buildUser(admin, admin.me.organisation.id, ['ministry-admin']));
    const accepted = await importFile(ministry, 'a.csv', '职业编码,职业名称\n6-18-01-01,车工\n');
    expect(accepted.json()).toMatchObject({ format: 'csv', total: 1, created: 0, updated: 0, unchanged: 1 });
  });
});

describe('POST /api/v1/occupations/import', () => {
  it('imports an Excel workbook: new codes created, changed names updated, nothing deleted', async () => {
    const before = await catalogueSize();
    const workbook = await xlsx([
      ['职业编码', '职业名称', '所属类别'],
      ['6-25-04-10', '物联网安装调试员', '电子设备装配调试人员'],
      ['6-18-01-02', '铣工', '机械冷加工人员'],
      ['6-18-01-04', '磨工（含数控磨床）', '机械冷加工人员'],
    ]);
    const response = await importFile(admin, '大典.xlsx', workbook);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ format: 'xlsx', total: 3, created: 1, updated: 1, unchanged: 1 });
    expect(await catalogueSize()).toBe(before + 1);
    const imported = (await admin.get('/api/v1/occupations?codes=6-18-01-04')).json().items[0];
    expect(imported).toMatchObject({ name: '磨工（含数控磨床）', source: '导入文件 大典.xlsx' });
    const audit = (await admin.get('/api/v1/audit?action=occupation.catalogue-imported')).json().items[0];
    expect(audit.after).toMatchObject({ fileName: '大典.xlsx', created: 1, updated: 1 });
  });

  it('imports CSV saved by Excel in GB18030, and JSON', async () => {
    const gbk = Buffer.from([
      ...Buffer.from('code,name\r\n6-99-00-00,'),
      // 其他 in GB18030
      0xc6, 0xe4, 0xcb, 0xfb,
      ...Buffer.from('\r\n'),
    ]);
    const csv = await importFile(admin, 'other.csv', gbk);
    expect(csv.json()).toMatchObject({ format: 'csv', created: 1 });
    expect((await admin.get('/api/v1/occupations?codes=6-99-00-00')).json().items[0].name).toBe('其他');
    const json = await importFile(admin, 'list.json', JSON.stringify({ occupations: [{ code: '6-18-01-01-01', name: '数控车工', category: '车工' }] }));
    expect(json.json()).toMatchObject({ format: 'json', created: 1 });
  });

  it('refuses a file with bad rows with a report naming every row, and imports nothing', async () => {
    const before = await catalogueSize();
    const csv = ['职业编码,职业名称,所属类别', '6-18-01-05,镗工,机械冷加工人员', '618-01-01,车工,', '6-30-01-01,,', '6-18-01-05,镗工（重复）,', '"6-77-01-01","名称，带逗号",x'].join('\n');
    const response = await importFile(admin, 'bad.csv', csv);
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem).toMatchObject({ code: 'CATALOGUE_IMPORT_INVALID', count: 3 });
    expect(problem.errors.map((error: { path: string; code: string }) => [error.path, error.code])).toEqual([
      ['rows.3.code', 'CODE_INVALID'],
      ['rows.4.name', 'REQUIRED'],
      ['rows.5.code', 'CODE_DUPLICATE'],
    ]);
    expect(problem.errors[0].messages['zh-CN']).toBe('第3行：职业编码“618-01-01”格式不正确（应如 6-18-01-01）');
    expect(problem.errors[2].messages['zh-CN']).toContain('与第2行重复');
    expect(await catalogueSize()).toBe(before);
  });

  it('refuses a request without a file, a file without the header, an empty file, and one that is not a workbook', async () => {
    expect((await admin.post('/api/v1/occupations/import', {})).json().code).toBe('FILE_MISSING');
    expect((await importFile(admin, 'x.csv', '')).json().code).toBe('FILE_EMPTY');
    const noHeader = await importFile(admin, 'x.csv', '6-18-01-01,车工\n');
    expect(noHeader.json().errors[0]).toMatchObject({ path: 'rows.1', code: 'HEADER_MISSING' });
    const empty = await importFile(admin, 'x.csv', '职业编码,职业名称\n');
    expect(empty.json().errors[0].code).toBe('EMPTY');
    const broken = await importFile(admin, 'x.xlsx', Buffer.from('PK\u0003\u0004 not really a zip'));
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('CATALOGUE_FILE_UNREADABLE');
  });

  it('offers an Excel template with the header the import reads', async () => {
    const response = await admin.get('/api/v1/occupations/template');
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const header = workbook.worksheets[0].getRow(1).values as string[];
    expect(header.slice(1)).toEqual(['职业编码', '职业名称', '所属类别']);
    // The template itself imports cleanly.
    const again = await importFile(admin, 'template.xlsx', response.rawPayload);
    expect(again.statusCode).toBe(200);
  });
});
