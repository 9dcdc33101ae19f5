// Creates an embedded (PGlite) database in the folder given, then exits. Run as a short-lived child
// process by openDatabase (client.ts): PGlite's first start (initdb) grows its process to ~800 MB
// that it never gives back, while opening an existing folder takes ~280 MB.
import { PGlite } from '@electric-sql/pglite';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: pglite-init.mjs DATA_DIR');
  process.exit(2);
}
const client = await PGlite.create({ dataDir });
await client.query('select 1');
await client.close();
