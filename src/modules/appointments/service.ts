// 聘任 (section 四(四)): appointing a certificate holder with an agreement generated from the
// enterprise's template, recording its signing, reminding before the term ends, renewing; and the
// holder's records after appointment (section 五): studio, treatment, assessments.
import { and, asc, desc, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import {
  chineseCalendarDate,
  fillAgreementTemplate,
  TERM_KIND_NAMES,
  TERM_REMINDER_DAYS,
  termText,
  treatmentsText,
  type AgreementTreatmentItem,
  type AgreementValues,
  type TermKind,
} from '../../domain/agreement-template.ts';
import { addDays, compareCalendarDates, isCalendarDate, toDayNumber, type CalendarDate } from '../../domain/calendar-date.ts';
import { DomainError } from '../../domain/errors.ts';
import { assertTransition } from '../../domain/transitions.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext, type AuditContext, type RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError, type FieldError } from '../../platform/errors.ts';
import { findFile } from '../../platform/files.ts';
import { hasPermission } from '../../platform/policy.ts';
import { transitionApplication, type EventComment } from '../applications/service.ts';
import { banRefusal, findActiveBan } from '../bans/service.ts';
import { certificateHolderIdentity, listCertificates } from '../certificates/manage-certificates.ts';
import { notify } from '../notifications/service.ts';
import { assertAgreementPrintable, renderAgreementPdf } from './agreement-pdf.ts';
import { pdfSigningFor, signRenderedPdf } from '../signing/sign-documents.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import { templateBodyOf } from './agreement-template.ts';
import {
  appointmentInScope,
  enterpriseInScope,
  enterpriseOf,
  holderCertificate,
  latestTerms,
  termsOf,
  toAppointmentDto,
  toAssessmentDto,
  toStudioEntryDto,
  toTreatmentDto,
  type AppointmentRow,
} from './appointment-records.ts';
import type { AppointmentCreateReq, AssessmentCreateReq, RenewReq, ReminderDto, SignReq, StudioEntryCreateReq, TreatmentCreateReq } from './schemas.ts';
import { appointments, assessments, studioEntries, treatmentRecords } from './tables.ts';

const SIGNED_SCAN_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

/** Every fault of a term: a fixed term has a real end after its start; an open-ended one (无固定期限) has no end. */
function termErrors(input: { termKind: TermKind; termStart: string; termEnd: string | null }): FieldError[] {
  const errors: FieldError[] = [];
  if (!isCalendarDate(input.termStart)) errors.push(fieldError('termStart', 'DATE_INVALID', '聘期开始日期无效', 'The first day of the term is not a valid date'));
  if (input.termKind === 'open-ended') {
    if (input.termEnd) errors.push(fieldError('termEnd', 'TERM_END_NOT_ALLOWED', '无固定期限的聘任没有聘期结束日期', 'An open-ended term has no last day'));
    return errors;
  }
  if (!input.termEnd) errors.push(fieldError('termEnd', 'REQUIRED', '固定期限的聘任须填写聘期结束日期', 'A fixed term needs its last day'));
  else if (!isCalendarDate(input.termEnd)) errors.push(fieldError('termEnd', 'DATE_INVALID', '聘期结束日期无效', 'The last day of the term is not a valid date'));
  if (!errors.length && compareCalendarDates(input.termEnd!, input.termStart) <= 0) {
    errors.push(fieldError('termEnd', 'TERM_END_BEFORE_START', '聘期结束日期须晚于开始日期', 'The term must end after it starts'));
  }
  return errors;
}

/** An `other` treatment needs its name (the notice's kinds are named by the notice). */
function treatmentErrors(items: readonly AgreementTreatmentItem[]): FieldError[] {
  return items.flatMap((item, index) =>
    item.kind === 'other' && !item.detail?.trim() ? [fieldError(`treatments.${index}.detail`, 'REQUIRED', '请写明其他待遇的名称和内容', 'Name the other treatment')] : [],
  );
}

/**
 * Moves the holder's application (when the certificate links one) along its life cycle. An
 * application that is not at the step (issued without the application flow reaching certified)
 * stays where it is: the appointment has its own life cycle.
 */
export async function moveApplication(tx: Database, context: AuditContext, applicationId: string | null, act: 'appoint' | 'exit', comment: EventComment) {
  if (!applicationId) return;
  try {
    await transitionApplication(tx, context, { applicationId, act, auditAction: act === 'appoint' ? 'application.appointed' : 'application.exited', comment });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'INVALID_TRANSITION') return;
    if (error instanceof AppError && error.code === 'NOT_FOUND') return;
    throw error;
  }
}

