// A batch's print file on several threads. pdfkit writes a document on one thread, and a batch of
// 2,000 certificates is seconds of it; so a large print file is rendered in parts, a run of pages
// each, on worker threads (certificate-pdf-worker.ts), and the parts are joined into one PDF with
// the pages in order (pdf-join.ts). The threads are started ahead (`startCertificatePrint` when the
// batch job begins): they load while the job checks the list and writes the certificates, and the
// job hands them the pages as soon as the certificate codes are drawn, so that the rendering runs
// beside the issuing transaction instead of after it. A small print file is rendered on the calling
// thread (after the transaction), as before: starting threads costs more than it saves.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SignaturePlaceholderOptions } from '../signing/pades.ts';
import { renderCertificatesPdf, type CertificatePage } from './certificate-pdf.ts';
import type { PrintPartMessage, PrintPartRequest } from './certificate-pdf-worker.ts';
import { joinPdfkitDocuments } from './pdf-join.ts';

/** From how many pages a print file is rendered on threads, and on how many (see configureCertificatePrint). */
let threadedFromPages = 200;
let fixedThreads: number | null = null;
/** At most this many threads for one print file (the job runner may run two jobs at once). */
const MAX_PRINT_THREADS = 2;

/** A thread's entry: loads certificate-pdf-worker.ts through tsx. */
const WORKER_ENTRY = new URL('./certificate-pdf-worker.mjs', import.meta.url);

export interface RenderPrintOptions {
  title?: string;
  /** The issuer's signature placeholder: written into the first part (whose catalogue the joined file keeps); the caller signs the result. */
  signature?: SignaturePlaceholderOptions | null;
  documentId?: string | null;
  /** Pages done so far (all parts together); called now and then, never awaited. */
  onProgress?: (done: number) => void;
  /** Stops the rendering (the job lost its lease, or the process is stopping). */
  signal?: AbortSignal;
}

export interface CertificatePrint {
  /** How many threads render (1: the calling thread). */
  readonly threads: number;
  /** The pages in one PDF, in order. Call once. */
  render(pages: readonly CertificatePage[], options?: RenderPrintOptions): Promise<Buffer>;
  /** Stops the threads (after the rendering, or when it is not wanted after all). */
  close(): Promise<void>;
}

/**
 * How many threads a print file of `pages` pages is worth: one per core, at most two. Also on a
 * machine that other work keeps busy: two threads get the print file a larger share of the cores
 * than one, which outweighs their start-up (pdfkit loads in each, ~0.3 s of CPU); measured with a
 * load average of 3–3.7 on two cores, 2,000 certificates took 1.15–1.18 × pdfkit's time on two
 * threads and 1.43–1.52 × on the job's own thread.
 */
export function printThreadsFor(pages: number): number {
  if (pages < threadedFromPages) return 1;
  return fixedThreads ?? Math.min(MAX_PRINT_THREADS, os.availableParallelism());
}

/**
 * From how many pages print files render on threads (200), and on how many (`threads`; null: one
 * per core). Tests use it to cover the threaded path with a small batch on any machine.
 */
export function configureCertificatePrint(options: { threadedFromPages: number; threads?: number | null }): void {
  threadedFromPages = options.threadedFromPages;
  fixedThreads = options.threads ?? null;
}

function renderHere(pages: readonly CertificatePage[], options: RenderPrintOptions): Promise<Buffer> {
  return renderCertificatesPdf(pages, {
    title: options.title,
    signature: options.signature,
    documentId: options.documentId,
    onPage: async (index) => {
      options.signal?.throwIfAborted();
      options.onProgress?.(index + 1);
      // The event loop gets its turn between pages.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  });
}

/** One part's rendering on its thread. */
function renderPart(worker: Worker, request: PrintPartRequest, onProgress: (done: number) => void): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    worker.on('message', (message: PrintPartMessage) => {
      if (message.type === 'progress') onProgress(message.done);
      else if (message.type === 'done') resolve(message.pdf);
      else reject(Object.assign(new Error(`print thread: ${message.message}`), { stack: message.stack }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`print thread stopped (exit code ${code}) before its part was done`)));
    worker.postMessage(request);
  });
}

/**
 * Gets ready to render a print file of `pageCount` pages: on threads, started now, when it is
 * large enough (and the machine has more than one core); on the calling thread otherwise.
 */
export function startCertificatePrint(pageCount: number, threads = printThreadsFor(pageCount)): CertificatePrint {
  const workers = threads > 1 ? Array.from({ length: threads }, () => new Worker(WORKER_ENTRY)) : [];
  // A thread that fails to load reports it when its part is rendered; until then nobody listens.
  for (const worker of workers) worker.on('error', () => undefined);
  let used = false;
  return {
    threads: Math.max(1, workers.length),
    async render(pages, options = {}) {
      if (used) throw new Error('a CertificatePrint renders once');
      used = true;
      if (pages.length === 0) throw new Error('renderCertificatesPdf: no certificate to render');
      if (workers.length === 0) return renderHere(pages, options);
      options.signal?.throwIfAborted();
      const onAbort = () => void Promise.all(workers.map((worker) => worker.terminate()));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        // Runs of pages, in order; the first part carries the document's title, date and identifier.
        const size = Math.ceil(pages.length / workers.length);
        const parts = workers.map((_, index) => pages.slice(index * size, (index + 1) * size)).filter((part) => part.length > 0);
        const done = parts.map(() => 0);
        const pdfs = await Promise.all(
          parts.map((part, index) =>
            renderPart(workers[index], { pages: part, title: options.title, ...(index === 0 ? { signature: options.signature, documentId: options.documentId } : {}) }, (count) => {
              done[index] = count;
              options.onProgress?.(done.reduce((sum, value) => sum + value, 0));
            }),
          ),
        );
        options.signal?.throwIfAborted();
        return joinPdfkitDocuments(pdfs);
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
      }
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
