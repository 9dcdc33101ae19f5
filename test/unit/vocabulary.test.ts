// The one catalogue of names users read (issue 23): every state and act of every life cycle, every
// event of an application's and a notice's history, every audit action and its target, named in
// Chinese and in English. The type already makes the catalogue complete; this checks it at run
// time too, against the code's own tables, so a name can never fall back to a raw code on a page.
import { describe, expect, it } from 'vitest';
import { APPLICATION_EVENT_EXTRAS, lifeCycles, NOTICE_EVENT_ACTS } from '../../src/domain/transitions.ts';
import { auditActions } from '../../src/domain/audit-actions.ts';
import { vocabularyEn } from '../../web/src/i18n/vocabulary.en.ts';
import { vocabularyZhCN } from '../../web/src/i18n/vocabulary.zh-CN.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { en } from '../../web/src/i18n/en.ts';

const CJK = /[\u3400-\u9fff]/;
// Full-width punctuation and CJK characters have no place in an English name.
const NOT_ENGLISH = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

const catalogues = [
  { locale: 'zh-CN', vocabulary: vocabularyZhCN, check: (label: string) => CJK.test(label) },
  { locale: 'en', vocabulary: vocabularyEn, check: (label: string) => !NOT_ENGLISH.test(label) && /[A-Za-z]/.test(label) },
] as const;

function actsOf(table: Record<string, Record<string, string>>): string[] {
  return [...new Set(Object.values(table).flatMap((acts) => Object.keys(acts)))];
}

describe.each(catalogues)('the $locale catalogue of names', ({ vocabulary, check }) => {
  it('names every state and every act of every life cycle', () => {
    const cycles = vocabulary.lifeCycles as Record<string, { states: Record<string, string>; acts: Record<string, string> }>;
    expect(Object.keys(cycles).sort()).toEqual(Object.keys(lifeCycles).sort());
    for (const [cycle, table] of Object.entries(lifeCycles) as [string, Record<string, Record<string, string>>][]) {
      for (const state of Object.keys(table)) expect(check(cycles[cycle]!.states[state] ?? ''), `${cycle} state ${state}`).toBe(true);
      for (const act of actsOf(table)) expect(check(cycles[cycle]!.acts[act] ?? ''), `${cycle} act ${act}`).toBe(true);
    }
  });

  it("names every event of an application's history and of a notice's timeline", () => {
    const events = vocabulary.applicationEvents as Record<string, string>;
    for (const act of [...actsOf(lifeCycles.application), ...APPLICATION_EVENT_EXTRAS]) expect(check(events[act] ?? ''), act).toBe(true);
    const noticeEvents = vocabulary.noticeEvents as Record<string, string>;
    for (const act of NOTICE_EVENT_ACTS) expect(check(noticeEvents[act] ?? ''), act).toBe(true);
  });

  it('names every audit action and every audit target', () => {
    const actions = vocabulary.auditActions as Record<string, string>;
    const targets = vocabulary.auditTargets as Record<string, string>;
    for (const [action, target] of Object.entries(auditActions)) {
      expect(check(actions[action] ?? ''), action).toBe(true);
      expect(check(targets[target] ?? ''), target).toBe(true);
    }
  });

  it('gives different acts of one life cycle different names', () => {
    for (const [cycle, names] of Object.entries(vocabulary.lifeCycles)) {
      const labels = Object.values(names.acts as Record<string, string>);
      expect(new Set(labels).size, cycle).toBe(labels.length);
    }
  });
});

describe('the pages read the catalogue', () => {
  it('takes the application statuses, the history, the notice timeline and the audit actions from it', () => {
    expect(zhCN.appCommon.statuses).toBe(vocabularyZhCN.lifeCycles.application.states);
    expect(zhCN.appCommon.acts).toBe(vocabularyZhCN.applicationEvents);
    expect(zhCN.notices.acts).toBe(vocabularyZhCN.noticeEvents);
    expect(zhCN.audit.actions).toBe(vocabularyZhCN.auditActions);
    expect(en.audit.actions).toBe(vocabularyEn.auditActions);
    // The list says what the notice says: 核准, not 已确认.
    expect(zhCN.appCommon.statuses.confirmed).toBe('已核准');
  });
});
