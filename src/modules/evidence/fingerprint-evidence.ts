// 证明材料指纹 (六(四)): each submitted version of an application is fingerprinted inside the
// submission's transaction — the SHA-256 of every evidence file's bytes and the certificate and
// award numbers it states (src/domain/evidence-claims.ts) — and compared with every other
// applicant's, in any enterprise. A match is flagged on both sides, once per pair and claim, for
// both enterprises' HR and the departments above them: a suspicion for people to decide (clear it,
// or find fraud through the fraud module), never a finding. Notifications carry no names: each
// reader sees the other organisation's applicant masked (evidence-flags.ts).
//
// Called by the applications module; it imports nothing of it (no cycle): the caller passes the
// application as it stands.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { ApplicationContent } from '../../domain/application-rules.ts';
import { evidenceClaims, maskClaimedNumber } from '../../domain/evidence-claims.ts';
import { writeAuditEntries, type AuditInput } from '../../platform/audit.ts';
import type { AuditContext } from '../../platform/context.ts';
import { fileDigests } from '../../platform/files.ts';
import { lookupHash } from '../../platform/personal-data.ts';
import { notifyRoleAt } from '../notifications/recipients.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import { evidenceFingerprints, evidenceFlags, evidenceFlagSides } from './tables.ts';

/** What fingerprinting needs of an application: who applies (their ID look-up hash) and where. */
export interface FingerprintedApplication {
  id: string;
  version: number;
  /** The application's `idLookupHash`: the same person is never compared with themselves. */
  applicantKey: string;
  organisationId: string;
  organisationPath: string;
  planEnterpriseId: string;
  planEnterprisePath: string;
}

/** The keyed hash a claimed number is compared by: the number itself is kept only in the application. */
export function claimedNumberKey(number: string): string {
  return lookupHash('evidence-number', number);
}

type FingerprintRow = typeof evidenceFingerprints.$inferInsert;

/** The application's claims as fingerprint rows: one per distinct file content and number (the first place each is claimed). */
async function fingerprintRows(db: Database, application: FingerprintedApplication, content: ApplicationContent, at: Date): Promise<FingerprintRow[]> {
  const claims = evidenceClaims(content);
  const digests = await fileDigests(
    db,
    claims.flatMap((claim) => (claim.kind === 'file' ? [claim.fileId] : [])),
  );
  const rows = new Map<string, FingerprintRow>();
  const base = {
    applicationId: application.id,
    version: application.version,
    applicantKey: application.applicantKey,
    organisationId: application.organisationId,
    organisationPath: application.organisationPath,
    planEnterpriseId: application.planEnterpriseId,
    planEnterprisePath: application.planEnterprisePath,
    createdAt: at,
  };
  for (const claim of claims) {
    if (claim.kind === 'file') {
      const digest = digests.get(claim.fileId);
      if (!digest) continue;
      const key = `file:${digest.sha256}`;
      if (!rows.has(key)) rows.set(key, { ...base, kind: 'file', value: digest.sha256, field: claim.field, fileId: claim.fileId, display: claim.name || digest.name });
    } else {
      const value = claimedNumberKey(claim.number);
      const key = `number:${value}`;
      if (!rows.has(key)) rows.set(key, { ...base, kind: 'number', value, field: claim.field, fileId: null, display: maskClaimedNumber(claim.number) });
    }
  }
  return [...rows.values()];
}

/**
 * Fingerprints the submitted version of an application and flags every other applicant's
 * application that claims the same file or number. Inside the submission's transaction: the
 * fingerprints replace the application's earlier ones; each claim is locked first (a transaction
 * advisory lock on its value), so that two applications submitted at the same moment with the same
 * file still see each other. Returns the flags raised now.
 */
