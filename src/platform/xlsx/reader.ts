// Reads the rows of one worksheet of an .xlsx workbook, whatever the order of the parts inside the
// ZIP. The ZIP is read through its central directory (yauzl), so the workbook, its relationships,
// styles and shared strings are read first, by name, and the worksheet is then streamed through a
// SAX parser (saxes): a 100,000-row sheet never sits in memory, only a batch of its rows.
//
// exceljs' streaming reader, used before, took the parts in the order the ZIP stores them and raced
// when the workbook came after the worksheets (files written by SheetJS and other tools): the same
// file was refused one time in two. It also read ISO date cells (t="d") as numbers.
//
// Every limit is checked as early as it can be: the unpacked size and the number of parts from the
// central directory before anything is inflated (and a part that inflates to more than it declared
// is stopped as soon as it does); rows and cell lengths as the sheet is read. This module runs in a worker thread
// (worker.ts) whose heap is capped, so a file that still needs too much memory stops that thread.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import { cellTooLong, isWorkbookError, tooManyParts, tooManyRows, uncompressedTooLarge, workbookInvalid, type WorkbookLimits } from './limits.ts';

/** A cell as the workbook holds it: text, a number, a truth value, a date (its calendar date and time in UTC fields), or nothing. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** The row's number in the sheet (1 is the first row). */
  number: number;
  /** The row's cells by column, 0 for column A; columns beyond the last value are absent. */
  cells: CellValue[];
}

export interface SheetBatch {
  rows: SheetRow[];
  /** How much of the sheet is read, 0…1. */
  progress: number;
}

export interface ReadSheetOptions {
  limits: WorkbookLimits;
  /** Read the sheet of this name when the workbook has one; otherwise the first worksheet. */
  sheetName?: string;
  /** Rows handed over at once (default 1,000). */
  batchSize?: number;
}

/** Columns read (A … IV); cells further right are ignored. */
export const MAX_COLUMNS = 256;

interface Archive {
  zip: yauzl.ZipFile;
  /** Entries by lower-case name: part names are case-insensitive in OOXML. */
  entries: Map<string, yauzl.Entry>;
}

/**
 * Opens the ZIP and checks its central directory against the limits, inflating nothing: the
 * number of parts and their unpacked size together. Throws a WorkbookError naming the limit.
 */
export async function openWorkbookArchive(bytes: Buffer, limits: WorkbookLimits): Promise<Archive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true, strictFileNames: false });
  } catch (error) {
    throw workbookInvalid('文件不是完整的 ZIP 压缩包。', `The file is not a complete ZIP archive (${(error as Error).message}).`);
  }
  if (zip.entryCount > limits.maxParts) throw tooManyParts(zip.entryCount, limits.maxParts);
  const entries = new Map<string, yauzl.Entry>();
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      total += entry.uncompressedSize;
      entries.set(entry.fileName.replace(/^\/+/, '').toLowerCase(), entry);
    }
  } catch (error) {
    throw workbookInvalid('压缩包的目录已损坏。', `The archive's directory is damaged (${(error as Error).message}).`);
  }
  if (total > limits.maxUncompressedBytes) throw uncompressedTooLarge(total, limits.maxUncompressedBytes);
  return { zip, entries };
}

/** Inflated bytes handed on at once: large pieces keep zlib's and the parser's per-chunk costs low. */
const INFLATE_CHUNK_BYTES = 256 * 1024;

/**
 * The bytes of a part as stored, inflated here (not by yauzl) in large pieces and counted: more
 * bytes than the directory declares stop the reading at once (a zip bomb that lies about its size),
 * fewer mean a damaged part.
 */
