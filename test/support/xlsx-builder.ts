// Workbooks built part by part for the import tests: the parts in the order Excel writes them or in
// the order SheetJS does (the worksheets before xl/workbook.xml, [Content_Types].xml last), text as
// shared strings, inline strings or formula strings, dates as serial numbers with a date style or as
// ISO dates (t="d"), and zip bombs made without ever holding the unpacked bytes. The ZIP is written
// here (local headers, data, central directory), so a test can also make one that lies about its
// sizes.
import zlib from 'node:zlib';

/** A cell: text, a number, a truth value, empty, or a date written as Excel or SheetJS would. */
export type TestCell = string | number | boolean | null | { date: string; as: 'serial' | 'iso' };

export interface TestWorkbookOptions {
  sheetName?: string;
  /** How text is stored: the shared strings table (Excel), inline strings, or `t="str"` (SheetJS without bookSST). */
  strings?: 'shared' | 'inline' | 'str';
  /** The parts' order in the ZIP. */
  order?: 'excel' | 'sheetjs';
  /** Dates counted from 1904 (old Mac workbooks). */
  date1904?: boolean;
  /** Another sheet before the one given (the import must pick its sheet by name). */
  sheetBefore?: { name: string; rows: TestCell[][] };
}

export interface ZipEntry {
  name: string;
  /** The bytes to store (deflated here). */
  data?: Buffer;
  /** Or: a raw deflate stream already made, its CRC-32 and unpacked size. */
  deflated?: { bytes: Buffer; crc: number; size: number };
  /** The unpacked size the headers declare, when it should lie. */
  declaredSize?: number;
}

