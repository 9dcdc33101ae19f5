// 颁证 for the confirmed list: after the public notice is confirmed (公示期满无异议), HR issues
// certificates to the plan's confirmed applications by the same path as any list — the holders are
// taken from the applications, and issuing moves each application to certified.
import { and, eq, like } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { validateIdentity, type Gender } from '../../domain/identity.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import type { HolderInput } from '../../domain/certificate-holder.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertPermission } from '../../platform/policy.ts';
import { applicantIdentitiesForCertificates, listConfirmedApplications, type ApplicationInState } from '../applications/service.ts';
import { occupationNames } from '../occupations/service.ts';
import { getPlan } from '../plans/service.ts';
import { issueBatchDto, startCertificateBatch } from './issue-certificates.ts';
import { certificateIssueBatches } from './tables.ts';

/** The plan (in scope, readable by the actor), or 404. */
async function planInScope(db: Database, context: RequestContext, planId: string) {
  assertPermission(context.actor, 'certificate:issue');
  return getPlan(db, context, planId);
}

/** The confirmed applications of a plan, masked, for the page to show before issuing. */
export async function listConfirmedForCertificates(db: Database, context: RequestContext, planId: string) {
  const plan = await planInScope(db, context, planId);
  const confirmed = (await listConfirmedApplications(db, plan.id)).filter((application) => application.organisationPath.startsWith(context.actor.organisationPath));
  const names = await occupationNames(db, confirmed.flatMap((application) => (application.occupationCode ? [application.occupationCode, application.occupationCode.slice(0, 10)] : [])));
  return {
    planId: plan.id,
    enterpriseId: plan.enterpriseId,
    items: confirmed.map((application) => ({
      applicationId: application.id,
      name: application.name,
      idType: application.idType,
      idNumberMasked: application.idNumberMasked,
      occupationCode: application.occupationCode,
      occupationName: application.occupationCode ? (names[application.occupationCode.slice(0, 10)] ?? names[application.occupationCode] ?? null) : null,
      organisationId: application.organisationId,
    })),
  };
}

/** A confirmed application as a holder: 4-part code's name as the occupation, a 5-part code's name as the 工种. */
async function holdersOf(db: Database, confirmed: readonly ApplicationInState[], applicationIds: string[] | undefined, scopePath: string, today: CalendarDate): Promise<HolderInput[]> {
  const inScope = confirmed.filter((application) => application.organisationPath.startsWith(scopePath));
  const wanted = applicationIds ? new Set(applicationIds) : null;
  const chosen = wanted ? inScope.filter((application) => wanted.has(application.id)) : inScope;
  const codes = chosen.flatMap((application) => (application.occupationCode ? [application.occupationCode, application.occupationCode.slice(0, 10)] : []));
  const [names, identities] = await Promise.all([
    occupationNames(db, codes),
    applicantIdentitiesForCertificates(
      db,
      chosen.map((application) => application.id),
    ),
  ]);
  const holders: HolderInput[] = [];
  for (const application of chosen) {
    const identity = identities.get(application.id);
    if (!identity) continue;
    const fromNumber = validateIdentity(identity.idType, identity.idNumber, { today });
    const code = application.occupationCode ?? '';
    const fourPart = code.slice(0, 10);
    holders.push({
      name: identity.name,
      idType: identity.idType,
      idNumber: identity.idNumber,
      gender: (application.content.identity.gender ?? (fromNumber.valid ? fromNumber.gender : undefined) ?? '') as Gender,
      birthDate: application.content.identity.birthDate ?? (fromNumber.valid ? fromNumber.birthDate : undefined) ?? '',
      occupationCode: code,
      occupationName: names[fourPart] ?? names[code] ?? '',
      trade: code.length > 10 ? (names[code] ?? null) : null,
      photoFileId: null,
      applicationId: application.id,
    });
  }
  return holders;
}

/**
 * Issues certificates to the confirmed applications of a plan (all of them, or those named): the
 * same batch, job and checks as any list, and each application moves to certified with its certificate.
 */
export async function startBatchForConfirmedApplications(
  db: Database,
  context: RequestContext,
  input: { planId: string; issuedOn: string; applicationIds?: string[]; printSerialPrefix?: string | null; idempotencyKey?: string; verifyBaseUrl?: string },
) {
  const plan = await planInScope(db, context, input.planId);
  if (input.idempotencyKey) {
    // A retry after the first request's batch was issued: its applications are certified now, so the
    // list would be empty; the key finds the first batch (same plan and issue date) instead.
    const [first] = await db
      .select()
      .from(certificateIssueBatches)
      .where(and(eq(certificateIssueBatches.idempotencyKey, input.idempotencyKey), eq(certificateIssueBatches.planId, plan.id), like(certificateIssueBatches.enterprisePath, `${context.actor.organisationPath}%`)));
    if (first) {
      if (first.issuedOn !== input.issuedOn) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      return { batch: await issueBatchDto(db, context, first), created: false };
    }
  }
  const confirmed = await listConfirmedApplications(db, plan.id);
  const holders = await holdersOf(db, confirmed, input.applicationIds, context.actor.organisationPath, context.clock.today());
  if (holders.length === 0) throw new AppError('CERTIFICATE_NOTHING_CONFIRMED');
  const holding = new Set(holders.map((holder) => holder.applicationId));
  const enterpriseId = [...new Set(confirmed.filter((application) => holding.has(application.id)).map((application) => application.organisationId))];
  // A group plan's confirmed list may span subsidiaries: each enterprise issues its own (its own code site).
  const issuer = enterpriseId.length === 1 ? enterpriseId[0] : plan.enterpriseId;
  return startCertificateBatch(db, context, {
    enterpriseId: issuer,
    planId: plan.id,
    issuedOn: input.issuedOn,
    holders,
    printSerialPrefix: input.printSerialPrefix,
    idempotencyKey: input.idempotencyKey,
    verifyBaseUrl: input.verifyBaseUrl,
  });
}