interface TermInput {
  post: string;
  duties: string;
  treatments: AgreementTreatmentItem[];
  treatment: string | null;
  termKind: TermKind;
  termStart: string;
  termEnd: string | null;
}

/** The term as given: an open-ended term keeps no end; blank texts are none; items carry a detail or null. */
function termInput(input: { post: string; duties: string; treatments?: readonly { kind: AgreementTreatmentItem['kind']; detail?: string | null }[]; treatment?: string | null; termKind?: TermKind; termStart: string; termEnd?: string | null }): TermInput {
  return {
    post: input.post,
    duties: input.duties,
    treatments: (input.treatments ?? []).map((item) => ({ kind: item.kind, detail: item.detail?.trim() || null })),
    treatment: input.treatment?.trim() || null,
    termKind: input.termKind ?? 'fixed',
    termStart: input.termStart,
    termEnd: input.termEnd ?? null,
  };
}

async function agreementText(db: Database, certificate: { enterpriseId: string; holderName: string; code: string; occupationName: string; trade: string }, term: TermInput): Promise<string> {
  const enterprise = await enterpriseOf(db, certificate.enterpriseId);
  const { body } = await templateBodyOf(db, certificate.enterpriseId);
  const values: AgreementValues = {
    企业名称: enterprise.name,
    统一社会信用代码: enterprise.creditCode ?? '',
    姓名: certificate.holderName,
    证书编码: certificate.code,
    职业: certificate.trade && certificate.trade !== '--' ? `${certificate.occupationName}（${certificate.trade}）` : certificate.occupationName,
    岗位: term.post,
    岗位职责: term.duties,
    待遇: treatmentsText(term.treatments, term.treatment),
    聘期类型: TERM_KIND_NAMES[term.termKind]['zh-CN'],
    聘期: termText(term.termKind, term.termStart, term.termEnd),
    聘期起: chineseCalendarDate(term.termStart),
    聘期止: term.termKind === 'open-ended' || !term.termEnd ? TERM_KIND_NAMES['open-ended']['zh-CN'] : chineseCalendarDate(term.termEnd),
  };
  const text = fillAgreementTemplate(body, values);
  // Every character prints (issue 22): a name with a character no font has is refused, naming it.
  assertAgreementPrintable(text);
  return text;
}

/** 聘任: drafts the first term of a holder's appointment and its agreement, from the enterprise's template. */
export async function appointHolder(db: Database, context: RequestContext, input: AppointmentCreateReq) {
  const certificate = await holderCertificate(db, context, input.certificateId, 'appointment:write');
  const term = termInput(input);
  const errors = [...termErrors(term), ...treatmentErrors(term.treatments)];
  if (errors.length) throw validationError(errors);
  if (certificate.status !== 'valid') throw new AppError('CERTIFICATE_REVOKED', { revokedOn: certificate.revokedOn ?? '' });
  // 六(四): nobody under a ban is appointed.
  const holder = await certificateHolderIdentity(db, certificate.id);
  const ban = holder ? await findActiveBan(db, holder.idType, holder.idNumber, context.clock.today()) : null;
  if (ban) throw banRefusal(ban, certificate.holderName);
  const terms = await termsOf(db, certificate.id);
  const open = terms.find((term) => term.status === 'drafted' || term.status === 'active');
  if (open) throw new AppError('APPOINTMENT_EXISTS', { status: open.status });
  const text = await agreementText(db, certificate, term);
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(appointments)
      .values({
        certificateId: certificate.id,
        enterpriseId: certificate.enterpriseId,
        enterprisePath: certificate.enterprisePath,
        holderName: certificate.holderName,
        certificateCode: certificate.code,
        termNumber: (terms[0]?.termNumber ?? 0) + 1,
        previousId: null,
        ...term,
        status: 'drafted',
        agreementText: text,
        createdBy: context.actor.userId,
      })
      .returning();
    await writeAudit(tx, context, {
      action: 'appointment.drafted',
      targetType: 'appointment',
      targetId: created.id,
      organisationId: created.enterpriseId,
      organisationPath: created.enterprisePath,
      after: { certificateCode: created.certificateCode, termNumber: created.termNumber, post: created.post, termKind: created.termKind, termStart: created.termStart, termEnd: created.termEnd, treatments: created.treatments },
    });
    return created;
  });
  return toAppointmentDto(row, context.actor);
}

