import { DomainError } from './errors.ts';

/**
 * The life cycles of DOMAIN.md, one transition table each. Every change of state goes through
 * `assertTransition`; no status check is written anywhere else.
 *
 * A table maps a state to the acts allowed in it and the state each act leads to.
 */
export const lifeCycles = {
  /** 试点申请: a supervising department's pilot application for a year (section 六(一)). */
  pilotApplication: {
    draft: { submit: 'submitted' },
    submitted: { accept: 'accepted', return: 'returned' },
    returned: { submit: 'submitted' },
    // The body that accepted the list may amend it (add or remove enterprises), recorded with its reason.
    accepted: { amend: 'accepted' },
  },
  /** 工作方案: an enterprise's work plan; publishing again makes a new version (section 四(一)). */
  plan: {
    draft: { publish: 'published' },
    published: { revise: 'published', close: 'closed' },
    closed: {},
  },
  /**
   * 方案报送备案: a published plan's filing with the supervising department, and its answer. Under
   * the provincial-plan-filing model the review waits for `accepted` of the latest version; a later
   * version is filed again. `none` is a plan never filed.
   */
  planFiling: {
    none: { file: 'submitted' },
    submitted: { accept: 'accepted', return: 'returned', file: 'submitted' },
    returned: { file: 'submitted' },
    accepted: { file: 'submitted' },
  },
  /**
   * 申报: one employee's application within a plan (sections 三 and 四). Fraud (弄虚作假, 六(四))
   * found at any step after submission voids the year's result: `disqualify` leads to the terminal
   * `disqualified` from every state but the draft (who may find it at which step: fraud-rules.ts).
   */
  application: {
    draft: { submit: 'submitted' },
    submitted: { return: 'returned', 'mark-eligible': 'eligible', 'mark-ineligible': 'ineligible', disqualify: 'disqualified' },
    returned: { submit: 'submitted', disqualify: 'disqualified' },
    ineligible: { disqualify: 'disqualified' },
    eligible: { 'start-review': 'in-review', disqualify: 'disqualified' },
    'in-review': { recommend: 'recommended', 'not-recommend': 'not-recommended', disqualify: 'disqualified' },
    // A new, recorded review round (重新评审) takes the closed round's candidates back, until the notice starts.
    recommended: { 'start-notice': 'in-notice', 're-review': 'in-review', disqualify: 'disqualified' },
    'not-recommended': { 're-review': 'in-review', disqualify: 'disqualified' },
    // A notice cancelled before its end gives its candidates back to the recommended list (to be published again).
    'in-notice': { withdraw: 'withdrawn', confirm: 'confirmed', 'cancel-notice': 'recommended', disqualify: 'disqualified' },
    withdrawn: { disqualify: 'disqualified' },
    confirmed: { certify: 'certified', disqualify: 'disqualified' },
    certified: { appoint: 'appointed', exit: 'exited', disqualify: 'disqualified' },
    appointed: { exit: 'exited', disqualify: 'disqualified' },
    exited: { disqualify: 'disqualified' },
    disqualified: {},
  },
  /** 评审委员会: a committee's review of its applicants; closed is final (a new round is a new committee). */
  reviewCommittee: {
    forming: { 'start-scoring': 'scoring' },
    scoring: { 'close-scoring': 'voting' },
    voting: { close: 'closed' },
    closed: {},
  },
  /**
   * 复核确认: a holder evaluated before the notice, imported under a re-review plan (section 六(三)):
   * reviewed and confirmed (or not) by the enterprise, then issued a certificate by the usual path.
   * A decision can be reconsidered until the certificate is issued.
   */
  reReviewHolder: {
    pending: { confirm: 'confirmed', reject: 'rejected' },
    confirmed: { certify: 'certified', reconsider: 'pending' },
    rejected: { reconsider: 'pending' },
    certified: {},
  },
  /**
   * 公示: a notice of a plan's recommended list (section 四(三)). Confirmed after its last day; a
   * notice not yet ended may be cancelled with a reason (its candidates return to the recommended list).
   */
  notice: {
    open: { confirm: 'confirmed', cancel: 'cancelled' },
    confirmed: {},
    cancelled: {},
  },
  /** 禁入: a five-year ban (section 六(四)); the supervising department lifts or corrects it, with reasons. */
  ban: {
    effective: { correct: 'effective', lift: 'lifted' },
    lifted: {},
  },
  /** 暂停评审: a department suspends an enterprise's evaluation for a period (申报单位弄虚作假, 六(四)); lifting ends it early. */
  suspension: {
    effective: { lift: 'lifted' },
    lifted: {},
  },
  /**
   * 复核确认名单公示: the notice of a re-review's confirmed list; it ends by its dates (a derived
   * phase), and can be cancelled with a reason before its last day has passed.
   */
  reReviewNotice: {
    open: { cancel: 'cancelled' },
    cancelled: {},
  },
  /** 证书: a certificate; revocation keeps it verifiable as revoked (section 六(四)). */
  certificate: {
    valid: { revoke: 'revoked' },
    revoked: {},
  },
  /** 聘任: one term of an appointment agreement (section 四(四)); renewal opens a new term, exit ends it (六(四)). */
  appointment: {
    drafted: { sign: 'active', exit: 'ended' },
    active: { renew: 'renewed', exit: 'ended' },
    renewed: {},
    ended: {},
  },
  /**
   * 疑似重复使用的证明材料: one side (one application) of an evidence flag — the same file or number
   * claimed by another applicant. HR of that side's enterprise, or a department above it, clears it
   * with a reason (an explanation was found) or reopens it; fraud itself is found through the
   * `application` life cycle's `disqualify` (the fraud module), which the flag then shows.
   */
  evidenceFlagSide: {
    open: { clear: 'cleared' },
    cleared: { reopen: 'open' },
  },
} as const;

