import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAgreementTemplate, DEFAULT_AGREEMENT_TEMPLATE, fillAgreementTemplate, PLACEHOLDER_NAMES, termText, treatmentsText, type AgreementValues } from '../../src/domain/agreement-template.ts';

const values = Object.fromEntries(PLACEHOLDER_NAMES.map((name) => [name, `«${name}»`])) as AgreementValues;

describe('the agreement template', () => {
  it('accepts the default text, which cites the notice and uses every placeholder (the term as a whole, not its two days)', () => {
    expect(checkAgreementTemplate(DEFAULT_AGREEMENT_TEMPLATE)).toEqual([]);
    expect(DEFAULT_AGREEMENT_TEMPLATE).toContain('人社厅发〔2021〕66号');
    const filled = fillAgreementTemplate(DEFAULT_AGREEMENT_TEMPLATE, values);
    for (const name of PLACEHOLDER_NAMES.filter((item) => item !== '聘期起' && item !== '聘期止')) expect(filled).toContain(`«${name}»`);
    expect(filled).not.toMatch(/\{\{|\}\}/);
  });

  it('writes a fixed term with its end and an open-ended one (无固定期限) without', () => {
    expect(termText('fixed', '2026-01-01', '2028-12-31')).toBe('自2026年1月1日起至2028年12月31日止');
    expect(termText('open-ended', '2026-01-01', null)).toBe('自2026年1月1日起，无固定期限');
  });

  it('lists the treatments of 五(二) one by one, the free ones by their own name, then the enterprise’s words', () => {
    const text = treatmentsText(
      [
        { kind: 'pay', detail: '岗位工资按正高级工程师标准' },
        { kind: 'health-leave', detail: null },
        { kind: 'housing', detail: '人才公寓一套' },
        { kind: 'other', detail: '年度技能津贴每月2000元' },
      ],
      '其他按公司规定执行。',
    );
    expect(text.split('\n')).toEqual([
      '（一）比照甲方正高级职称人员享受同等待遇：岗位工资按正高级工程师标准。',
      '（二）疗休养（休假）。',
      '（三）购（租）住房：人才公寓一套。',
      '（四）年度技能津贴每月2000元。',
      '（五）其他按公司规定执行。',
    ]);
    expect(treatmentsText([], null)).toBe('按甲方有关规定执行。');
  });

  it('lists every unknown placeholder once, an unclosed one and an empty text', () => {
    const issues = checkAgreementTemplate('{{姓名}} {{工资}} {{ 部门 }} {{工资}} {{岗位');
    expect(issues.map((issue) => [issue.code, issue.placeholder])).toEqual([
      ['PLACEHOLDER_UNKNOWN', '工资'],
      ['PLACEHOLDER_UNKNOWN', '部门'],
      ['PLACEHOLDER_UNCLOSED', undefined],
    ]);
    expect(checkAgreementTemplate('  ').map((issue) => issue.code)).toEqual(['TEMPLATE_EMPTY']);
  });

  it('fills known placeholders (spaces inside the braces allowed) and leaves plain text as it is', () => {
    expect(fillAgreementTemplate('甲方{{ 企业名称 }}聘任{{姓名}}。', values)).toBe('甲方«企业名称»聘任«姓名»。');
    fc.assert(
      fc.property(fc.string().filter((text) => !text.includes('{') && !text.includes('}')), (text) => {
        expect(checkAgreementTemplate(`${text}{{姓名}}`)).toEqual([]);
        expect(fillAgreementTemplate(text, values)).toBe(text);
      }),
    );
  });
});
