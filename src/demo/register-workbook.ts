// The demo's employee register as the import template lays it out (the sheet 职工名册, one
// column per REGISTER_COLUMNS entry, Chinese headers), written with exceljs' streaming writer: the
// register module then imports it through its own job, as it would an HR officer's upload.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { PRIORITY_CONDITION_NAMES } from '../domain/eligibility.ts';
import { REGISTER_COLUMNS } from '../domain/register-rules.ts';
import { REGISTER_SHEET_NAME } from '../modules/register/register-file.ts';
import type { DemoPerson } from './people.ts';

export async function registerWorkbook(people: readonly DemoPerson[]): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(REGISTER_SHEET_NAME);
  sheet.columns = REGISTER_COLUMNS.map((column) => ({ header: column.zh, key: column.key }));
  sheet.getRow(1).commit();
  for (const person of people) {
    sheet
      .addRow({
        name: person.name,
        idType: '居民身份证',
        idNumber: person.idNumber,
        gender: person.gender === 'male' ? '男' : '女',
        birthDate: person.birthDate,
        department: person.department,
        occupationCode: person.occupationCode,
        certificateNumber: person.certificateNumber,
        certificateDate: person.certificateDate,
        postSince: person.postSince,
        stillInOccupation: '是',
        honours: person.honours ? PRIORITY_CONDITION_NAMES[person.honours as keyof typeof PRIORITY_CONDITION_NAMES]['zh-CN'] : '',
      })
      .commit();
  }
  sheet.commit();
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}
