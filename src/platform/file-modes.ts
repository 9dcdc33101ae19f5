// The data folder is private to the account the system runs as: folders 0700, files 0600, for what
// the system creates (the process umask, set first thing by `npm start` and `ptech`) and for what an
// older release or another tool left wider (tightened at start and after a restore). PGlite writes
// its files through Node's file system with the process umask, so they follow too.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

export const PRIVATE_UMASK = 0o077;
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

let chmodLimited = false;

/**
 * Everything this process creates from now on is readable by its own account only. PGlite's file
 * system (Emscripten's NODEFS) sets every mode with chmod — 0666 for files, 0777 for folders, 968 of
 * a new database's 1,000 files — and chmod ignores the umask: so chmod is limited by it as well
 * (PGlite looks `fs.chmodSync` / `fs.fchmodSync` up on each call). The child that creates a new
 * PGlite folder does the same (src/db/pglite-init.mjs).
 */
export function restrictUmask(): void {
  process.umask(PRIVATE_UMASK);
  if (chmodLimited) return;
  chmodLimited = true;
  const limit = (mode: fs.Mode): fs.Mode => (typeof mode === 'number' ? mode & ~PRIVATE_UMASK : mode);
  const { chmodSync, fchmodSync } = fs;
  fs.chmodSync = (target, mode) => chmodSync(target, limit(mode));
  fs.fchmodSync = (fd, mode) => fchmodSync(fd, limit(mode));
  // …and for code that imported them by name.
  syncBuiltinESMExports();
}

/** What the system keeps in DATA_DIR: only these are walked (DATA_DIR may be a folder that holds other things too). */
const DATA_ENTRIES = ['pglite', 'files', 'keys', 'audit-checkpoints.jsonl'];

function tighten(target: string, stat: fs.Stats): boolean {
  const wanted = stat.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
  if ((stat.mode & 0o777) === wanted) return false;
  fs.chmodSync(target, wanted);
  return true;
}

function walk(target: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return 0;
  }
  // Symbolic links are left alone (their target may lie outside the data folder).
  if (stat.isSymbolicLink() || !(stat.isDirectory() || stat.isFile())) return 0;
  let changed = tighten(target, stat) ? 1 : 0;
  if (stat.isDirectory()) for (const name of fs.readdirSync(target)) changed += walk(path.join(target, name));
  return changed;
}

/**
 * Sets DATA_DIR to 0700 and everything the system keeps in it (the PGlite folder, the files, the
 * keys, the checkpoint file, a restore's staging) to 0700 / 0600. Returns how many modes changed.
 */
export function secureDataDir(dataDir: string): number {
  if (!fs.existsSync(dataDir)) return 0;
  const stat = fs.statSync(dataDir);
  // A shared folder such as /tmp (sticky bit) given as DATA_DIR is not ours to close; what we keep in it is.
  let changed = stat.mode & 0o1000 ? 0 : tighten(dataDir, stat) ? 1 : 0;
  for (const name of fs.readdirSync(dataDir)) {
    if (DATA_ENTRIES.includes(name) || name.startsWith('.restore-')) changed += walk(path.join(dataDir, name));
  }
  return changed;
}