export async function fingerprintApplication(tx: Database, context: AuditContext, application: FingerprintedApplication, content: ApplicationContent): Promise<string[]> {
  const now = context.clock.now();
  const rows = await fingerprintRows(tx, application, content, now);
  await tx.delete(evidenceFingerprints).where(eq(evidenceFingerprints.applicationId, application.id));
  if (!rows.length) return [];
  const keys = [...new Set(rows.map((row) => `${row.kind}:${row.value}`))].sort();
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(k, 2021)) from unnest(array[${sql.join(keys.map((key) => sql`${key}::text`), sql`, `)}]) as t(k) order by k`);
  await tx.insert(evidenceFingerprints).values(rows);

  const matches = await tx
    .select()
    .from(evidenceFingerprints)
    .where(
      and(
        sql`(${evidenceFingerprints.kind}, ${evidenceFingerprints.value}) in (${sql.join(
          rows.map((row) => sql`(${row.kind}, ${row.value})`),
          sql`, `,
        )})`,
        ne(evidenceFingerprints.applicationId, application.id),
        ne(evidenceFingerprints.applicantKey, application.applicantKey),
      ),
    );
  if (!matches.length) return [];
  const own = new Map(rows.map((row) => [`${row.kind}:${row.value}`, row]));

  const raised: { flagId: string; mine: FingerprintRow; theirs: typeof evidenceFingerprints.$inferSelect }[] = [];
  for (const theirs of matches) {
    const mine = own.get(`${theirs.kind}:${theirs.value}`)!;
    const [first, second] = [application.id, theirs.applicationId].sort();
    const [flag] = await tx
      .insert(evidenceFlags)
      .values({
        kind: theirs.kind,
        value: theirs.value,
        display: theirs.kind === 'file' ? theirs.value.slice(0, 12) : mine.display,
        firstApplicationId: first,
        secondApplicationId: second,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: evidenceFlags.id });
    if (!flag) continue;
    const side = (row: FingerprintRow) => ({
      flagId: flag.id,
      applicationId: row.applicationId,
      organisationId: row.organisationId,
      organisationPath: row.organisationPath,
      planEnterpriseId: row.planEnterpriseId,
      planEnterprisePath: row.planEnterprisePath,
      field: row.field,
      fileId: row.kind === 'file' ? (row.fileId ?? null) : null,
      fileName: row.kind === 'file' ? row.display : null,
      status: 'open' as const,
    });
    await tx.insert(evidenceFlagSides).values([side(mine), side(theirs)]);
    raised.push({ flagId: flag.id, mine, theirs });
  }
  if (!raised.length) return [];

  await writeAuditEntries(
    tx,
    context,
    raised.map(
      ({ flagId, mine, theirs }): AuditInput => ({
        action: 'evidence.flagged',
        targetType: 'evidence-flag',
        targetId: flagId,
        organisationId: application.organisationId,
        organisationPath: application.organisationPath,
        after: {
          kind: mine.kind,
          display: mine.kind === 'file' ? mine.value.slice(0, 12) : mine.display,
          applicationId: application.id,
          field: mine.field,
          otherApplicationId: theirs.applicationId,
          otherField: theirs.field,
          otherEnterpriseId: theirs.planEnterpriseId,
        },
      }),
    ),
  );

  const enterprises = new Map(
    (await findOrganisationsByIds(tx, [...new Set(raised.flatMap(({ mine, theirs }) => [mine.organisationId, theirs.organisationId]))])).map((row) => [row.id, row.name]),
  );
  for (const { flagId, mine, theirs } of raised) {
    const ours = enterprises.get(mine.organisationId) ?? '';
    const other = enterprises.get(theirs.organisationId) ?? '';
    const what =
      mine.kind === 'file'
        ? { 'zh-CN': '同一份证明材料文件', en: 'the same evidence file' }
        : { 'zh-CN': `同一证书编号（${mine.display}）`, en: `the same certificate number (${mine.display})` };
    const message = {
      kind: 'evidence.flagged',
      title: { 'zh-CN': '发现疑似重复使用的证明材料', en: 'Evidence used by another applicant' },
      body: {
        'zh-CN': `${ours}和${other}各有一名申报人在申报中使用了${what['zh-CN']}，可能存在弄虚作假，请核查。此为系统提示，不是认定。`,
        en: `An applicant of ${ours} and an applicant of ${other} both used ${what.en} in their applications: possible fraud, to be checked. This is the system's notice, not a finding.`,
      },
      link: `/evidence-flags?flag=${flagId}`,
    };
    const scopes = [...new Set([mine.planEnterprisePath, mine.organisationPath, theirs.planEnterprisePath, theirs.organisationPath])];
    await notifyRoleAt(tx, context.clock, { role: 'enterprise-admin', match: 'at', organisationPaths: scopes, ...message });
    await notifyRoleAt(tx, context.clock, { role: 'department-admin', match: 'above', organisationPaths: scopes, ...message });
  }
  return raised.map((entry) => entry.flagId);
}