/** The agreement as an A4 PDF: the text as it was generated for the term. */
export async function getAgreementPdf(db: Database, context: RequestContext, id: string): Promise<{ pdf: Buffer; fileName: string }> {
  const row = await appointmentInScope(db, context, id, 'appointment:read');
  assertAgreementPrintable(row.agreementText);
  // Signed (PAdES) by the enterprise that appoints, like its certificates.
  const [enterprise] = await findOrganisationsByIds(db, [row.enterpriseId]);
  const signing = await pdfSigningFor(db, context, { id: enterprise.id, path: enterprise.path, name: enterprise.name }, '特级技师聘任协议 / Appointment agreement');
  const rendered = await renderAgreementPdf(row.agreementText, { title: `特级技师聘任协议 ${row.holderName}`, createdOn: row.termStart, signature: signing.placeholder, documentId: `agreement:${row.id}` });
  const pdf = await signRenderedPdf(rendered, signing);
  return { pdf, fileName: `特级技师聘任协议-${row.holderName}-第${row.termNumber}聘期.pdf` };
}

/** Records the signing (date and the signed scan, PDF/JPG/PNG): drafted → active. */
export async function signAppointment(db: Database, context: RequestContext, id: string, input: SignReq) {
  const current = await appointmentInScope(db, context, id, 'appointment:write');
  const to = assertTransition('appointment', current.status, 'sign');
  const errors: FieldError[] = [];
  if (!isCalendarDate(input.signedOn)) errors.push(fieldError('signedOn', 'DATE_INVALID', '签订日期无效', 'The signing date is not a valid date'));
  else if (compareCalendarDates(input.signedOn, context.clock.today()) > 0) errors.push(fieldError('signedOn', 'DATE_IN_FUTURE', '签订日期不能晚于今天', 'The signing date cannot be in the future'));
  const file = await findFile(db, context, input.signedFileId).catch(() => null);
  if (!file) errors.push(fieldError('signedFileId', 'FILE_NOT_FOUND', '签字扫描件不存在，请重新上传', 'The signed scan was not found; upload it again'));
  else if (!SIGNED_SCAN_TYPES.includes(file.mediaType)) errors.push(fieldError('signedFileId', 'FILE_TYPE', '签字扫描件须为 PDF、JPG 或 PNG', 'The signed scan must be a PDF, JPG or PNG'));
  if (errors.length) throw validationError(errors);
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(appointments)
      .set({ status: to, signedOn: input.signedOn, signedFileId: input.signedFileId, updatedAt: context.clock.now() })
      .where(and(eq(appointments.id, current.id), eq(appointments.status, current.status)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await writeAudit(tx, context, {
      action: 'appointment.signed',
      targetType: 'appointment',
      targetId: current.id,
      organisationId: current.enterpriseId,
      organisationPath: current.enterprisePath,
      before: { status: current.status },
      after: { status: to, signedOn: input.signedOn, signedFileId: input.signedFileId },
    });
    if (current.termNumber === 1) {
      const certificate = await holderCertificate(tx, context, current.certificateId, 'appointment:write');
      await moveApplication(tx, context, certificate.applicationId, 'appoint', { 'zh-CN': `签订聘任协议（${input.signedOn}）`, en: `Appointment agreement signed (${input.signedOn})` });
    }
    return updated;
  });
  return toAppointmentDto(row, context.actor);
}

