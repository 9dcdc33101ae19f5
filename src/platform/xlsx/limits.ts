// What an uploaded workbook may cost to read, and the errors that name each limit. The limits come
// from the configuration (IMPORT_* in src/platform/config.ts) through `configureWorkbookImports`,
// called once by buildApp; the worker thread that reads a workbook gets them with its data.
//
// This file and reader.ts import nothing else of the project: they are what the reading thread
// runs (bundled by read-workbook.ts), so they stay small and free of the server's modules.

export interface WorkbookLimits {
  /** The parts of the workbook together, unpacked (the ZIP's central directory says it before anything is inflated). */
  maxUncompressedBytes: number;
  /** Parts (files) in the ZIP; a workbook has a dozen, a few hundred with many sheets and pictures. */
  maxParts: number;
  /** Rows of data below the header row (empty rows are not counted). */
  maxRows: number;
  /** Characters in one cell. */
  maxCellChars: number;
  /** The heap of the thread that reads the workbook (MB); past it the thread is stopped, not the server. */
  workerMemoryMb: number;
}

export const DEFAULT_WORKBOOK_LIMITS: WorkbookLimits = {
  // A 100,000-row register written by exceljs unpacks to 57 MB, one written by Excel or SheetJS with
  // shared strings to less: 256 MiB leaves room for 200,000 rows and a few pictures.
  maxUncompressedBytes: 256 * 1024 * 1024,
  maxParts: 1000,
  maxRows: 200_000,
  maxCellChars: 1000,
  workerMemoryMb: 256,
};

/**
 * The row errors an import lists (the lowest rows'); the rest are counted. A file of 200,000 bad
 * rows has millions of faults: collecting every one took the server's heap.
 */
export const MAX_REPORTED_ROW_ERRORS = 1000;

let configured: WorkbookLimits = { ...DEFAULT_WORKBOOK_LIMITS };

/** The configuration's IMPORT_* values (see src/platform/config.ts; the type is spelled out so that the reading thread's bundle stays free of the server's modules). */
export interface WorkbookImportSettings {
  importMaxUncompressedBytes: number;
  importMaxParts: number;
  importMaxRows: number;
  importMaxCellChars: number;
  importWorkerMemoryMb: number;
}

/** Sets the process's limits from the configuration (buildApp, and the demo, call it). */
export function configureWorkbookImports(settings: WorkbookImportSettings): void {
  configured = {
    maxUncompressedBytes: settings.importMaxUncompressedBytes,
    maxParts: settings.importMaxParts,
    maxRows: settings.importMaxRows,
    maxCellChars: settings.importMaxCellChars,
    workerMemoryMb: settings.importWorkerMemoryMb,
  };
}

/** The limits in force, optionally tightened for one kind of file (e.g. 2,000 holders a file). */
export function workbookLimits(overrides: Partial<WorkbookLimits> = {}): WorkbookLimits {
  const limits = { ...configured };
  for (const [key, value] of Object.entries(overrides) as [keyof WorkbookLimits, number | undefined][]) {
    if (value !== undefined) limits[key] = Math.min(limits[key], value);
  }
  return limits;
}

/** 1536 → "1.5 KiB", in the units the README's table uses. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number(value.toFixed(value < 10 ? 1 : 0))} ${units[unit]}`;
}

/** Column number (1-based) → its letters: 1 → A, 28 → AB. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** An error the reader raises, as it crosses from the worker thread: the catalogue code and its params. */
export interface WorkbookErrorData {
  code: WorkbookErrorCode;
  params: Record<string, string | number>;
}

export type WorkbookErrorCode =
  | 'IMPORT_UNCOMPRESSED_TOO_LARGE'
  | 'IMPORT_TOO_MANY_PARTS'
  | 'IMPORT_TOO_MANY_ROWS'
  | 'IMPORT_CELL_TOO_LONG'
  | 'IMPORT_WORKBOOK_INVALID'
  | 'IMPORT_MEMORY_EXCEEDED';

/**
 * A refusal of the reader: the catalogue code naming the limit (or IMPORT_WORKBOOK_INVALID) and its
 * params; read-workbook.ts turns it into the AppError the user reads.
 */
export class WorkbookError extends Error {
  readonly data: WorkbookErrorData;
  constructor(data: WorkbookErrorData) {
    super(`${data.code} ${JSON.stringify(data.params)}`);
    this.data = data;
  }
}

export function isWorkbookError(error: unknown): error is WorkbookError {
  return error instanceof WorkbookError;
}

export function uncompressedTooLarge(size: number, limit: number): WorkbookError {
  return new WorkbookError({ code: 'IMPORT_UNCOMPRESSED_TOO_LARGE', params: { size: formatSize(size), limit: formatSize(limit) } });
}

export function tooManyParts(count: number, limit: number): WorkbookError {
  return new WorkbookError({ code: 'IMPORT_TOO_MANY_PARTS', params: { count, limit } });
}

export function tooManyRows(row: number, limit: number): WorkbookError {
  return new WorkbookError({ code: 'IMPORT_TOO_MANY_ROWS', params: { row, limit } });
}

export function cellTooLong(row: number, column: number, length: number, limit: number): WorkbookError {
  return new WorkbookError({ code: 'IMPORT_CELL_TOO_LONG', params: { row, column: columnLetters(column), length, limit } });
}

/** The file is not a workbook the reader can read: why, in both languages. */
export function workbookInvalid(zh: string, en: string): WorkbookError {
  return new WorkbookError({ code: 'IMPORT_WORKBOOK_INVALID', params: { reasonZh: zh, reasonEn: en } });
}

export function memoryExceeded(limitMb: number): WorkbookError {
  return new WorkbookError({ code: 'IMPORT_MEMORY_EXCEEDED', params: { limit: `${limitMb} MB` } });
}
