// Creates an embedded (PGlite) database in the folder given and applies the migrations, then exits.
// Run as a short-lived child process by openDatabase (client.ts): PGlite's first start (initdb)
// grows its process to ~800 MB that it never gives back, and the migrations' DDL another ~40 MB,
// while opening an existing, migrated folder takes ~200 MB. Being another process, it also runs on
// the second core while the server loads its modules (main.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

const [dataDir, ...flags] = process.argv.slice(2);
if (!dataDir || flags.some((flag) => flag !== '--no-migrate')) {
  console.error('usage: pglite-init.mjs DATA_DIR [--no-migrate]');
  process.exit(2);
}
const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const client = await PGlite.create({ dataDir });
if (!flags.includes('--no-migrate')) await migrate(drizzle(client), { migrationsFolder });
await client.close();