/** 续聘: the active term is renewed and a new term drafted, with a new agreement linked to the previous. */
export async function renewAppointment(db: Database, context: RequestContext, id: string, input: RenewReq) {
  const current = await appointmentInScope(db, context, id, 'appointment:write');
  const to = assertTransition('appointment', current.status, 'renew');
  const term = termInput({
    post: input.post ?? current.post,
    duties: input.duties ?? current.duties,
    treatments: input.treatments ?? current.treatments ?? [],
    treatment: input.treatment === undefined ? current.treatment : input.treatment,
    termKind: input.termKind ?? current.termKind ?? 'fixed',
    termStart: input.termStart,
    termEnd: input.termEnd,
  });
  const errors = [...termErrors(term), ...treatmentErrors(term.treatments)];
  if (!errors.length && compareCalendarDates(input.termStart, current.termStart) <= 0) {
    errors.push(fieldError('termStart', 'TERM_START_NOT_AFTER_PREVIOUS', '新聘期须在上一聘期开始之后开始', 'The new term must start after the previous one started'));
  }
  if (errors.length) throw validationError(errors);
  const certificate = await holderCertificate(db, context, current.certificateId, 'appointment:write');
  if (certificate.status !== 'valid') throw new AppError('CERTIFICATE_REVOKED', { revokedOn: certificate.revokedOn ?? '' });
  const text = await agreementText(db, certificate, term);
  const row = await db.transaction(async (tx) => {
    const [renewed] = await tx
      .update(appointments)
      .set({ status: to, updatedAt: context.clock.now() })
      .where(and(eq(appointments.id, current.id), eq(appointments.status, current.status)))
      .returning();
    if (!renewed) throw new AppError('CONFLICT');
    const [created] = await tx
      .insert(appointments)
      .values({
        certificateId: current.certificateId,
        enterpriseId: current.enterpriseId,
        enterprisePath: current.enterprisePath,
        holderName: certificate.holderName,
        certificateCode: certificate.code,
        termNumber: current.termNumber + 1,
        previousId: current.id,
        ...term,
        status: 'drafted',
        agreementText: text,
        createdBy: context.actor.userId,
      })
      .returning();
    await writeAudit(tx, context, {
      action: 'appointment.renewed',
      targetType: 'appointment',
      targetId: created.id,
      organisationId: current.enterpriseId,
      organisationPath: current.enterprisePath,
      before: { previousId: current.id, status: current.status, termEnd: current.termEnd },
      after: { previousStatus: to, termNumber: created.termNumber, post: created.post, termKind: created.termKind, termStart: created.termStart, termEnd: created.termEnd, treatments: created.treatments },
    });
    return created;
  });
  return toAppointmentDto(row, context.actor);
}

// ------------------------------------------------------------------ reminders

function toReminder(row: AppointmentRow & { termEnd: string }, on: CalendarDate): ReminderDto {
  return {
    appointmentId: row.id,
    certificateId: row.certificateId,
    enterpriseId: row.enterpriseId,
    holderName: row.holderName,
    certificateCode: row.certificateCode,
    post: row.post,
    termEnd: row.termEnd,
    daysLeft: toDayNumber(row.termEnd) - toDayNumber(on),
  };
}

/**
 * The active fixed terms that end within 60 days of `today` (or have ended without renewal or
 * exit): the enterprise must renew or end them. Open-ended terms (无固定期限) have no end and are
 * never reminded. Optionally only those under an organisation path.
 */
export async function dueReminders(db: Database, on: CalendarDate, options: { organisationPath?: string } = {}): Promise<ReminderDto[]> {
  const conditions = [eq(appointments.status, 'active'), eq(appointments.termKind, 'fixed'), isNotNull(appointments.termEnd), lte(appointments.termEnd, addDays(on, TERM_REMINDER_DAYS))];
  if (options.organisationPath) conditions.push(sql`${appointments.enterprisePath} like ${`${options.organisationPath}%`}`);
  const rows = await db.select().from(appointments).where(and(...conditions)).orderBy(asc(appointments.termEnd));
  return rows.map((row) => toReminder(row as AppointmentRow & { termEnd: string }, on));
}

/** The reminders due in the actor's scope (the page's list). */
export async function listReminders(db: Database, context: RequestContext) {
  if (!hasPermission(context.actor, 'appointment:read')) throw new AppError('FORBIDDEN', { permission: 'appointment:read' });
  return { items: await dueReminders(db, context.clock.today(), { organisationPath: context.actor.organisationPath }) };
}

/**
 * Sends each due reminder once: an in-app notification to the enterprise's HR administrators, the
 * term marked as reminded (so several processes running the sweep send it once), audited.
 */
