// Creates an embedded (PGlite) database in the folder given and applies the migrations, then exits.
// Run as a short-lived child process by openDatabase (client.ts): PGlite's first start (initdb)
// grows its process to ~800 MB that it never gives back, and the migrations' DDL another ~40 MB,
// while opening an existing, migrated folder takes ~200 MB. Being another process, it also runs on
// the second core while the server loads its modules (main.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// PGlite's file system sets each file's mode with chmod (0666, folders 0777), which the umask does
// not limit: the umask this process inherited (077 from npm start and ptech) is applied to those
// chmods too, as src/platform/file-modes.ts does in the server. Before PGlite is loaded.
const umask = process.umask();
process.umask(umask);
for (const name of ['chmodSync', 'fchmodSync']) {
  const original = fs[name];
  fs[name] = (target, mode) => original(target, typeof mode === 'number' ? mode & ~umask : mode);
}
const { PGlite } = await import('@electric-sql/pglite');
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