/** A ZIP of the entries in the order given (deflate; no data descriptors). */
export function zipArchive(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const packed = entry.deflated ?? { bytes: zlib.deflateRawSync(entry.data ?? Buffer.alloc(0)), crc: zlib.crc32(entry.data ?? Buffer.alloc(0)), size: (entry.data ?? Buffer.alloc(0)).length };
    const size = entry.declaredSize ?? packed.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(packed.crc >>> 0, 14);
    local.writeUInt32LE(packed.bytes.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(packed.crc >>> 0, 16);
    central.writeUInt32LE(packed.bytes.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed.bytes);
    centrals.push(central, name);
    offset += local.length + name.length + packed.bytes.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function columnName(index: number): string {
  let name = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  return name;
}

/** What Excel stores for a date: days since 1899-12-30 (one fewer before March 1900, as Excel counts a 29 February 1900), or since 1904-01-01. */
export function excelSerial(date: string, date1904 = false): number {
  const time = Date.parse(`${date}T00:00:00Z`);
  if (date1904) return (time - Date.UTC(1904, 0, 1)) / 86_400_000;
  return (time - Date.UTC(1899, 11, 30)) / 86_400_000 - (time < Date.UTC(1900, 2, 1) ? 1 : 0);
}

function sheetXml(rows: TestCell[][], options: TestWorkbookOptions, strings: string[]): string {
  const lines: string[] = [];
  rows.forEach((cells, rowIndex) => {
    const row = rowIndex + 1;
    const parts: string[] = [];
    cells.forEach((cell, column) => {
      const reference = `${columnName(column)}${row}`;
      if (cell === null || cell === '') return;
      if (typeof cell === 'string') {
        if (options.strings === 'inline') parts.push(`<c r="${reference}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(cell)}</t></is></c>`);
        else if (options.strings === 'str') parts.push(`<c r="${reference}" t="str"><v>${escapeXml(cell)}</v></c>`);
        else {
          let index = strings.indexOf(cell);
          if (index < 0) index = strings.push(cell) - 1;
          parts.push(`<c r="${reference}" t="s"><v>${index}</v></c>`);
        }
      } else if (typeof cell === 'number') parts.push(`<c r="${reference}"><v>${cell}</v></c>`);
      else if (typeof cell === 'boolean') parts.push(`<c r="${reference}" t="b"><v>${cell ? 1 : 0}</v></c>`);
      else if (cell.as === 'serial') parts.push(`<c r="${reference}" s="1"><v>${excelSerial(cell.date, options.date1904)}</v></c>`);
      else parts.push(`<c r="${reference}" s="1" t="d"><v>${cell.date}T00:00:00Z</v></c>`);
    });
    lines.push(`<row r="${row}">${parts.join('')}</row>`);
  });
  return `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${RELS}"><sheetData>${lines.join('')}</sheetData></worksheet>`;
}

/** A workbook of one sheet (or two, with `sheetBefore`), its parts in the order `options.order` says. */
export function testWorkbook(rows: TestCell[][], options: TestWorkbookOptions = {}): Buffer {
  const strings: string[] = [];
  const sheets = [...(options.sheetBefore ? [options.sheetBefore] : []), { name: options.sheetName ?? '职工名册', rows }];
  const sheetParts = sheets.map((sheet, index) => ({ name: `xl/worksheets/sheet${index + 1}.xml`, data: Buffer.from(sheetXml(sheet.rows, options, strings)) }));
  const shared = options.strings === undefined || options.strings === 'shared';
  const sharedStrings = `${XML}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((text) => `<si><t xml:space="preserve">${escapeXml(text)}</t></si>`).join('')}</sst>`;
  // Style 1 shows a date: the built-in format 14 (Excel), or a custom yyyy-mm-dd (SheetJS).
  const dateFormat = options.order === 'sheetjs' ? '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>' : '';
  const styles = `${XML}<styleSheet xmlns="${MAIN}">${dateFormat}<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="${options.order === 'sheetjs' ? 164 : 14}" applyNumberFormat="1"/></cellXfs></styleSheet>`;
  const workbook = `${XML}<workbook xmlns="${MAIN}" xmlns:r="${RELS}"><workbookPr${options.date1904 ? ' date1904="1"' : ''}/><sheets>${sheets
    .map((sheet, index) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`)
    .join('')}</sheets></workbook>`;
  const workbookRels = `${XML}<Relationships xmlns="${PACKAGE_RELS}">${sheets
    .map((_sheet, index) => `<Relationship Id="rId${index + 1}" Type="${RELS}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`)
    .join('')}<Relationship Id="rIdS" Type="${RELS}/styles" Target="styles.xml"/>${shared ? `<Relationship Id="rIdT" Type="${RELS}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`;
  const packageRels = `${XML}<Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="rId1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const contentTypes = `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheetParts
    .map((part) => `<Override PartName="/${part.name}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('')}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${
    shared ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : ''
  }</Types>`;
  const part = (name: string, text: string): ZipEntry => ({ name, data: Buffer.from(text) });
  const shares = shared ? [part('xl/sharedStrings.xml', sharedStrings)] : [];
  const entries =
    options.order === 'sheetjs'
      ? // SheetJS: the workbook's relationships, styles, the sheets, shared strings, then the workbook, the package's relationships and the content types.
        [part('xl/_rels/workbook.xml.rels', workbookRels), part('xl/styles.xml', styles), ...sheetParts, ...shares, part('xl/workbook.xml', workbook), part('_rels/.rels', packageRels), part('[Content_Types].xml', contentTypes)]
      : // Excel: content types, package relationships, the workbook and its relationships, the sheets, styles, shared strings.
        [part('[Content_Types].xml', contentTypes), part('_rels/.rels', packageRels), part('xl/workbook.xml', workbook), part('xl/_rels/workbook.xml.rels', workbookRels), ...sheetParts, part('xl/styles.xml', styles), ...shares];
  return zipArchive(entries);
}

/**
 * A raw deflate stream of `head`, then `repeat` copies of `chunk`, then `tail`, with its CRC-32 and
 * size, made without holding the unpacked bytes: each piece is deflated on its own and ends on a
 * full flush, so the pieces follow each other as blocks of one stream (the chunk is deflated once).
 */
export function repeatedDeflate(head: string, chunk: string, repeat: number, tail: string): { bytes: Buffer; crc: number; size: number } {
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 };
  const headBytes = Buffer.from(head);
  const chunkBytes = Buffer.from(chunk);
  const tailBytes = Buffer.from(tail);
  const packedChunk = zlib.deflateRawSync(chunkBytes, flush);
  let crc = zlib.crc32(headBytes);
  for (let index = 0; index < repeat; index += 1) crc = zlib.crc32(chunkBytes, crc);
  crc = zlib.crc32(tailBytes, crc);
  const pieces = [zlib.deflateRawSync(headBytes, flush), ...Array.from({ length: repeat }, () => packedChunk), zlib.deflateRawSync(tailBytes)];
  return { bytes: Buffer.concat(pieces), crc, size: headBytes.length + chunkBytes.length * repeat + tailBytes.length };
}

/**
 * A workbook whose one sheet unpacks to about `unpackedBytes`: a header row, then `row` (a row's
 * XML; by default one cell "x") again and again, each followed by `padding` spaces (whitespace
 * between rows, which a reader skips and deflate packs a thousandfold). The other parts are those
 * Excel writes. `declaredSize` makes the headers lie about the sheet's size.
 */
export function zipBombWorkbook(options: { unpackedBytes: number; header?: string[]; row?: string; padding?: number; declaredSize?: number; sheetName?: string }): Buffer {
  const header = `<row>${(options.header ?? ['姓名', '证件号码']).map((text) => `<c t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`).join('')}</row>`;
  const row = (options.row ?? '<row><c t="inlineStr"><is><t>x</t></is></c></row>') + ' '.repeat(options.padding ?? 1024 * 1024);
  // About 1 MiB deflated at once (deflate refers back 32 KiB at most, so more gains nothing).
  const chunk = row.repeat(Math.max(1, Math.floor((1024 * 1024) / Buffer.byteLength(row))));
  const head = `${XML}<worksheet xmlns="${MAIN}"><sheetData>${header}`;
  const tail = '</sheetData></worksheet>';
  const repeat = Math.max(1, Math.ceil(options.unpackedBytes / Buffer.byteLength(chunk)));
  const sheet = repeatedDeflate(head, chunk, repeat, tail);
  const small = testWorkbook([['placeholder']], { strings: 'inline', sheetName: options.sheetName });
  // The small workbook's parts, its sheet replaced by the bomb.
  return zipArchive(
    unzipEntries(small).map((entry) => (entry.name === 'xl/worksheets/sheet1.xml' ? { name: entry.name, deflated: sheet, declaredSize: options.declaredSize } : entry)),
  );
}

/** How many rows `zipBombWorkbook` writes below its header for these options. */
export function zipBombRows(options: { unpackedBytes: number; row?: string; padding?: number }): number {
  const row = Buffer.byteLength(options.row ?? '<row><c t="inlineStr"><is><t>x</t></is></c></row>') + (options.padding ?? 1024 * 1024);
  const perChunk = Math.max(1, Math.floor((1024 * 1024) / row));
  return perChunk * Math.max(1, Math.ceil(options.unpackedBytes / (perChunk * row)));
}

/** The entries of a ZIP this file wrote (deflated, sizes in the local headers), unpacked. */
export function unzipEntries(zip: Buffer): { name: string; data: Buffer }[] {
  const entries: { name: string; data: Buffer }[] = [];
  let offset = 0;
  while (zip.readUInt32LE(offset) === 0x04034b50) {
    const packedSize = zip.readUInt32LE(offset + 18);
    const nameLength = zip.readUInt16LE(offset + 26);
    const extraLength = zip.readUInt16LE(offset + 28);
    const name = zip.subarray(offset + 30, offset + 30 + nameLength).toString('utf8');
    const start = offset + 30 + nameLength + extraLength;
    entries.push({ name, data: zlib.inflateRawSync(zip.subarray(start, start + packedSize)) });
    offset = start + packedSize;
  }
  return entries;
}

/**
 * A workbook within the size limits whose shared strings table holds millions of short strings (a
 * table a reader must keep whole): it needs far more memory than its size, which the reading
 * thread's heap cap stops. The sheet uses the first string.
 */
export function sharedStringsBombWorkbook(options: { unpackedBytes: number; text?: string }): Buffer {
  const item = `<si><t>${escapeXml(options.text ?? '职工名册')}</t></si>`;
  const chunk = item.repeat(Math.floor((256 * 1024) / Buffer.byteLength(item)));
  const repeat = Math.max(1, Math.ceil(options.unpackedBytes / Buffer.byteLength(chunk)));
  const table = repeatedDeflate(`${XML}<sst xmlns="${MAIN}">`, chunk, repeat, '</sst>');
  const small = testWorkbook([['姓名'], ['职工名册']], { strings: 'shared' });
  return zipArchive(unzipEntries(small).map((entry) => (entry.name === 'xl/sharedStrings.xml' ? { name: entry.name, deflated: table } : entry)));
}
