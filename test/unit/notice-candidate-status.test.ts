import { describe, expect, it } from 'vitest';
import { candidateStatusKey } from '../../web/src/pages/notices/notice-types.ts';
import { noticesZhCN as zh } from '../../web/src/i18n/notices.zh-CN.ts';

describe('a candidate status beside the notice phase', () => {
  it('says 待公示 before the first day and 公示期满 after the last, 公示中 only while it runs', () => {
    const label = (phase: Parameters<typeof candidateStatusKey>[1]) => zh.notices.candidateStatus[candidateStatusKey('in-notice', phase)];
    expect(label('not-started')).toBe('待公示');
    expect(label('running')).toBe('公示中');
    expect(label('ended')).toBe('公示期满');
  });

  it('keeps what happened to a withdrawn, confirmed or cancelled row whatever the phase', () => {
    for (const phase of ['not-started', 'running', 'ended', 'confirmed', 'cancelled'] as const) {
      expect(candidateStatusKey('withdrawn', phase)).toBe('withdrawn');
      expect(candidateStatusKey('confirmed', phase)).toBe('confirmed');
      expect(candidateStatusKey('cancelled', phase)).toBe('cancelled');
    }
  });
});