export type LifeCycle = keyof typeof lifeCycles;
export type StateOf<L extends LifeCycle> = keyof (typeof lifeCycles)[L] & string;
export type ActOf<L extends LifeCycle> = {
  [S in StateOf<L>]: keyof (typeof lifeCycles)[L][S] & string;
}[StateOf<L>];

/** The state an act leads to from a state, or null when the act is not allowed there. */
export function nextState<L extends LifeCycle>(lifeCycle: L, from: string, act: string): StateOf<L> | null {
  const table = lifeCycles[lifeCycle] as Record<string, Record<string, string>>;
  const acts = table[from];
  if (!acts || !Object.hasOwn(acts, act)) return null;
  return acts[act] as StateOf<L>;
}

/** The acts allowed in a state (for the pages: which buttons to show). */
export function allowedActs<L extends LifeCycle>(lifeCycle: L, from: string): ActOf<L>[] {
  const table = lifeCycles[lifeCycle] as Record<string, Record<string, string>>;
  return Object.keys(table[from] ?? {}) as ActOf<L>[];
}

/** The state an act leads to; throws INVALID_TRANSITION when the act is not allowed in that state. */
export function assertTransition<L extends LifeCycle>(lifeCycle: L, from: string, act: ActOf<L>): StateOf<L> {
  const to = nextState(lifeCycle, from, act);
  if (to === null) throw new DomainError('INVALID_TRANSITION', { lifeCycle, from, act });
  return to;
}

/**
 * The acts an application's history (申报记录) records: every act of its life cycle, and the events
 * that change no state (a draft created, a version submitted, a condition reviewed, a fact corrected).
 * Every name has its Chinese and English label in web/src/i18n/vocabulary.*.ts.
 */
export const APPLICATION_EVENT_EXTRAS = ['created', 'submitted', 'condition-reviewed', 'fact-corrected'] as const;
export type ApplicationEventAct = ActOf<'application'> | (typeof APPLICATION_EVENT_EXTRAS)[number];

/** The acts a notice's timeline (公示记录) records. */
export const NOTICE_EVENT_ACTS = [
  'started',
  'public-link-on',
  'public-link-off',
  'objection-raised',
  'objection-investigated',
  'objection-upheld',
  'objection-dismissed',
  'candidate-withdrawn',
  'ban-recorded',
  'suspension-recorded',
  'cancelled',
  'confirmed',
] as const;
export type NoticeEventAct = (typeof NOTICE_EVENT_ACTS)[number];
