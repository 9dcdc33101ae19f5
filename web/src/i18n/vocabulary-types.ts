import type { ActOf, ApplicationEventAct, LifeCycle, NoticeEventAct, StateOf } from '../../../src/domain/transitions';
import type { AuditAction, auditActions } from '../../../src/domain/audit-actions';

/** The shape of the catalogue of names (vocabulary.zh-CN.ts): one name for every key the code can write. */
export interface Vocabulary {
  lifeCycles: { [L in LifeCycle]: { states: Record<StateOf<L>, string>; acts: Record<ActOf<L>, string> } };
  applicationEvents: Record<ApplicationEventAct, string>;
  noticeEvents: Record<NoticeEventAct, string>;
  auditActions: Record<AuditAction, string>;
  auditTargets: Record<(typeof auditActions)[AuditAction] | 'session', string>;
}