export async function sendDueReminders(db: Database, clock: Clock): Promise<number> {
  const on = clock.today();
  const due = await dueReminders(db, on);
  let sent = 0;
  for (const reminder of due) {
    await db.transaction(async (tx) => {
      const [marked] = await tx
        .update(appointments)
        .set({ reminderSentOn: on })
        .where(and(eq(appointments.id, reminder.appointmentId), eq(appointments.status, 'active'), isNull(appointments.reminderSentOn)))
        .returning();
      if (!marked) return;
      const admins = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.organisationId, marked.enterpriseId), eq(users.disabled, false), sql`'enterprise-admin' = any(${users.roles})`));
      await notify(
        tx, clock,
        admins.map((admin) => ({
          userId: admin.id,
          kind: 'appointment.term-ending',
          title: { 'zh-CN': '聘期即将届满', en: 'A term is ending' },
          body: {
            'zh-CN': `${marked.holderName}（${marked.post}）的聘期将于${chineseCalendarDate(marked.termEnd!)}届满，请及时办理续聘或退出。`,
            en: `The term of ${marked.holderName} (${marked.post}) ends on ${marked.termEnd}: renew it or end it.`,
          },
          link: `/appointments/${marked.certificateId}`,
        })),
      );
      await writeAudit(tx, systemContext(clock, 'appointment-reminders'), {
        action: 'appointment.reminded',
        targetType: 'appointment',
        targetId: marked.id,
        organisationId: marked.enterpriseId,
        organisationPath: marked.enterprisePath,
        after: { termEnd: marked.termEnd, remindedOn: on, recipients: admins.length },
      });
      sent += 1;
    });
  }
  return sent;
}

// ------------------------------------------------------------------ holders and their records

/** 聘任管理: the certificate holders in scope, each with its latest term. */
export async function listHolders(db: Database, context: RequestContext, query: { enterpriseId?: string; q?: string; limit: number; offset: number }) {
  if (!hasPermission(context.actor, 'appointment:read')) throw new AppError('FORBIDDEN', { permission: 'appointment:read' });
  if (query.enterpriseId) await enterpriseInScope(db, context, query.enterpriseId);
  const { items, total } = await listCertificates(db, context, { enterpriseId: query.enterpriseId, q: query.q, limit: query.limit, offset: query.offset });
  const terms = await latestTerms(
    db,
    items.map((item) => item.id),
  );
  return {
    total,
    items: items.map((certificate) => {
      const term = terms.get(certificate.id);
      return {
        certificateId: certificate.id,
        certificateCode: certificate.code,
        certificateStatus: certificate.status,
        holderName: certificate.holderName,
        idNumberMasked: certificate.idNumberMasked,
        occupationName: certificate.occupationName,
        enterpriseId: certificate.enterpriseId,
        issuerName: certificate.issuerName,
        issuedOn: certificate.issuedOn,
        appointment: term ? toAppointmentDto(term, context.actor) : null,
      };
    }),
  };
}

/** One holder: the terms, the studio, the treatment records and the assessments. */
export async function getHolder(db: Database, context: RequestContext, certificateId: string) {
  const certificate = await holderCertificate(db, context, certificateId, 'appointment:read');
  const terms = await termsOf(db, certificate.id);
  const studio = await db.select().from(studioEntries).where(eq(studioEntries.certificateId, certificate.id)).orderBy(desc(studioEntries.onDate), desc(studioEntries.createdAt));
  const treatments = await db.select().from(treatmentRecords).where(eq(treatmentRecords.certificateId, certificate.id)).orderBy(desc(treatmentRecords.grantedOn), desc(treatmentRecords.createdAt));
  const assessed = await db.select().from(assessments).where(eq(assessments.certificateId, certificate.id)).orderBy(desc(assessments.year), desc(assessments.createdAt));
  return {
    certificateId: certificate.id,
    certificateCode: certificate.code,
    certificateStatus: certificate.status,
    holderName: certificate.holderName,
    idNumberMasked: certificate.idNumberMasked,
    occupationName: certificate.occupationName,
    enterpriseId: certificate.enterpriseId,
    issuerName: certificate.issuerName,
    issuedOn: certificate.issuedOn,
    appointment: terms[0] ? toAppointmentDto(terms[0], context.actor) : null,
    appointments: terms.map((term) => toAppointmentDto(term, context.actor)),
    studio: studio.map(toStudioEntryDto),
    treatments: treatments.map(toTreatmentDto),
    assessments: assessed.map(toAssessmentDto),
    canWrite: hasPermission(context.actor, 'appointment:write'),
  };
}

