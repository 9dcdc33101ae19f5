// The summary a notice publishes by default: each achievement's title and description, joined
// with "；" without doubling the punctuation a description written as a sentence ends with.
import { describe, expect, it } from 'vitest';
import type { ApplicationContent } from '../../src/domain/application-rules.ts';
import { defaultSummary } from '../../src/modules/notices/service.ts';

const achievement = (title: string | null, description: string | null) => ({ kind: 'innovation', title, description, benefit: null, apprentices: [], evidence: [] });
const content = (achievements: ReturnType<typeof achievement>[]) => ({ achievements }) as unknown as ApplicationContent;

describe('defaultSummary', () => {
  it('joins title and description with "：" and achievements with "；", dropping a sentence’s final punctuation', () => {
    expect(defaultSummary(content([achievement('焊接工艺改进', '合格率提高到99.3%。'), achievement('传技带徒', '带徒5名；')]))).toBe('焊接工艺改进：合格率提高到99.3%；传技带徒：带徒5名');
  });

  it('says where to look when there is nothing to publish, and cuts a long text at 300 characters', () => {
    expect(defaultSummary(content([]))).toBe('（见申报材料）');
    const long = defaultSummary(content([achievement('攻关', '甲'.repeat(400))]));
    expect(long).toHaveLength(300);
    expect(long.endsWith('…')).toBe(true);
  });
});