async function* partBytes(archive: Archive, name: string, entry: yauzl.Entry): AsyncGenerator<Buffer> {
  let raw: NodeJS.ReadableStream;
  try {
    raw = await archive.zip.openReadStreamPromise(entry, { decompress: false });
  } catch (error) {
    throw workbookInvalid(`无法解压部件 ${name}。`, `The part ${name} cannot be unpacked (${(error as Error).message}).`);
  }
  const mismatch = (detail: string) =>
    workbookInvalid(`部件 ${name} 已损坏或与目录记载的大小不符。`, `The part ${name} is damaged or does not match the size the directory declares (${detail}).`);
  const source = entry.compressionMethod === 8 ? (raw as Readable).pipe(zlib.createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES })) : raw;
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > entry.uncompressedSize) throw mismatch(`more than ${entry.uncompressedSize} bytes`);
      yield chunk;
    }
  } catch (error) {
    if (isWorkbookError(error)) throw error;
    throw mismatch((error as Error).message);
  } finally {
    (source as Readable).destroy();
    (raw as Readable).destroy();
  }
  if (total !== entry.uncompressedSize) throw mismatch(`${total} bytes instead of ${entry.uncompressedSize}`);
}

/** The text of a part, chunk by chunk (UTF-8, or UTF-16 with its byte-order mark). */
async function* partText(archive: Archive, name: string, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const entry = archive.entries.get(name.toLowerCase());
  if (!entry) throw workbookInvalid(`缺少部件 ${name}。`, `The part ${name} is missing.`);
  if (entry.isEncrypted()) throw workbookInvalid('文件已加密。', 'The file is encrypted.');
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw workbookInvalid(`部件 ${name} 的压缩方式不受支持。`, `The part ${name} uses an unsupported compression method (${entry.compressionMethod}).`);
  }
  let decoder: StringDecoder | null = null;
  for await (const chunk of partBytes(archive, name, entry)) {
    onBytes?.(chunk.length);
    if (!decoder) {
      const utf16 = chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff));
      if (utf16 && chunk[0] === 0xfe) throw workbookInvalid(`部件 ${name} 的编码不受支持。`, `The part ${name} is in UTF-16 big-endian, which is not supported.`);
      decoder = new StringDecoder(utf16 ? 'utf16le' : 'utf8');
      const text = decoder.write(chunk).replace(/^\uFEFF/, '');
      if (text) yield text;
      continue;
    }
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder?.end();
  if (rest) yield rest;
}

/** The element's name without its namespace prefix (`x:row` → `row`). */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** An attribute by local name, whatever its prefix (`r:id`, `ns1:id`). */
function prefixedAttribute(attributes: Record<string, string>, local: string): string | undefined {
  for (const [key, value] of Object.entries(attributes)) if (key === local || key.endsWith(`:${local}`)) return value;
  return undefined;
}

interface SaxHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/** Feeds a part through a strict XML parser; a DOCTYPE (never in OOXML, the door to entity expansion) is refused. */
async function* parsePart(archive: Archive, name: string, handlers: SaxHandlers, onBytes?: (bytes: number) => void): AsyncGenerator<void> {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  let failure: Error | null = null;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('doctype', () => {
    failure ??= new Error('a DOCTYPE declaration');
  });
  if (handlers.open) {
    const open = handlers.open;
    parser.on('opentag', (tag: SaxesTagPlain) => open(localName(tag.name), tag.attributes));
  }
  if (handlers.close) {
    const close = handlers.close;
    parser.on('closetag', (tag: SaxesTagPlain) => close(localName(tag.name)));
  }
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  const malformed = (error: Error) => workbookInvalid(`部件 ${name} 不是有效的 XML。`, `The part ${name} is not well-formed XML (${error.message}).`);
  for await (const text of partText(archive, name, onBytes)) {
    parser.write(text);
    if (failure) throw malformed(failure);
    yield;
  }
  parser.close();
  if (failure) throw malformed(failure);
}

async function parseWhole(archive: Archive, name: string, handlers: SaxHandlers): Promise<void> {
  for await (const _ of parsePart(archive, name, handlers)) void _;
}

/** `xl/worksheets/../sharedStrings.xml` → `xl/sharedStrings.xml`; a leading `/` is from the package root. */
function resolvePartName(base: string, target: string): string {
  const segments = target.startsWith('/') ? [] : base.split('/').slice(0, -1);
  for (const segment of target.replace(/^\/+/, '').split('/')) {
    if (segment === '..') segments.pop();
    else if (segment && segment !== '.') segments.push(segment);
  }
  return segments.join('/');
}

function relationshipsPartOf(partName: string): string {
  const slash = partName.lastIndexOf('/');
  return `${partName.slice(0, slash + 1)}_rels/${partName.slice(slash + 1)}.rels`;
}

