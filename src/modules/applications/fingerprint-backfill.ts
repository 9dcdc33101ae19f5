// 证明材料指纹 for applications submitted before fingerprints existed (migration 0017). Migration 0019
// queues this job once on a database that holds such applications; the server's job runner runs it.
// Each application is fingerprinted as it stands, in its own transaction, exactly as a submission
// would (src/modules/evidence/fingerprint-evidence.ts): the same file or number under another
// applicant is flagged on both sides, with the same notifications and audit entries, the actor being
// the system (`job:evidence.fingerprint-backfill`).
//
// The content compared is the submitted one: the current version's, or, once the application is no
// longer editable, the application's own content, which carries HR's fact corrections (the corrected
// certificate number is the one compared from then on, as at the correction). Idempotent: an
// application that has fingerprints is skipped, and a flag is raised once per pair and claim.
import { and, asc, eq, gt, notExists, sql } from 'drizzle-orm';
import { normaliseApplicationContent } from '../../domain/application-rules.ts';
import { nextState } from '../../domain/transitions.ts';
import { registerJobHandler, type RunningJob } from '../../platform/jobs.ts';
import { fingerprintApplication } from '../evidence/fingerprint-evidence.ts';
import { evidenceFingerprints } from '../evidence/tables.ts';
import { fingerprintedOf } from './service.ts';
import { applications, applicationVersions } from './tables.ts';

export const FINGERPRINT_BACKFILL_JOB = 'evidence.fingerprint-backfill';

export interface FingerprintBackfillResult {
  /** Applications fingerprinted by this run. */
  applications: number;
  /** Flags raised by this run (pairs of applications sharing a file or a number). */
  flags: number;
}

/** Fingerprints every submitted application that has none. */
export async function runFingerprintBackfill(job: RunningJob<null>): Promise<FingerprintBackfillResult> {
  const pending = await job.db
    .select({ id: applications.id })
    .from(applications)
    .where(
      and(
        gt(applications.currentVersion, 0),
        notExists(job.db.select({ one: sql`1` }).from(evidenceFingerprints).where(eq(evidenceFingerprints.applicationId, applications.id))),
      ),
    )
    .orderBy(asc(applications.submittedAt), asc(applications.id));
  await job.progress(0, pending.length);
  let flags = 0;
  for (const [index, { id }] of pending.entries()) {
    if (job.signal.aborted) throw new Error('fingerprint backfill stopped');
    flags += await job.db.transaction(async (tx) => {
      const [row] = await tx.select().from(applications).where(eq(applications.id, id)).for('update');
      if (!row) return 0;
      const editable = nextState('application', row.status, 'submit') !== null;
      let content = row.content;
      if (editable) {
        const [version] = await tx
          .select({ content: applicationVersions.content })
          .from(applicationVersions)
          .where(and(eq(applicationVersions.applicationId, id), eq(applicationVersions.version, row.currentVersion)));
        if (!version) return 0;
        content = version.content;
      }
      return (await fingerprintApplication(tx, job.context, fingerprintedOf(row), normaliseApplicationContent(content))).length;
    });
    await job.progress(index + 1, pending.length);
  }
  return { applications: pending.length, flags };
}

export function registerFingerprintBackfillJob(): void {
  registerJobHandler(FINGERPRINT_BACKFILL_JOB, runFingerprintBackfill, { parsePayload: () => null });
}
