// Every audit action and the kind of thing it acts on: pure data, read by the audit log writer
// (src/platform/audit.ts) and by the pages' catalogue of names (web/src/i18n/vocabulary.*.ts).

/**
 * Every action that changes state, one name each. The entry is written by the use case in the
 * same transaction as the change.
 */
export const auditActions = {
  /** The first start created the root organisation and the system administrator. */
  'system.bootstrap': 'system',
  /** A start found admin's printed one-time password expired and never used, and printed a new one. */
  'system.one-time-password-renewed': 'system',
  /** A user logged in. */
  'auth.login': 'auth',
  /** A log-in failed (wrong password); the account may have been locked. */
  'auth.login-failed': 'auth',
  /** A user logged out. */
  'auth.logout': 'auth',
  /** A user changed their own password. */
  'auth.password-changed': 'auth',
  /** Failed log-ins in a row locked an account until a time (the first lock a minute, doubling with each further failure). */
  'auth.account-locked': 'auth',
  /** An organisation was created. */
  'organisation.created': 'organisation',
  /** An organisation's details changed. */
  'organisation.updated': 'organisation',
  /** A user account was created. */
  'user.created': 'user',
  /** A user account's name, roles or state changed. */
  'user.updated': 'user',
  /** An administrator reset a user's password to a one-time password. */
  'user.password-reset': 'user',
  /** A year's working-day calendar was loaded or corrected. */
  'calendar.loaded': 'calendar',
  /** A file was uploaded or generated and stored (its metadata; the bytes are named by their SHA-256). */
  'file.stored': 'file',
  /** A user was handed a file's content (download or preview): who, which file, by which route. */
  'file.downloaded': 'file',
  /** The one-time re-keying: entries written before the keyed chain received their keyed hashes (`mac`). */
  'audit.chain-keyed': 'audit',
  /** A user re-queued a failed job. */
  'job.retried': 'job',
  /** The ministry set the deadline for pilot applications of a year (六(一)). */
  'pilot-year.deadline-set': 'pilot-year',
  /** A department created its pilot application (试点申请) for a year. */
  'pilot-application.created': 'pilot-application',
  /** A department changed its pilot application (enterprises, contact, remarks) while a draft or returned. */
  'pilot-application.updated': 'pilot-application',
  /** A department submitted its pilot application to the ministry. */
  'pilot-application.submitted': 'pilot-application',
  /** The ministry accepted (备案) a pilot application: its enterprises are pilots of that year. */
  'pilot-application.accepted': 'pilot-application',
  /** The ministry returned a pilot application with a reason. */
  'pilot-application.returned': 'pilot-application',
  /** The ministry amended the enterprise list of an accepted pilot application, with the reason. */
  'pilot-application.amended': 'pilot-application',
  /** The ministry (national) or a provincial department (its area) set a year's evaluation model, deadline and committee limits. */
  'jurisdiction.setting-set': 'jurisdiction-setting',
  /** The occupation catalogue (职业（工种）目录) was loaded: the starter list at first start, or an imported file. */
  'occupation.catalogue-imported': 'occupation',
  /** An enterprise created the draft of a work plan (工作方案). */
  'plan.created': 'plan',
  /** The working copy of a work plan was saved. */
  'plan.updated': 'plan',
  /** A work plan was published to the enterprise's employees (its first version). */
  'plan.published': 'plan',
  /** A published work plan was revised: a new version was published. */
  'plan.revised': 'plan',
  /** A work plan was filed (报送备案) with the supervising department. */
  'plan.filed': 'plan',
  /** A work plan was closed. */
  'plan.closed': 'plan',
  /** The supervising department accepted a plan's filing (the provincial-plan-filing model's condition of the review). */
  'plan.filing-accepted': 'plan',
  /** The supervising department returned a plan's filing with its reason. */
  'plan.filing-returned': 'plan',
  /** A certificate (职业技能等级证书, 特级技师) was issued: its code drawn, its holder recorded. */
  'certificate.issued': 'certificate',
  /** 复核确认: holders evaluated before the notice were imported under a re-review plan (one entry per file). */
  're-review.imported': 're-review-holder',
  /** 复核确认: a holder was confirmed (pending → confirmed). */
  're-review.confirmed': 're-review-holder',
  /** HR recorded an earlier holder's facts (qualification, post's start, occupation) with evidence; the rules of 三 ran on them. */
  're-review.checked': 're-review-holder',
  /** 复核确认: a holder was not confirmed, with the reason (pending → rejected). */
  're-review.rejected': 're-review-holder',
  /** 复核确认: a decision was taken back before issuance (confirmed / rejected → pending). */
  're-review.reconsidered': 're-review-holder',
  /** 复核确认名单公示: the confirmed holders of a re-review plan were published for the plan's working days (六(三), 四(三)). */
  're-review.notice-started': 're-review-notice',
  /** 复核确认名单公示: a notice not yet ended was cancelled with a reason; its holders may be published again. */
  're-review.notice-cancelled': 're-review-notice',
  /** 复核确认: a confirmed holder was issued a certificate (confirmed → certified), in the issuing transaction. */
  're-review.certified': 're-review-holder',
  /** HR asked for a batch of certificates to be issued (the job issues them all in one transaction). */
  'certificate.batch-requested': 'certificate-batch',
  /** A certificate was printed or downloaded as PDF: an unmasked view of the identity number. */
  'certificate.printed': 'certificate',
  /** A certificate was revoked (退出机制), with reason and basis; it stays verifiable as revoked. */
  'certificate.revoked': 'certificate',
  /** A certificate was issued as a Verifiable Credential (Open Badges 3.0), signed with its issuer's Ed25519 key, with its bit in the revocation list. */
  'certificate.credential-issued': 'certificate',
  /** A certificate's holder data was corrected (its code never changes). */
  'certificate.corrected': 'certificate',
  /** An enterprise changed its certificate layout, font choice or provincial query address. */
  'certificate.settings-updated': 'certificate-settings',
  /** An enterprise uploaded a licensed font for its certificates. */
  'certificate.font-uploaded': 'certificate-settings',
  /** An organisation's signing key (Ed25519 for QR codes, or X.509 for PDF signatures) was created: at the first issuance or at set-up. */
  'signing-key.created': 'signing-key',
  /** A signing key was rotated: a new key became current, the old one retired (still published, still verifying what it signed). */
  'signing-key.rotated': 'signing-key',
  /** An administrator uploaded a PKCS#12 certificate and key, which became the PDF signing key (the previous one retired). */
  'signing-key.uploaded': 'signing-key',
  /** A national data package (上报批次) was made for certificates not yet reported. */
  'national-upload.created': 'national-upload',
  /** A national data package was downloaded: an unmasked view of the identity numbers in it. */
  'national-upload.downloaded': 'national-upload',
  /** A national data package was sent to the configured endpoint; its answer was recorded. */
  'national-upload.sent': 'national-upload',
  /** HR recorded the results of a manual upload (reported / failed with a reason). */
  'national-upload.results-recorded': 'national-upload',
  /** The ministry or system administrator changed the national data package's field mapping. */
  'national-upload.mapping-updated': 'national-upload',
  /** An employee register (职工名册) import landed: its rows were created or updated, all at once. */
  'register.imported': 'register',
  /** The register was exported to Excel, identity numbers in full. */
  'register.exported': 'register',
  /** A user account was linked to a register row (created from it, or matched by ID number). */
  'register.user-linked': 'employee',
  /** An application (申报) was started as a draft, by the employee or by HR on their behalf. */
  'application.created': 'application',
  /** The draft of an application was saved. */
  'application.updated': 'application',
  /** An application was submitted (a new frozen version); the eligibility rules ran on it. */
  'application.submitted': 'application',
  /** HR confirmed or overrode (with a reason) the rules core's result for one condition. */
  'application.condition-reviewed': 'application',
  /** HR corrected a fact of an application (qualification, post's start, occupation) with evidence; the rules ran again. */
  'application.fact-corrected': 'application',
  /** HR returned an application to the applicant for correction, with comments. */
  'application.returned': 'application',
  /** HR found an application eligible (资格审核通过). */
  'application.marked-eligible': 'application',
  /** HR found an application ineligible, with a reason. */
  'application.marked-ineligible': 'application',
  /** HR invited register employees to apply under a plan. */
  'application.invited': 'plan',
  /** HR exported the screened list of a plan to Excel. */
  'application.list-exported': 'plan',
  /** HR handed the screened list of a plan over to its evaluation body (考评机构). */
  'application.handed-over': 'plan',
  /** A ban (禁入, section 六(四)) was recorded against a person or a unit. */
  'ban.created': 'ban',
  /** A supervising department corrected a ban (its basis or dates), with the reason (effective → effective). */
  'ban.corrected': 'ban',
  /** A supervising department lifted a ban, with the reason (effective → lifted). */
  'ban.lifted': 'ban',
  /** 暂停评审: an enterprise's evaluation was suspended for a period (申报单位弄虚作假), by its department or an upheld objection. */
  'suspension.created': 'suspension',
  /** A supervising department lifted a suspension, with the reason (effective → lifted). */
  'suspension.lifted': 'suspension',
  /** 取消本年度评审资格（弄虚作假）: fraud was found at some step; the same transaction disqualified, banned and, after certification, revoked. */
  'fraud.found': 'fraud-finding',
  /**
   * A submitted application claims a file (the same bytes) or a certificate or award number that
   * another applicant's application claims: both sides flagged as possible fraud for their HR and
   * departments to look into (a suspicion, not a finding). One entry per flag, on the submitting side.
   */
  'evidence.flagged': 'evidence-flag',
  /** HR or a department cleared its side of an evidence flag, with the explanation found. */
  'evidence.flag-cleared': 'evidence-flag',
  /** HR or a department reopened a side of an evidence flag it had cleared, with the reason. */
  'evidence.flag-reopened': 'evidence-flag',
  /** An application's result for the year was voided for fraud (any state → disqualified). */
  'application.disqualified': 'application',
  /** An enterprise commissioned an evaluation body (its own 考评机构 or an industry organisation) to review a plan's applicants. */
  'review.commissioned': 'review-commission',
  /** A body administrator added an expert to the expert pool (专家库). */
  'review.expert-created': 'review-expert',
  /** An expert's details, account link or active state changed. */
  'review.expert-updated': 'review-expert',
  /** A review committee (评审委员会) was formed for an occupation group of a plan, with its chair. */
  'review.committee-created': 'review-committee',
  /** An expert recused (回避) from an applicant, declared by the expert or the body, or detected from the register. */
  'review.recusal-recorded': 'review-committee',
  /** The members present at the committee's meeting were recorded (quorum). */
  'review.attendance-recorded': 'review-committee',
  /** A committee started its review: the eligible applicants of its occupations were taken in (eligible → in-review). */
  'review.started': 'review-committee',
  /** An expert saved their scores of an applicant (the scores are not in the entry). */
  'review.scored': 'review-committee',
  /** The chair closed scoring: the scores are final and visible to the committee; voting opens. */
  'review.scoring-closed': 'review-committee',
  /** An expert cast a secret ballot on an applicant (the vote itself is not in the entry). */
  'review.voted': 'review-committee',
  /** The chair closed the review: results, recommended list (建议人选名单) and minutes fixed. */
  'review.closed': 'review-committee',
  /** A new review round was opened after a closed one, with its reason. */
  'review.round-opened': 'review-committee',
  /** An application entered the committee review (eligible → in-review). */
  'application.review-started': 'application',
  /** A new review round took a candidate of the closed round back into review (recommended / not-recommended → in-review). */
  'application.review-reopened': 'application',
  /** The committee recommended an applicant (in-review → recommended). */
  'application.recommended': 'application',
  /** The committee did not recommend an applicant (in-review → not-recommended). */
  'application.not-recommended': 'application',
  /** HR started the public notice (公示) of a plan's recommended list, with its computed dates. */
  'notice.started': 'notice',
  /** HR turned the notice's public link on or off. */
  'notice.public-link-changed': 'notice',
  /** Somebody raised an objection (异议) in their real name during the notice. */
  'notice.objection-raised': 'notice-objection',
  /** HR recorded an investigation step on an objection. */
  'notice.objection-investigated': 'notice-objection',
  /** HR recorded the finding on an objection: upheld (the candidate withdrawn, fraud banned) or dismissed. */
  'notice.objection-decided': 'notice-objection',
  /** The enterprise confirmed (核准) the list after the notice ended without open objections. */
  'notice.confirmed': 'notice',
  /** HR cancelled a notice before its end, with the reason (open → cancelled); its open objections lapsed. */
  'notice.cancelled': 'notice',
  /** A cancelled notice gave its candidate back to the recommended list (in-notice → recommended). */
  'application.notice-cancelled': 'application',
  /** An application entered the public notice (recommended → in-notice). */
  'application.notice-started': 'application',
  /** An application was withdrawn from the notice after an upheld objection (in-notice → withdrawn). */
  'application.withdrawn': 'application',
  /** An application was confirmed at the end of the notice (in-notice → confirmed). */
  'application.confirmed': 'application',
  /** An enterprise saved its appointment agreement template (聘任协议模板). */
  'appointment.template-updated': 'appointment-template',
  /** An appointment agreement (聘任协议) was generated for a certificate holder: a term drafted. */
  'appointment.drafted': 'appointment',
  /** The signing of an agreement was recorded with the signed scan: the term is active. */
  'appointment.signed': 'appointment',
  /** A term was renewed: a new agreement drafted, linked to the previous term. */
  'appointment.renewed': 'appointment',
  /** An appointment ended (退出机制), with its category, reason and evidence. */
  'appointment.ended': 'appointment',
  /** The enterprise was reminded that a term ends within 60 days. */
  'appointment.reminded': 'appointment',
  /** A skill master studio (技能大师工作室) entry was recorded: member, apprentice, project, research or bid evaluation. */
  'studio.entry-recorded': 'studio-entry',
  /** A treatment (待遇) granted to a holder was recorded. */
  'treatment.recorded': 'treatment',
  /** A yearly or end-of-term assessment (考核) was recorded. */
  'assessment.recorded': 'assessment',
  /** A certificate was issued for the confirmed application (confirmed → certified). */
  'application.certified': 'application',
  /** A certified application moved to appointed: its holder's agreement was signed. */
  'application.appointed': 'application',
  /** An application moved to exited: its holder's appointment ended. */
  'application.exited': 'application',
} as const;
export type AuditAction = keyof typeof auditActions;