interface Relationship {
  type: string;
  target: string;
}

/** The relationships of a part (by id), targets resolved to part names; none when the part has no .rels. */
async function relationships(archive: Archive, partName: string): Promise<Map<string, Relationship>> {
  const relsName = relationshipsPartOf(partName);
  const found = new Map<string, Relationship>();
  if (!archive.entries.has(relsName.toLowerCase())) return found;
  await parseWhole(archive, relsName, {
    open(name, attributes) {
      if (name !== 'Relationship' || attributes.TargetMode === 'External' || !attributes.Id || !attributes.Target) return;
      found.set(attributes.Id, { type: attributes.Type ?? '', target: resolvePartName(partName, attributes.Target) });
    },
  });
  return found;
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, with the East Asian ones 27–36 and 50–58). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format code shows a date or time: y, m, d, h or s outside quoted text, escapes and [brackets] (colours, locales, conditions). */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_.|\*./g, '')
    .replace(/\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, '');
  // The first section decides (positive numbers); "General" and "@" (text) are not dates.
  const first = bare.split(';')[0];
  return /[ymdhs]/i.test(first) && !/^general$/i.test(first.trim());
}

/** Which cell styles (indices of cellXfs) show dates. */
async function dateStyles(archive: Archive, stylesPart: string | undefined): Promise<boolean[]> {
  if (!stylesPart || !archive.entries.has(stylesPart.toLowerCase())) return [];
  const customFormats = new Map<number, string>();
  const styles: boolean[] = [];
  const xfFormats: number[] = [];
  let inCellXfs = false;
  await parseWhole(archive, stylesPart, {
    open(name, attributes) {
      if (name === 'numFmt') customFormats.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfFormats.push(Number(attributes.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  for (const id of xfFormats) {
    const custom = customFormats.get(id);
    styles.push(custom !== undefined ? isDateFormat(custom) : BUILT_IN_DATE_FORMATS.has(id));
  }
  return styles;
}

/** OOXML escapes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x). */
function unescapeOoxml(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_whole, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;
}

interface SharedStrings {
  strings: string[];
  /** Strings longer than a cell may be (by index): their length; the table keeps only their start. */
  overlong: Map<number, number>;
}

/**
 * The shared strings table: each `<si>`'s text, its runs joined, phonetic guides (`<rPh>`) left out.
 * A string longer than `maxChars` is kept cut short with its length noted (a cell that uses it is
 * refused), so that one huge string cannot fill the thread's memory.
 */
async function sharedStrings(archive: Archive, part: string | undefined, maxChars: number): Promise<SharedStrings> {
  const table: SharedStrings = { strings: [], overlong: new Map() };
  if (!part || !archive.entries.has(part.toLowerCase())) return table;
  // Text kept of one string: past this it is surely over the limit (an escape _xHHHH_ is 7 characters for 1).
  const keepChars = maxChars * 7 + 64;
  let current: string | null = null;
  let length = 0;
  let inText = false;
  let phonetic = 0;
  await parseWhole(archive, part, {
    open(name) {
      if (name === 'si') {
        current = '';
        length = 0;
      } else if (name === 'rPh') phonetic += 1;
      else if (name === 't' && current !== null && phonetic === 0) inText = true;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic -= 1;
      else if (name === 'si') {
        const text = unescapeOoxml(current ?? '');
        if (length > keepChars || text.length > maxChars) {
          table.overlong.set(table.strings.length, Math.max(length > keepChars ? length : 0, text.length));
          table.strings.push(text.slice(0, maxChars));
        } else {
          table.strings.push(text);
        }
        current = null;
      }
    },
    text(text) {
      if (!inText || current === null) return;
      length += text.length;
      if (length <= keepChars) current += text;
    },
  });
  return table;
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * An Excel serial date → a Date whose UTC fields are the date and time the cell shows. In the 1900
 * system Excel counts 29 February 1900, which never was: serials before it are one day later.
 */
export function serialToDate(serial: number, date1904: boolean): Date | null {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2_958_465) return null;
  const seconds = Math.round(serial * 86_400);
  if (date1904) return new Date(EPOCH_1904 + seconds * 1000);
  const days = serial < 61 ? 1 : 0;
  return new Date(EPOCH_1900 + days * DAY_MS + seconds * 1000);
}

/** An ISO 8601 date cell (t="d") → a Date whose UTC fields are the date and time as written (any offset is not applied: the cell shows what was written). */
export function isoCellToDate(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?/.exec(text.trim());
  if (match) {
    const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    date.setUTCFullYear(year);
    return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
  }
  const time = /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text.trim());
  if (time) return new Date(EPOCH_1900 + (Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3] ?? 0)) * 1000);
  return null;
}

/** "AB12" → column 28 (1-based); 0 when the reference has no letters. */
function columnOf(reference: string): number {
  let column = 0;
  for (let index = 0; index < reference.length; index += 1) {
    const code = reference.charCodeAt(index);
    if (code >= 65 && code <= 90) column = column * 26 + (code - 64);
    else if (code >= 97 && code <= 122) column = column * 26 + (code - 96);
    else break;
  }
  return column;
}

interface WorkbookInfo {
  date1904: boolean;
  sheets: { name: string; part: string }[];
  sharedStringsPart?: string;
  stylesPart?: string;
}

async function workbookInfo(archive: Archive): Promise<WorkbookInfo> {
  const packageRels = await relationships(archive, '');
  const officeDocument = [...packageRels.values()].find((relationship) => relationship.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  if (!archive.entries.has(officeDocument.toLowerCase())) throw workbookInvalid('文件中没有工作簿（xl/workbook.xml）。', 'The file holds no workbook (xl/workbook.xml).');
  const workbookRels = await relationships(archive, officeDocument);
  let date1904 = false;
  const declared: { name: string; id: string }[] = [];
  await parseWhole(archive, officeDocument, {
    open(name, attributes) {
      if (name === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
      else if (name === 'sheet') declared.push({ name: attributes.name ?? '', id: prefixedAttribute(attributes, 'id') ?? '' });
    },
  });
  const sheets = declared.flatMap((sheet) => {
    const relationship = workbookRels.get(sheet.id);
    return relationship && relationship.type.endsWith('/worksheet') ? [{ name: sheet.name, part: relationship.target }] : [];
  });
  const byType = (suffix: string) => [...workbookRels.values()].find((relationship) => relationship.type.endsWith(suffix))?.target;
  return { date1904, sheets, sharedStringsPart: byType('/sharedStrings'), stylesPart: byType('/styles') };
}

/**
 * The rows of the sheet, in batches (empty rows left out). Throws a WorkbookError when the file is
 * not a workbook or breaks a limit: the unpacked size or the number of parts (before anything is
 * read), the rows of data (more than `maxRows` below the first row) or a cell's length (as read).
 */
export async function* readSheetRows(bytes: Buffer, options: ReadSheetOptions): AsyncGenerator<SheetBatch> {
  const { limits } = options;
  const batchSize = options.batchSize ?? 1000;
  const archive = await openWorkbookArchive(bytes, limits);
  try {
    const info = await workbookInfo(archive);
    const sheet = info.sheets.find((candidate) => options.sheetName && candidate.name === options.sheetName) ?? info.sheets[0];
    if (!sheet) throw workbookInvalid('工作簿中没有工作表。', 'The workbook has no worksheet.');
    if (!archive.entries.has(sheet.part.toLowerCase())) throw workbookInvalid(`缺少工作表“${sheet.name}”的内容。`, `The content of the sheet "${sheet.name}" is missing.`);
    const styles = await dateStyles(archive, info.stylesPart);
    const { strings, overlong } = await sharedStrings(archive, info.sharedStringsPart, limits.maxCellChars);
    const sheetSize = Math.max(1, archive.entries.get(sheet.part.toLowerCase())!.uncompressedSize);

    let batch: SheetRow[] = [];
    let rowsWithValues = 0;
    let rowNumber = 0;
    let cells: CellValue[] = [];
    let rowHasValue = false;
    let column = 0;
    let cellType = 'n';
    let cellStyle = 0;
    let text = '';
    let textLength = 0;
    // Text kept of one value: past this it is surely over the limit (an escape _xHHHH_ is 7 characters for 1).
    const keepChars = limits.maxCellChars * 7 + 64;
    // Where text goes: 0 nowhere, 1 the value (<v>), 2 inline text (<is><t>).
    let capture = 0;
    let inInline = false;
    let phonetic = 0;
    let hasValue = false;
    let read = 0;

    const finishCell = () => {
      if (column > MAX_COLUMNS || !hasValue) return;
      if (textLength > keepChars) throw cellTooLong(rowNumber, column, textLength, limits.maxCellChars);
      let value: CellValue = null;
      switch (cellType) {
        case 's': {
          if (text.trim() === '') break;
          const index = Number(text);
          if (!Number.isInteger(index) || index < 0 || index >= strings.length) {
            throw workbookInvalid(`第 ${rowNumber} 行引用了不存在的共享字符串。`, `Row ${rowNumber} refers to a shared string that does not exist (${text.slice(0, 20)}).`);
          }
          const tooLong = overlong.get(index);
          if (tooLong !== undefined) throw cellTooLong(rowNumber, column, tooLong, limits.maxCellChars);
          value = strings[index];
          break;
        }
        case 'inlineStr':
        case 'str':
          value = unescapeOoxml(text);
          break;
        case 'b':
          value = text.trim() === '1' || text.trim().toLowerCase() === 'true';
          break;
        case 'e':
          value = null;
          break;
        case 'd':
          value = isoCellToDate(text) ?? text.trim();
          break;
        default: {
          const trimmed = text.trim();
          if (trimmed === '') break;
          const number = Number(trimmed);
          if (Number.isNaN(number)) value = trimmed;
          else value = styles[cellStyle] ? (serialToDate(number, info.date1904) ?? number) : number;
        }
      }
      if (typeof value === 'string') {
        if (value.length > limits.maxCellChars) throw cellTooLong(rowNumber, column, value.length, limits.maxCellChars);
        if (value === '') return;
      }
      if (value === null) return;
      while (cells.length < column - 1) cells.push(null);
      cells[column - 1] = value;
      rowHasValue = true;
    };

    const handlers: SaxHandlers = {
      open(name, attributes) {
        switch (name) {
          case 'row': {
            const declared = attributes.r ? Number(attributes.r) : rowNumber + 1;
            rowNumber = Number.isInteger(declared) && declared > 0 ? declared : rowNumber + 1;
            cells = [];
            rowHasValue = false;
            column = 0;
            break;
          }
          case 'c': {
            const reference = attributes.r;
            const declared = reference ? columnOf(reference) : 0;
            column = declared > 0 ? declared : column + 1;
            cellType = attributes.t ?? 'n';
            cellStyle = attributes.s ? Number(attributes.s) : 0;
            text = '';
            textLength = 0;
            hasValue = false;
            capture = 0;
            inInline = false;
            phonetic = 0;
            break;
          }
          case 'v':
            capture = 1;
            hasValue = true;
            break;
          case 'is':
            inInline = true;
            hasValue = true;
            break;
          case 'rPh':
            phonetic += 1;
            break;
          case 't':
            if (inInline && phonetic === 0) capture = 2;
            break;
        }
      },
      close(name) {
        switch (name) {
          case 'v':
          case 't':
            capture = 0;
            break;
          case 'rPh':
            phonetic -= 1;
            break;
          case 'is':
            inInline = false;
            // A cell with <is> is inline text whatever its t says.
            cellType = 'inlineStr';
            break;
          case 'c':
            finishCell();
            break;
          case 'row':
            if (rowHasValue) {
              rowsWithValues += 1;
              // The first row with values is the header; up to maxRows more are data.
              if (rowsWithValues > limits.maxRows + 1) throw tooManyRows(rowNumber, limits.maxRows);
              batch.push({ number: rowNumber, cells });
            }
            cells = [];
            break;
        }
      },
      text(chunk) {
        if (capture === 0) return;
        textLength += chunk.length;
        if (textLength <= keepChars) text += chunk;
      },
    };

    for await (const _ of parsePart(archive, sheet.part, handlers, (bytes) => (read += bytes))) {
      if (batch.length >= batchSize) {
        yield { rows: batch, progress: Math.min(1, read / sheetSize) };
        batch = [];
      }
    }
    yield { rows: batch, progress: 1 };
  } finally {
    archive.zip.close();
  }
}
