import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAgreementTemplate, DEFAULT_AGREEMENT_TEMPLATE, fillAgreementTemplate, PLACEHOLDER_NAMES, type AgreementValues } from '../../src/domain/agreement-template.ts';

const values = Object.fromEntries(PLACEHOLDER_NAMES.map((name) => [name, `«${name}»`])) as AgreementValues;

describe('the agreement template', () => {
  it('accepts the default text, which cites the notice and uses every placeholder', () => {
    expect(checkAgreementTemplate(DEFAULT_AGREEMENT_TEMPLATE)).toEqual([]);
    expect(DEFAULT_AGREEMENT_TEMPLATE).toContain('人社厅发〔2021〕66号');
    const filled = fillAgreementTemplate(DEFAULT_AGREEMENT_TEMPLATE, values);
    for (const name of PLACEHOLDER_NAMES) expect(filled).toContain(`«${name}»`);
    expect(filled).not.toMatch(/\{\{|\}\}/);
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
