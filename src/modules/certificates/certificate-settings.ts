// An enterprise's certificate settings: the layout (sections overriding the reference style), its
// own licensed font, and a preview with sample data.
import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { makeCertificateCode } from '../../domain/certificate-code.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError } from '../../platform/errors.ts';
import { assertPermission } from '../../platform/policy.ts';
import { enterpriseFor, fontBytes, newVerifyToken, verifyBaseUrl, verifyUrlOf } from './certificate-records.ts';
import { fallbackFontPaths } from './print-fonts.ts';
import { inspectFont, renderCertificatesPdf } from './certificate-pdf.ts';
import { PRINCIPAL_TECHNICIAN_LEVEL } from './issue-certificates.ts';
import type { CertificateSettingsUpdateReq } from './schemas.ts';
import { certificateFonts, certificateSerials, certificateSettings } from './tables.ts';
import { effectiveTemplate, type CertificateTemplateOverride } from './template.ts';

/** Largest font accepted (a full CJK font is 10–25 MB). */
export const MAX_FONT_BYTES = 40 * 1024 * 1024;

async function settingsRow(db: Database, enterpriseId: string) {
  const [row] = await db.select().from(certificateSettings).where(eq(certificateSettings.enterpriseId, enterpriseId));
  return row;
}

async function fontMeta(db: Database, id: string | null | undefined) {
  if (!id) return null;
  const [font] = await db
    .select({ id: certificateFonts.id, name: certificateFonts.name, size: certificateFonts.size, createdAt: certificateFonts.createdAt })
    .from(certificateFonts)
    .where(eq(certificateFonts.id, id));
  return font ? { ...font, createdAt: font.createdAt.toISOString() } : null;
}

/** The code the next certificate issued this year would get (nothing is drawn), or null without settings. */
async function nextCode(db: Database, institution: { category: string; institutionCode: string; provinceCode: string; siteCode: string } | null, today: CalendarDate) {
  if (!institution) return null;
  const year = Number(today.slice(0, 4));
  const [counter] = await db
    .select({ last: certificateSerials.lastSerial })
    .from(certificateSerials)
    .where(
      and(
        eq(certificateSerials.category, institution.category),
        eq(certificateSerials.institutionCode, institution.institutionCode),
        eq(certificateSerials.provinceCode, institution.provinceCode),
        eq(certificateSerials.siteCode, institution.siteCode),
        eq(certificateSerials.year, year),
        eq(certificateSerials.level, PRINCIPAL_TECHNICIAN_LEVEL),
      ),
    );
  const code = makeCertificateCode({ ...institution, year, level: PRINCIPAL_TECHNICIAN_LEVEL, serial: (counter?.last ?? 0) + 1 });
  return code.valid ? code.code : null;
}

export async function getCertificateSettings(db: Database, context: RequestContext, enterpriseId: string | undefined) {
  assertPermission(context.actor, 'certificate:issue');
  const enterprise = await enterpriseFor(db, context, enterpriseId);
  const row = await settingsRow(db, enterprise.id);
  return {
    enterpriseId: enterprise.id,
    enterpriseName: enterprise.name,
    institution: enterprise.institution ?? null,
    nextCode: await nextCode(db, enterprise.institution ?? null, context.clock.today()),
    template: effectiveTemplate(row?.template),
    overrides: row?.template ?? {},
    font: await fontMeta(db, row?.fontId),
  };
}

/** Sets the layout overrides (null: the reference style) and whether the uploaded font is used. Applies to certificates issued from now on. */
export async function updateCertificateSettings(db: Database, context: RequestContext, input: CertificateSettingsUpdateReq) {
  assertPermission(context.actor, 'certificate:issue');
  const enterprise = await enterpriseFor(db, context, input.enterpriseId);
  const current = await settingsRow(db, enterprise.id);
  const overrides: CertificateTemplateOverride | null = input.overrides && Object.keys(input.overrides).length ? input.overrides : null;
  try {
    effectiveTemplate(overrides);
  } catch {
    throw validationError([fieldError('overrides', 'TEMPLATE_INVALID', '版式设置不完整或取值超出范围', 'The layout is incomplete or out of range')]);
  }
  let fontId = current?.fontId ?? null;
  if (input.useUploadedFont === false) fontId = null;
  if (input.useUploadedFont === true) {
    const [latest] = await db.select({ id: certificateFonts.id }).from(certificateFonts).where(eq(certificateFonts.enterpriseId, enterprise.id)).orderBy(desc(certificateFonts.createdAt)).limit(1);
    if (!latest) throw validationError([fieldError('useUploadedFont', 'FONT_MISSING', '尚未上传字体', 'No font has been uploaded')]);
    fontId = latest.id;
  }
  await db.transaction(async (tx) => {
    await tx
      .insert(certificateSettings)
      .values({ enterpriseId: enterprise.id, enterprisePath: enterprise.path, template: overrides, fontId, updatedBy: context.actor.userId })
      .onConflictDoUpdate({ target: certificateSettings.enterpriseId, set: { template: overrides, fontId, updatedBy: context.actor.userId, updatedAt: context.clock.now() } });
    await writeAudit(tx, context, {
      action: 'certificate.settings-updated',
      targetType: 'certificate-settings',
      targetId: enterprise.id,
      organisationId: enterprise.id,
      organisationPath: enterprise.path,
      before: { overrides: current?.template ?? null, fontId: current?.fontId ?? null },
      after: { overrides, fontId },
    });
  });
  return getCertificateSettings(db, context, enterprise.id);
}

