// A thread that reads one workbook (read-workbook.ts): it gets the file's bytes and the limits with
// its start, reads the sheet with reader.ts and sends its rows in batches, each only once the
// server has asked for more (so that a fast reader never piles rows up in the server's memory).
// Its heap is capped (`resourceLimits`): a file that needs too much memory stops this thread only.
import { parentPort, workerData } from 'node:worker_threads';
import { isWorkbookError } from './limits.ts';
import { readSheetRows, type ReadSheetOptions } from './reader.ts';

export interface WorkbookWorkerData {
  bytes: Uint8Array;
  options: ReadSheetOptions;
}

/** Server → thread: send this many more batches. */
export interface WorkbookWorkerCredit {
  type: 'more';
  batches: number;
}

export type WorkbookWorkerMessage =
  | { type: 'rows'; batch: import('./reader.ts').SheetBatch }
  | { type: 'done' }
  | { type: 'refused'; error: import('./limits.ts').WorkbookErrorData }
  | { type: 'failed'; message: string; stack?: string };

const port = parentPort!;
let credit = 0;
let wake: (() => void) | null = null;
port.on('message', (message: WorkbookWorkerCredit) => {
  if (message.type !== 'more') return;
  credit += message.batches;
  wake?.();
  wake = null;
});

async function run(): Promise<void> {
  const { bytes, options } = workerData as WorkbookWorkerData;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for await (const batch of readSheetRows(buffer, options)) {
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    credit -= 1;
    port.postMessage({ type: 'rows', batch } satisfies WorkbookWorkerMessage);
  }
  port.postMessage({ type: 'done' } satisfies WorkbookWorkerMessage);
}

run().then(
  () => port.close(),
  (error: unknown) => {
    if (isWorkbookError(error)) port.postMessage({ type: 'refused', error: error.data } satisfies WorkbookWorkerMessage);
    else port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined } satisfies WorkbookWorkerMessage);
    port.close();
  },
);