/** 技能大师工作室: records a member, an apprentice (and the level reached), a project, research or bid evaluation. */
export async function recordStudioEntry(db: Database, context: RequestContext, certificateId: string, input: StudioEntryCreateReq) {
  const certificate = await holderCertificate(db, context, certificateId, 'appointment:write');
  const errors: FieldError[] = [];
  if (!isCalendarDate(input.onDate)) errors.push(fieldError('onDate', 'DATE_INVALID', '日期无效', 'The date is not valid'));
  if (input.kind === 'project' && !input.projectCategory) errors.push(fieldError('projectCategory', 'REQUIRED', '请选择项目类别（技术攻关、工艺改进或技术创新）', 'Choose the project category'));
  if (input.kind === 'apprentice' && !input.detail) errors.push(fieldError('detail', 'REQUIRED', '请填写徒弟达到的技能等级', 'Give the level the apprentice reached'));
  if (errors.length) throw validationError(errors);
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(studioEntries)
      .values({
        certificateId: certificate.id,
        enterpriseId: certificate.enterpriseId,
        enterprisePath: certificate.enterprisePath,
        kind: input.kind,
        title: input.title,
        detail: input.detail ?? null,
        projectCategory: input.kind === 'project' ? (input.projectCategory ?? null) : null,
        result: input.result ?? null,
        onDate: input.onDate,
        createdBy: context.actor.userId,
      })
      .returning();
    await writeAudit(tx, context, {
      action: 'studio.entry-recorded',
      targetType: 'studio-entry',
      targetId: created.id,
      organisationId: certificate.enterpriseId,
      organisationPath: certificate.enterprisePath,
      after: { certificateCode: certificate.code, kind: created.kind, title: created.title, detail: created.detail, projectCategory: created.projectCategory, result: created.result, onDate: created.onDate },
    });
    return created;
  });
  return toStudioEntryDto(row);
}

/** 待遇落实: records what the enterprise grants the holder. */
export async function recordTreatment(db: Database, context: RequestContext, certificateId: string, input: TreatmentCreateReq) {
  const certificate = await holderCertificate(db, context, certificateId, 'appointment:write');
  if (!isCalendarDate(input.grantedOn)) throw validationError([fieldError('grantedOn', 'DATE_INVALID', '落实日期无效', 'The date is not valid')]);
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(treatmentRecords)
      .values({ certificateId: certificate.id, enterpriseId: certificate.enterpriseId, enterprisePath: certificate.enterprisePath, kind: input.kind, description: input.description, grantedOn: input.grantedOn, createdBy: context.actor.userId })
      .returning();
    await writeAudit(tx, context, {
      action: 'treatment.recorded',
      targetType: 'treatment',
      targetId: created.id,
      organisationId: certificate.enterpriseId,
      organisationPath: certificate.enterprisePath,
      after: { certificateCode: certificate.code, kind: created.kind, description: created.description, grantedOn: created.grantedOn },
    });
    return created;
  });
  return toTreatmentDto(row);
}

/** 考核: a yearly or end-of-term assessment of one of the holder's terms. */
export async function recordAssessment(db: Database, context: RequestContext, certificateId: string, input: AssessmentCreateReq) {
  const certificate = await holderCertificate(db, context, certificateId, 'appointment:write');
  const [term] = await db.select().from(appointments).where(and(eq(appointments.id, input.appointmentId), eq(appointments.certificateId, certificate.id)));
  const errors: FieldError[] = [];
  if (!term) errors.push(fieldError('appointmentId', 'NOT_FOUND', '该持证人没有这个聘期', 'The holder has no such term'));
  else if (term.status === 'drafted') errors.push(fieldError('appointmentId', 'TERM_NOT_SIGNED', '聘任协议签订后才能考核', 'A term is assessed once its agreement is signed'));
  if (!isCalendarDate(input.assessedOn)) errors.push(fieldError('assessedOn', 'DATE_INVALID', '考核日期无效', 'The date is not valid'));
  if (errors.length) throw validationError(errors);
  const [existing] = await db
    .select({ id: assessments.id })
    .from(assessments)
    .where(and(eq(assessments.appointmentId, term.id), eq(assessments.kind, input.kind), eq(assessments.year, input.year)));
  if (existing) throw new AppError('ASSESSMENT_EXISTS', { year: input.year });
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(assessments)
      .values({
        certificateId: certificate.id,
        appointmentId: term.id,
        enterpriseId: certificate.enterpriseId,
        enterprisePath: certificate.enterprisePath,
        kind: input.kind,
        year: input.year,
        result: input.result,
        comment: input.comment ?? null,
        assessedOn: input.assessedOn,
        createdBy: context.actor.userId,
      })
      .returning();
    await writeAudit(tx, context, {
      action: 'assessment.recorded',
      targetType: 'assessment',
      targetId: created.id,
      organisationId: certificate.enterpriseId,
      organisationPath: certificate.enterprisePath,
      after: { certificateCode: certificate.code, appointmentId: term.id, kind: created.kind, year: created.year, result: created.result, comment: created.comment },
    });
    return created;
  });
  return toAssessmentDto(row);
}