/** Stores a licensed TTF/OTF font for the enterprise and uses it for certificates issued from now on. */
export async function uploadCertificateFont(db: Database, context: RequestContext, input: { enterpriseId?: string; name: string; bytes: Buffer }) {
  assertPermission(context.actor, 'certificate:issue');
  const enterprise = await enterpriseFor(db, context, input.enterpriseId);
  if (input.bytes.length === 0 || input.bytes.length > MAX_FONT_BYTES) throw new AppError('CERTIFICATE_FONT_INVALID');
  const inspected = inspectFont(input.bytes);
  if (!inspected.ok) throw new AppError('CERTIFICATE_FONT_INVALID', { reason: inspected.reason });
  const name = input.name.replace(/[\p{Cc}\p{Cf}/\\]/gu, '').trim().slice(0, 100) || inspected.name;
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  await db.transaction(async (tx) => {
    const [font] = await tx
      .insert(certificateFonts)
      // Handed over as base64 and decoded by the database: much faster than a large bytea parameter on the embedded engine.
      .values({ enterpriseId: enterprise.id, name, sha256, size: input.bytes.length, bytes: sql`decode(${input.bytes.toString('base64')}, 'base64')` as unknown as Buffer, uploadedBy: context.actor.userId })
      .returning({ id: certificateFonts.id });
    await tx
      .insert(certificateSettings)
      .values({ enterpriseId: enterprise.id, enterprisePath: enterprise.path, fontId: font.id, updatedBy: context.actor.userId })
      .onConflictDoUpdate({ target: certificateSettings.enterpriseId, set: { fontId: font.id, updatedBy: context.actor.userId, updatedAt: context.clock.now() } });
    await writeAudit(tx, context, {
      action: 'certificate.font-uploaded',
      targetType: 'certificate-settings',
      targetId: enterprise.id,
      organisationId: enterprise.id,
      organisationPath: enterprise.path,
      after: { fontId: font.id, name, postscriptName: inspected.name, size: input.bytes.length, sha256 },
    });
  });
  return getCertificateSettings(db, context, enterprise.id);
}

/** A certificate with sample data in the enterprise's current layout and font, to look at before issuing. */
export async function previewCertificate(db: Database, context: RequestContext, enterpriseId: string | undefined): Promise<Buffer> {
  assertPermission(context.actor, 'certificate:issue');
  const enterprise = await enterpriseFor(db, context, enterpriseId);
  const row = await settingsRow(db, enterprise.id);
  const font = row?.fontId ? { id: row.fontId, bytes: await fontBytes(db, row.fontId) } : null;
  const today = context.clock.today();
  const code = (await nextCode(db, enterprise.institution ?? null, context.clock.today())) ?? 'Y00002300000125T000001';
  return renderCertificatesPdf(
    [
      {
        view: {
          code,
          holderName: '样例（张三）',
          gender: '男',
          birthDate: '1975-03-08',
          idTypeName: '居民身份证',
          idNumber: '110105197503080012',
          occupationName: '电工',
          occupationCode: '6-31-01-03',
          trade: '--',
          levelName: '特级技师',
          issuerName: enterprise.name,
          issuedOn: today,
          verifyUrl: verifyUrlOf({ verifyBaseUrl: verifyBaseUrl(), code, verifyToken: newVerifyToken() }),
          photo: null,
          printSerial: null,
        },
        template: effectiveTemplate(row?.template),
        font,
        fallbackFonts: fallbackFontPaths(),
      },
    ],
    { title: '证书版式预览（样例）' },
  );
}
