// Starts a print thread (certificate-print.ts): the thread runs the TypeScript sources through tsx,
// as the server itself does, whatever loader the parent thread was started with.
import { tsImport } from 'tsx/esm/api';

await tsImport('./certificate-pdf-worker.ts', import.meta.url);
