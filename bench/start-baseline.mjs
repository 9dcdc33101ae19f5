// The start benchmark's baseline (bench/start.ts): what any server on this stack pays to start,
// measured in the same run — node starting, a new PGlite database created in an empty folder, and
// a bare Fastify server listening and answering /healthz. Run as `node bench/start-baseline.mjs`
// with DATA_DIR and PORT, as `npm start` is run; nothing of the application is loaded.
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import Fastify from 'fastify';

const database = new PGlite(path.join(process.env.DATA_DIR, 'pglite'));
await database.query('select 1');
const app = Fastify();
app.get('/healthz', async () => ({ ok: true }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => void app.close().then(() => database.close()).then(() => process.exit(0)));
