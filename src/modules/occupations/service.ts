import fs from 'node:fs';
import { and, asc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertPermission } from '../../platform/policy.ts';
import { catalogueTemplate, checkRows, parseCatalogueFile, type CatalogueRow } from './catalogue-file.ts';
import type { OccupationDto, OccupationImportReq, OccupationImportResult, OccupationListQuery } from './schemas.ts';
import { occupationCatalogue } from './tables.ts';

type OccupationRow = typeof occupationCatalogue.$inferSelect;

const STARTER_FILE = new URL('./data/starter-catalogue.json', import.meta.url);
const SEED_LOCK_KEY = 727_210_041;

function toDto(row: OccupationRow): OccupationDto {
  return { code: row.code, name: row.name, category: row.category ?? null, source: row.source, updatedAt: row.updatedAt.toISOString() };
}

/** 职业（工种）目录: search by code or name; everyone signed in may read it (it is the public 大典). */
export async function listOccupations(db: Database, _context: RequestContext, query: OccupationListQuery) {
  const conditions = [];
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
    conditions.push(or(ilike(occupationCatalogue.code, pattern), ilike(occupationCatalogue.name, pattern), ilike(occupationCatalogue.category, pattern)));
  }
  if (query.codes) {
    const codes = query.codes.split(',').map((code) => code.trim()).filter(Boolean);
    conditions.push(inArray(occupationCatalogue.code, codes.length ? codes : ['']));
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(occupationCatalogue).where(where);
  const rows = await db.select().from(occupationCatalogue).where(where).orderBy(asc(occupationCatalogue.code)).limit(query.limit).offset(query.offset);
  return { items: rows.map(toDto), total };
}

/** The names of these codes that the catalogue holds (a code it does not hold is absent). */
export async function occupationNames(db: Database, codes: readonly string[]): Promise<Record<string, string>> {
  const unique = [...new Set(codes)].filter(Boolean);
  if (!unique.length) return {};
  const rows = await db
    .select({ code: occupationCatalogue.code, name: occupationCatalogue.name })
    .from(occupationCatalogue)
    .where(inArray(occupationCatalogue.code, unique));
  return Object.fromEntries(rows.map((row) => [row.code, row.name]));
}

/** Writes the rows, creating new codes and updating changed names; deletes nothing (plans refer to codes). */
async function mergeRows(tx: Database, rows: readonly CatalogueRow[], source: string, now: Date) {
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  const existing = new Map<string, OccupationRow>();
  for (let start = 0; start < rows.length; start += 1000) {
    const codes = rows.slice(start, start + 1000).map((row) => row.code);
    for (const row of await tx.select().from(occupationCatalogue).where(inArray(occupationCatalogue.code, codes))) existing.set(row.code, row);
  }
  for (const row of rows) {
    const before = existing.get(row.code);
    const category = row.category === undefined ? (before?.category ?? null) : row.category;
    if (!before) {
      await tx.insert(occupationCatalogue).values({ code: row.code, name: row.name, category, source, createdAt: now, updatedAt: now });
      created += 1;
    } else if (before.name !== row.name || (before.category ?? null) !== category) {
      await tx
        .update(occupationCatalogue)
        .set({ name: row.name, category, source, updatedAt: now })
        .where(eq(occupationCatalogue.code, row.code));
      updated += 1;
    } else {
      unchanged += 1;
    }
  }
  return { created, updated, unchanged };
}

/**
 * Imports a catalogue file. All or nothing: a file with any bad row stores nothing and is refused
 * with every fault, each naming its row, so the administrator corrects the file and imports again.
 */
export async function importCatalogue(db: Database, context: RequestContext, input: OccupationImportReq): Promise<OccupationImportResult> {
  assertPermission(context.actor, 'catalogue:write');
  const parsed = await parseCatalogueFile(input.fileName, input.bytes);
  if (parsed.errorCount) {
    // The faults of the lowest rows are listed (at most 1,000); `count` counts them all.
    throw new AppError('CATALOGUE_IMPORT_INVALID', { count: parsed.errorCount, errorsNotListed: parsed.errorCount - parsed.errors.length }, { errors: parsed.errors });
  }
  const source = `导入文件 ${input.fileName}`;
  const counts = await db.transaction(async (tx) => {
    const result = await mergeRows(tx, parsed.rows, source, context.clock.now());
    await writeAudit(tx, context, {
      action: 'occupation.catalogue-imported',
      targetType: 'occupation',
      targetId: null,
      organisationId: context.actor.organisationId,
      organisationPath: context.actor.organisationPath,
      after: { fileName: input.fileName, format: parsed.format, rows: parsed.rows.length, ...result },
    });
    return result;
  });
  return { format: parsed.format, total: parsed.rows.length, ...counts };
}

interface StarterCatalogue {
  source: string;
  note: string;
  occupations: { code: string; name: string; category: string | null }[];
}

export function starterCatalogue(): StarterCatalogue {
  return JSON.parse(fs.readFileSync(STARTER_FILE, 'utf8')) as StarterCatalogue;
}

/**
 * At a start on a database whose catalogue is empty, loads the starter catalogue that ships with
 * the system. Safe when several app processes start at once.
 */
export async function seedOccupations(db: Database, clock: Clock): Promise<number> {
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(occupationCatalogue);
  if (count > 0) return 0;
  const starter = starterCatalogue();
  const rows: CatalogueRow[] = starter.occupations.map((entry, index) => ({ row: index + 1, code: entry.code, name: entry.name, category: entry.category ?? null }));
  const faults = checkRows(rows);
  if (faults.length) throw new Error(`the starter occupation catalogue is invalid: ${faults.map((fault) => fault.messages.en).join('; ')}`);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const [{ again }] = await tx.select({ again: sql<number>`count(*)::int` }).from(occupationCatalogue);
    if (again > 0) return 0;
    const result = await mergeRows(tx, rows, starter.source, clock.now());
    await writeAudit(tx, systemContext(clock, 'seed'), {
      action: 'occupation.catalogue-imported',
      targetType: 'occupation',
      after: { fileName: 'starter-catalogue.json', source: starter.source, rows: rows.length, ...result },
    });
    return result.created;
  });
}

/** The Excel template for imports, with two rows of the starter catalogue as examples. */
export function occupationTemplate(): Promise<Buffer> {
  return catalogueTemplate(starterCatalogue().occupations.slice(0, 2));
}
