// Reading an uploaded workbook without letting it hurt the server: the ZIP's directory is checked
// here first (the unpacked size and the number of parts, before anything is inflated), then the
// sheet is read on a worker thread (worker.ts) whose heap is capped, its rows coming back in
// batches as the caller asks for them. A file that needs more memory than the cap stops its thread
// with IMPORT_MEMORY_EXCEEDED; the server, its requests and its other jobs go on.
//
//   for await (const batch of readWorkbookRows(bytes, { sheetName: '职工名册' })) {
//     for (const row of batch.rows) … cellText(row.cells[0]) …
//   }
//
// Every .xlsx import reads through here: the register import, the certificate holder list, the
// occupation catalogue.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { AppError } from '../errors.ts';
import { isWorkbookError, memoryExceeded, workbookLimits, type WorkbookErrorData, type WorkbookLimits } from './limits.ts';
import { openWorkbookArchive, type SheetBatch, type SheetRow } from './reader.ts';
import type { WorkbookWorkerCredit, WorkbookWorkerData, WorkbookWorkerMessage } from './worker.ts';

const WORKER_SOURCE = fileURLToPath(new URL('./worker.ts', import.meta.url));

let workerCode: Promise<string> | null = null;

/**
 * The thread's code: worker.ts with reader.ts, limits.ts, yauzl and saxes bundled into one script
 * by esbuild (which tsx, the server's loader, runs on), once per process. A thread that loaded the
 * TypeScript sources through tsx took 0.8–1.7 s to start on this machine; the bundle starts in
 * 0.1–0.2 s, and a holder list or a catalogue is read within a request.
 */
function workbookWorkerCode(): Promise<string> {
  workerCode ??= build({ entryPoints: [WORKER_SOURCE], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' }).then(
    (result) => result.outputFiles[0].text,
    (error: unknown) => {
      workerCode = null;
      throw error;
    },
  );
  return workerCode;
}

/** The reader's refusal as the error the user reads (problem+json, or a job's result). */
export function workbookAppError(data: WorkbookErrorData): AppError {
  return new AppError(data.code, data.params);
}

/**
 * Threads reading workbooks at once in one process; more wait their turn. Each may use its heap
 * cap (IMPORT_WORKER_MEMORY_MB), so this bounds what imports can take together; a thread is
 * mostly idle while the import that asked for it stores rows.
 */
export const MAX_WORKBOOK_THREADS = 4;

let running = 0;
const waiting: (() => void)[] = [];

async function acquireThread(signal?: AbortSignal): Promise<() => void> {
  if (running >= MAX_WORKBOOK_THREADS) {
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = waiting.indexOf(go);
        if (index >= 0) waiting.splice(index, 1);
        reject(signal?.reason as Error);
      };
      const go = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      waiting.push(go);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
  running += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    running -= 1;
    waiting.shift()?.();
  };
}

export interface ReadWorkbookOptions {
  /** Tighter limits for this kind of file (never looser than the configured ones). */
  limits?: Partial<WorkbookLimits>;
  /** Read the sheet of this name when the workbook has one; otherwise the first worksheet. */
  sheetName?: string;
  /** Stops reading (the job lost its lease, the process is stopping). */
  signal?: AbortSignal;
}

/**
 * Checks the workbook's ZIP directory against the limits, inflating nothing (cheap: for a request,
 * before the file is stored). Throws an AppError naming the limit; a file that is not a ZIP at
 * all is IMPORT_WORKBOOK_INVALID.
 */
export async function checkWorkbookArchive(bytes: Uint8Array, limits: Partial<WorkbookLimits> = {}): Promise<void> {
  try {
    const archive = await openWorkbookArchive(asBuffer(bytes), workbookLimits(limits));
    archive.zip.close();
  } catch (error) {
    throw isWorkbookError(error) ? workbookAppError(error.data) : error;
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

type Pending = { kind: 'batch'; batch: SheetBatch } | { kind: 'done' } | { kind: 'error'; error: Error };

/**
 * The rows of the workbook's sheet, in batches (empty rows left out), read on a worker thread.
 * Throws an AppError naming the limit (IMPORT_*) when the file breaks one or is not a workbook.
 */
export async function* readWorkbookRows(bytes: Uint8Array, options: ReadWorkbookOptions = {}): AsyncGenerator<SheetBatch> {
  const limits = workbookLimits(options.limits);
  await checkWorkbookArchive(bytes, limits);
  const release = await acquireThread(options.signal);
  const queue: Pending[] = [];
  let notify: (() => void) | null = null;
  let finished = false;
  const push = (item: Pending) => {
    if (finished) return;
    if (item.kind !== 'batch') finished = true;
    queue.push(item);
    notify?.();
    notify = null;
  };
  let worker: Worker | null = null;
  const onAbort = () => push({ kind: 'error', error: (options.signal?.reason as Error) ?? new Error('reading was stopped') });
  try {
    const code = await workbookWorkerCode();
    options.signal?.throwIfAborted();
    worker = new Worker(code, {
      eval: true,
      workerData: { bytes, options: { limits, sheetName: options.sheetName } } satisfies WorkbookWorkerData,
      resourceLimits: { maxOldGenerationSizeMb: limits.workerMemoryMb },
      stdout: false,
      stderr: false,
    });
    worker.on('message', (message: WorkbookWorkerMessage) => {
      if (message.type === 'rows') push({ kind: 'batch', batch: message.batch });
      else if (message.type === 'done') push({ kind: 'done' });
      else if (message.type === 'refused') push({ kind: 'error', error: workbookAppError(message.error) });
      else push({ kind: 'error', error: Object.assign(new Error(`workbook thread: ${message.message}`), { stack: message.stack }) });
    });
    worker.on('error', (error: Error & { code?: string }) => {
      push({ kind: 'error', error: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? workbookAppError(memoryExceeded(limits.workerMemoryMb).data) : error });
    });
    worker.on('exit', (code) => push({ kind: 'error', error: new Error(`the workbook thread stopped (exit code ${code}) before it had read the sheet`) }));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // Three batches ahead: the thread reads the next while the caller handles this one.
    worker.postMessage({ type: 'more', batches: 3 } satisfies WorkbookWorkerCredit);
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (notify = resolve));
      const item = queue.shift()!;
      if (item.kind === 'done') return;
      if (item.kind === 'error') throw item.error;
      // A batch reaches us inside the port's message callback, which goes on to the next message
      // as long as one is waiting; on PGlite (whose queries resolve without I/O) the caller's work
      // would then run in that one callback until the sheet's end, and no timer nor other request
      // would run meanwhile. Going round the event loop once per batch lets them in.
      await nextTurn();
      worker.postMessage({ type: 'more', batches: 1 } satisfies WorkbookWorkerCredit);
      yield item.batch;
    }
  } finally {
    finished = true;
    options.signal?.removeEventListener('abort', onAbort);
    if (worker) await worker.terminate();
    release();
  }
}

/** Every row of the sheet at once, for small files (a holder list, a catalogue): still read on a worker thread within the limits. */
export async function readWorkbookSheet(bytes: Uint8Array, options: ReadWorkbookOptions = {}): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const batch of readWorkbookRows(bytes, options)) rows.push(...batch.rows);
  return rows;
}
