// exceljs 4.4's streaming reader decodes each chunk of a sheet's XML on its own
// (lib/utils/parse-sax.js: `bufferToString(chunk)`), so a Chinese character whose three UTF-8 bytes
// fall across two chunks comes out as U+FFFD: in a 100,000-row register, dozens of names and
// "居民身份证" cells are silently corrupted. This wraps the two places where the reader hands a
// zip entry to that parser (worksheets and shared strings) so that it receives text decoded with
// a streaming decoder, which carries an incomplete character over to the next chunk. Applied once,
// for the whole process; harmless for every other use of exceljs.
import { StringDecoder } from 'node:string_decoder';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

async function* decodeUtf8(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): AsyncGenerator<unknown>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  __utf8Safe?: boolean;
}

const prototype = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
if (!prototype.__utf8Safe) {
  const parseWorksheet = prototype._parseWorksheet;
  const parseSharedStrings = prototype._parseSharedStrings;
  prototype._parseWorksheet = function (this: ReaderInternals, iterator, sheetNo) {
    return parseWorksheet.call(this, decodeUtf8(iterator) as unknown as AsyncIterable<Buffer>, sheetNo);
  };
  prototype._parseSharedStrings = function (this: ReaderInternals, entry) {
    return parseSharedStrings.call(this, Readable.from(decodeUtf8(entry as unknown as AsyncIterable<Buffer>), { objectMode: true }));
  };
  prototype.__utf8Safe = true;
}

export const excelUtf8Patched = true;
