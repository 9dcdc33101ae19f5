// A thread of the print file's rendering (certificate-print.ts): renders the pages it is sent into
// one PDF with the same code as the server, reports how many pages are done now and then, and sends
// the bytes back. One message, one document; the thread is stopped after it.
import { parentPort } from 'node:worker_threads';
import type { SignaturePlaceholderOptions } from '../signing/pades.ts';
import { renderCertificatesPdf, type CertificatePage } from './certificate-pdf.ts';

export interface PrintPartRequest {
  pages: CertificatePage[];
  title?: string;
  /** The first part only: the issuer's signature placeholder and what the document is. */
  signature?: SignaturePlaceholderOptions | null;
  documentId?: string | null;
}

export type PrintPartMessage = { type: 'progress'; done: number } | { type: 'done'; pdf: Uint8Array } | { type: 'error'; message: string; stack?: string };

const PROGRESS_EVERY_MS = 100;

/** Buffers arrive as plain Uint8Arrays (structured clone); pdfkit wants Buffers for images and fonts. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function renderPart(request: PrintPartRequest): Promise<Uint8Array> {
  const pages = request.pages.map((page) => ({
    ...page,
    view: { ...page.view, photo: page.view.photo ? asBuffer(page.view.photo) : null },
    font: page.font ? { id: page.font.id, bytes: asBuffer(page.font.bytes) } : page.font,
  }));
  let reportedAt = performance.now();
  return renderCertificatesPdf(pages, {
    title: request.title,
    signature: request.signature,
    documentId: request.documentId,
    onPage: async (index) => {
      if (performance.now() - reportedAt >= PROGRESS_EVERY_MS) {
        reportedAt = performance.now();
        parentPort!.postMessage({ type: 'progress', done: index + 1 } satisfies PrintPartMessage);
      }
    },
  });
}

parentPort?.once('message', (request: PrintPartRequest) => {
  renderPart(request).then(
    (pdf) => {
      // Handed over without a copy when the bytes have their memory to themselves (not Buffer's shared pool).
      const own = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength;
      parentPort!.postMessage({ type: 'done', pdf } satisfies PrintPartMessage, own ? [pdf.buffer as ArrayBuffer] : []);
    },
    (error: unknown) => parentPort!.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined } satisfies PrintPartMessage),
  );
});
