import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runProgram } from '../../src/cli/output.ts';
import { fileCalendarDependencies, registerRulesCommands, type RulesCommandDependencies } from '../../src/cli/rules-commands.ts';
import type { CalendarYear } from '../../src/domain/working-days.ts';
import { builtInCalendars } from '../../src/platform/calendar-sources.ts';
import { TEST_NOW } from '../support/clock.ts';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'ptech-rules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scratchFile(name: string, content: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, content);
  return file;
}

interface TestDependencies extends RulesCommandDependencies {
  saved: CalendarYear[];
  closed: number;
}

function dependencies(initial: CalendarYear[] = builtInCalendars()): TestDependencies {
  const base = fileCalendarDependencies(initial, undefined, () => '2025-06-30');
  const state: TestDependencies = {
    saved: [],
    closed: 0,
    loadCalendars: () => base.loadCalendars(),
    saveCalendar: async (calendar) => {
      state.saved.push(calendar);
      await base.saveCalendar(calendar);
    },
    close: async () => {
      state.closed += 1;
    },
    today: () => '2025-06-30',
  };
  return state;
}

async function run(argv: string[], deps: RulesCommandDependencies = dependencies()) {
  const result = await runCli(argv, (program) => registerRulesCommands(program, deps));
  const json = argv.includes('--json') ? (JSON.parse(result.stdout) as Record<string, unknown>) : undefined;
  if (argv.includes('--json')) expect(result.stdout.trim().split('\n')).toHaveLength(1);
  return { ...result, json };
}

const exampleInput = {
  plan: { cutoffDate: '2021-10-31', occupations: ['6-18-01-01'], minYearsInPost: 5 },
  applicant: {
    qualification: { kind: 'skill-level', certificateNumber: 'Y000037000001181000123', level: 1 },
    seniorTechnicianPostSince: '2016-10-31',
    occupationCode: '6-18-01-01',
    stillInOccupation: true,
    conductPledge: true,
    disciplinaryRecord: false,
    achievements: ['mentoring'],
    healthFit: true,
    bannedUntil: null,
    honors: [],
  },
};

describe('ptech code', () => {
  it('parse: the contract of the issue', async () => {
    const { exitCode, json } = await run(['code', 'parse', 'Y00002300000121T000001', '--json']);
    expect(exitCode).toBe(0);
    expect(json).toMatchObject({
      valid: true,
      category: 'Y',
      institutionCode: '0000',
      provinceCode: '23',
      siteCode: '000001',
      year: 2021,
      level: 'T',
      serial: '000001',
      provinceName: { 'zh-CN': '黑龙江省', en: 'Heilongjiang' },
    });
  });

  it('parse: an invalid code gives every error and exit 1', async () => {
    const { exitCode, json } = await run(['code', 'parse', 'Z00008000000222A000000', '--json']);
    expect(exitCode).toBe(1);
    expect(json!.valid).toBe(false);
    const errors = json!.errors as { code: string; message: string; position: number }[];
    expect(errors.map((error) => error.code)).toEqual(['CATEGORY_INVALID', 'PROVINCE_CODE_INVALID', 'LEVEL_INVALID', 'SERIAL_INVALID']);
    expect(errors.map((error) => error.position)).toEqual([1, 6, 16, 17]);
    for (const error of errors) expect(typeof error.message).toBe('string');
  });

  it('parse: a year of issue after today is refused', async () => {
    const { exitCode, json } = await run(['code', 'parse', 'Y00002300000130T000001', '--json']);
    expect(exitCode).toBe(1);
    expect(json).toMatchObject({ valid: false, errors: [{ code: 'YEAR_IN_FUTURE' }] });
  });

  it('parse: human output, Chinese first', async () => {
    const { exitCode, stdout } = await run(['code', 'parse', 'Y00002300000121T000001']);
    expect(exitCode).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^证书编码有效/);
    expect(stdout).toContain('特级技师');
    const refused = await run(['code', 'parse', 'Y0000']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^证书编码无效/);
  });

  it('make: the contract of the issue', async () => {
    const argv = ['code', 'make', '--category', 'Y', '--institution', '0000', '--province', '23', '--site', '000001', '--year', '2021', '--level', 'T', '--serial', '1', '--json'];
    const { exitCode, json } = await run(argv);
    expect(exitCode).toBe(0);
    expect(json).toMatchObject({ code: 'Y00002300000121T000001', category: 'Y', year: 2021, serial: '000001' });
  });

  it('make: bad settings give exit 1 with every error; a missing option is wrong usage', async () => {
    const bad = await run(['code', 'make', '--category', 'Q', '--institution', '0000', '--province', '99', '--site', '1', '--year', 'soon', '--level', 'T', '--serial', '1', '--json']);
    expect(bad.exitCode).toBe(1);
    expect((bad.json!.errors as { field: string }[]).map((error) => error.field)).toEqual(['category', 'provinceCode', 'siteCode', 'year']);
    const usage = await run(['code', 'make', '--category', 'Y', '--json']);
    expect(usage.exitCode).toBe(2);
    expect(usage.json).toMatchObject({ error: { code: 'USAGE' } });
  });
});

describe('ptech id check', () => {
  it('the contract of the issue', async () => {
    const { exitCode, json } = await run(['id', 'check', '11010519491231002X', '--json']);
    expect(exitCode).toBe(0);
    expect(json).toMatchObject({ valid: true, birthDate: '1949-12-31', gender: 'female', type: 'resident-id' });
    expect(JSON.stringify(json)).not.toContain('11010519491231002X');
    expect(json!.masked).toBe('110105********002X');
  });

  it('an invalid number: exit 1 with the errors', async () => {
    const { exitCode, json } = await run(['id', 'check', '110105194912310021', '--json']);
    expect(exitCode).toBe(1);
    expect(json).toMatchObject({ valid: false, errors: [{ code: 'ID_CHECK_DIGIT_MISMATCH' }] });
  });

  it('takes --type; an unknown type is wrong usage', async () => {
    expect((await run(['id', 'check', 'H12345678', '--type', 'hk-macao-pass', '--json'])).json).toMatchObject({ valid: true, regionCode: 'HK' });
    const usage = await run(['id', 'check', 'H12345678', '--type', 'visa', '--json']);
    expect(usage.exitCode).toBe(2);
    expect(usage.json).toMatchObject({ error: { code: 'USAGE', commanderCode: 'commander.invalidArgument' } });
  });

  it('judges a birth date against today', async () => {
    const { exitCode, json } = await run(['id', 'check', '110105202507010012', '--json']);
    expect(exitCode).toBe(1);
    expect((json!.errors as { code: string }[]).map((error) => error.code)).toContain('ID_BIRTH_DATE_IN_FUTURE');
  });
});

describe('ptech workdays', () => {
  it('is: a make-up Sunday and a holiday', async () => {
    expect((await run(['workdays', 'is', '2024-02-04', '--json'])).json).toEqual({
      date: '2024-02-04',
      workday: true,
      kind: 'make-up-working-day',
      weekday: { 'zh-CN': '星期日', en: 'Sunday' },
    });
    expect((await run(['workdays', 'is', '2024-10-07', '--json'])).json).toMatchObject({ workday: false, kind: 'holiday' });
  });

  it('is: CALENDAR_MISSING with the year, exit 1', async () => {
    const { exitCode, json } = await run(['workdays', 'is', '2031-03-03', '--json']);
    expect(exitCode).toBe(1);
    expect(json).toMatchObject({ error: { code: 'CALENDAR_MISSING', year: 2031 } });
  });

  it('is: an unreal date is invalid input, exit 1', async () => {
    const { exitCode, json } = await run(['workdays', 'is', '2024-02-30', '--json']);
    expect(exitCode).toBe(1);
    expect(json).toMatchObject({ error: { code: 'INVALID_DATE' } });
  });

  it('count: both days included', async () => {
    const { exitCode, json } = await run(['workdays', 'count', '2024-02-07', '2024-02-19', '--json']);
    expect(exitCode).toBe(0);
    expect(json).toEqual({ from: '2024-02-07', to: '2024-02-19', count: 5 });
  });

  it('notice-end: default 5 days, --days more, fewer refused', async () => {
    expect((await run(['workdays', 'notice-end', '2024-09-27', '--json'])).json).toEqual({ start: '2024-09-27', days: 5, end: '2024-10-09' });
    expect((await run(['workdays', 'notice-end', '2024-09-13', '--days', '7', '--json'])).json).toEqual({
      start: '2024-09-13',
      days: 7,
      end: '2024-09-24',
    });
    const short = await run(['workdays', 'notice-end', '2024-09-13', '--days', '4', '--json']);
    expect(short.exitCode).toBe(1);
    expect(short.json).toMatchObject({ error: { code: 'NOTICE_TOO_SHORT', days: 4, minimum: 5 } });
    const usage = await run(['workdays', 'notice-end', '2024-09-13', '--days', 'five', '--json']);
    expect(usage.exitCode).toBe(2);
  });

  it('wrong usage: missing argument, unknown option, excess argument, missing subcommand', async () => {
    for (const argv of [
      ['workdays', 'count', '2024-01-01', '--json'],
      ['workdays', 'is', '2024-01-01', '--fast', '--json'],
      ['workdays', 'is', '2024-01-01', '2024-01-02', '--json'],
      ['workdays', 'sometimes', '--json'],
      ['nothing', '--json'],
    ]) {
      const result = await run(argv);
      expect(result.exitCode, argv.join(' ')).toBe(2);
      expect(result.json, argv.join(' ')).toMatchObject({ error: { code: 'USAGE' } });
    }
    const noSubcommand = await run(['workdays']);
    expect(noSubcommand.exitCode).toBe(2);
    expect(noSubcommand.stdout).toBe('');
  });

  it('help is no error', async () => {
    const { exitCode, stdout } = await run(['workdays', 'notice-end', '--help']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('--days');
  });

  it('closes the dependencies after each command', async () => {
    const deps = dependencies();
    await run(['workdays', 'is', '2024-02-04', '--json'], deps);
    await run(['workdays', 'is', '2031-02-04', '--json'], deps);
    expect(deps.closed).toBe(2);
  });
});

describe('ptech calendar', () => {
  it('load: an ICS of chinese-days for a year not yet held, then count in it', async () => {
    const deps = dependencies(builtInCalendars().filter((year) => year.year !== 2024));
    expect((await run(['workdays', 'is', '2024-02-04', '--json'], deps)).json).toMatchObject({ error: { code: 'CALENDAR_MISSING', year: 2024 } });
    const ics = require.resolve('chinese-days/dist/years/2024.ics');
    const { exitCode, json } = await run(['calendar', 'load', ics, '--json'], deps);
    expect(exitCode).toBe(0);
    expect(json).toEqual({ loaded: [{ year: 2024, holidays: 28, workdays: 8, source: 'file', sourceDetail: '2024.ics' }] });
    expect([deps.saved[0].source, deps.saved[0].sourceDetail]).toEqual(['file', '2024.ics']);
    expect((await run(['workdays', 'is', '2024-02-04', '--json'], deps)).json).toMatchObject({ workday: true });
  });

  it('load: a JSON correction replaces the year', async () => {
    const deps = dependencies();
    const file = scratchFile('correction.json', JSON.stringify({ year: 2024, holidays: ['2024-01-01', '2024-02-07'], workdays: [] }));
    expect((await run(['calendar', 'load', file, '--source', '国办发明电〔2023〕7号', '--json'], deps)).json).toEqual({
      loaded: [{ year: 2024, holidays: 2, workdays: 0, source: 'file', sourceDetail: '国办发明电〔2023〕7号' }],
    });
    expect(deps.saved[0].sourceDetail).toBe('国办发明电〔2023〕7号');
    expect((await run(['workdays', 'is', '2024-02-07', '--json'], deps)).json).toMatchObject({ workday: false });
    const list = (await run(['calendar', 'list', '--json'], deps)).json as { years: { year: number; source: string }[] };
    expect(list.years.find((year) => year.year === 2024)).toEqual({
      year: 2024,
      holidays: 2,
      workdays: 0,
      source: 'file',
      sourceDetail: '国办发明电〔2023〕7号',
      loadedAt: null,
      loadedBy: null,
    });
  });

  it('load: an invalid file loads nothing, exit 1', async () => {
    const deps = dependencies();
    const file = scratchFile('bad.json', JSON.stringify([
      { year: 2031, holidays: ['2031-01-01'], workdays: [] },
      { year: 2032, holidays: ['2031-01-01'], workdays: ['2032-02-30'] },
    ]));
    const { exitCode, json } = await run(['calendar', 'load', file, '--json'], deps);
    expect(exitCode).toBe(1);
    expect((json!.errors as { code: string }[]).map((error) => error.code)).toEqual(['CALENDAR_DATE_OUTSIDE_YEAR', 'CALENDAR_DATE_INVALID']);
    expect(deps.saved).toEqual([]);
    const unknown = await run(['calendar', 'load', scratchFile('notes.txt', 'holidays: none'), '--json'], deps);
    expect(unknown.json).toMatchObject({ valid: false, errors: [{ code: 'CALENDAR_FORMAT_UNKNOWN' }] });
    const missing = await run(['calendar', 'load', path.join(scratch, 'absent.ics'), '--json'], deps);
    expect(missing.exitCode).toBe(1);
    expect(missing.json).toMatchObject({ error: { code: 'FILE_UNREADABLE' } });
  });

  it('list: every year held with counts and source', async () => {
    const { exitCode, json } = await run(['calendar', 'list', '--json']);
    expect(exitCode).toBe(0);
    const years = (json as { years: { year: number; holidays: number; workdays: number; source: string }[] }).years;
    expect(years).toHaveLength(23);
    expect(years.find((year) => year.year === 2024)).toEqual({
      year: 2024,
      holidays: 28,
      workdays: 8,
      source: 'chinese-days',
      sourceDetail: expect.stringMatching(/^chinese-days@/),
      loadedAt: null,
      loadedBy: null,
    });
  });

  it('list: who loaded a year and when, as the store tells', async () => {
    const deps: RulesCommandDependencies = {
      today: () => '2026-11-02',
      loadCalendars: async () => [
        { year: 2027, holidays: ['2027-01-01'], workdays: [], source: 'state-council-notice', sourceDetail: '国务院办公厅关于2027年部分节假日安排的通知', loadedAt: '2026-11-02T01:00:00.000Z', loadedBy: 'admin' },
      ],
      saveCalendar: async () => undefined,
    };
    const { json, exitCode } = await run(['calendar', 'list', '--json'], deps);
    expect(exitCode).toBe(0);
    expect(json).toEqual({
      years: [
        { year: 2027, holidays: 1, workdays: 0, source: 'state-council-notice', sourceDetail: '国务院办公厅关于2027年部分节假日安排的通知', loadedAt: '2026-11-02T01:00:00.000Z', loadedBy: 'admin' },
      ],
    });
    const { stdout } = await run(['calendar', 'list'], deps);
    expect(stdout).toContain('2027  1  0  国务院办公厅通知原文 / State Council General Office\'s notice（国务院办公厅关于2027年部分节假日安排的通知）  2026-11-02 admin');
  });
});

describe('ptech calendar parse and load with the text of the State Council notice', () => {
  const noticeVectors = (JSON.parse(readFileSync(path.join(root, 'test/fixtures/vectors/holiday-notices/holiday-notices.json'), 'utf8')) as {
    cases: { name: string; year: number; text: string; expect: { holidays?: string[]; workdays?: string[]; reason?: string } }[];
  }).cases;
  const vector = (name: string) => noticeVectors.find((candidate) => candidate.name === name)!;

  for (const { name, year, text, expect: expected } of noticeVectors.filter((candidate) => candidate.expect.holidays)) {
    it(`parse --json: exactly {year, holidays, workdays} of ${name}, exit 0`, async () => {
      const { exitCode, stdout } = await run(['calendar', 'parse', scratchFile(`${name}.txt`, text), '--json']);
      expect(exitCode).toBe(0);
      expect(stdout).toBe(`${JSON.stringify({ year, holidays: expected.holidays, workdays: expected.workdays })}\n`);
    });
  }

  it('parse --json: a weekday or a day count that disagrees is refused with the line and the reason, exit 1', async () => {
    for (const name of ['wrong-weekday-2026', 'wrong-count-2025']) {
      const { text, expect: expected } = vector(name);
      const { exitCode, json } = await run(['calendar', 'parse', scratchFile(`${name}.txt`, text), '--json']);
      expect(exitCode, name).toBe(1);
      const error = (json as { error: { code: string; errors: { line: number; text: string; code: string; messages: { en: string } }[] } }).error;
      expect(error.code).toBe('HOLIDAY_NOTICE_INVALID');
      expect(error.errors).toHaveLength(1);
      expect(error.errors[0].messages.en).toBe(`Line ${error.errors[0].line}: ${expected.reason}`);
      expect(text.split('\n')[error.errors[0].line - 1]).toBe(error.errors[0].text);
    }
    const untitled = await run(['calendar', 'parse', scratchFile('untitled.txt', '一、元旦：1月1日放假。'), '--json']);
    expect(untitled.exitCode).toBe(1);
    expect(untitled.json).toMatchObject({ error: { code: 'HOLIDAY_NOTICE_INVALID', errors: [{ line: null, code: 'NOTICE_TITLE_MISSING' }] } });
    const absent = await run(['calendar', 'parse', path.join(scratch, 'absent.txt'), '--json']);
    expect(absent.exitCode).toBe(1);
    expect(absent.json).toMatchObject({ error: { code: 'FILE_UNREADABLE' } });
  });

  it('parse without --json: a readable summary and the months, or the problem on stderr', async () => {
    const { exitCode, stdout } = await run(['calendar', 'parse', scratchFile('2026.txt', vector('official-2026').text)]);
    expect(exitCode).toBe(0);
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      '国务院办公厅关于2026年部分节假日安排的通知',
      '2026年：放假 33 天，调休上班 6 天，全年工作日 248 天',
      '2026: 33 days off, 6 make-up working days, 248 working days in the year',
    ]);
    expect(stdout).toContain('春节            放假 2月15日—2月23日；上班 2月14日、2月28日');
    expect(stdout.split('\n')).toContain(`${[' 5  ', ' 6  ', ' 7  ', ' 8  ', ' 9  ', '10  ', '11  '].join(' ')}    ${[' 2  ', ' 3  ', ' 4  ', ' 5  ', ' 6  ', ' 7  ', ' 8'].join(' ')}`);
    expect(stdout).toContain(' 1休  2休  3休  4班');
    expect(stdout).toContain('图例 / legend');
    const refused = await run(['calendar', 'parse', scratchFile('wrong.txt', vector('wrong-weekday-2026').text)]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('第4行 / line 4：一、元旦：');
    expect(refused.stderr).toContain('1月4日 is a Sunday (周日), the text says 周一');
  });

  it('load: the text stores the year, its source the State Council text with its title and number', async () => {
    const deps = dependencies(builtInCalendars().filter((year) => year.year !== 2025));
    const { exitCode, json } = await run(['calendar', 'load', scratchFile('notice-2025.txt', vector('official-2025').text), '--json'], deps);
    expect(exitCode).toBe(0);
    expect(json).toEqual({
      loaded: [{ year: 2025, holidays: 28, workdays: 5, source: 'state-council-notice', sourceDetail: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）' }],
    });
    expect((await run(['workdays', 'count', '2025-01-01', '2025-12-31', '--json'], deps)).json).toMatchObject({ count: 248 });
    // The JSON that `calendar parse --json` prints loads too.
    const printed = (await run(['calendar', 'parse', scratchFile('p.txt', vector('official-2024').text), '--json'])).stdout;
    const fromJson = await run(['calendar', 'load', scratchFile('2024-parsed.json', printed), '--json'], deps);
    expect(fromJson.json).toEqual({ loaded: [{ year: 2024, holidays: 28, workdays: 8, source: 'file', sourceDetail: '2024-parsed.json' }] });
  });

  it('load: a text that disagrees with itself stores nothing, exit 1', async () => {
    const deps = dependencies();
    const { exitCode, json } = await run(['calendar', 'load', scratchFile('wrong-count.txt', vector('wrong-count-2025').text), '--json'], deps);
    expect(exitCode).toBe(1);
    expect(json).toMatchObject({ error: { code: 'HOLIDAY_NOTICE_INVALID', errors: [{ line: 7, code: 'NOTICE_DAY_COUNT_MISMATCH' }] } });
    expect(deps.saved).toEqual([]);
  });
});

describe('ptech eligibility check', () => {
  it('the example of DOMAIN.md', async () => {
    const file = scratchFile('example.json', JSON.stringify(exampleInput));
    const { exitCode, json } = await run(['eligibility', 'check', file, '--json']);
    expect(exitCode).toBe(0);
    // Front-line work (三's lead-in) is not stated in the example: it is for HR to confirm.
    expect(json).toMatchObject({ eligible: false, outcome: 'to-check', priority: false });
    const conditions = json!.conditions as { id: string; state: string; met: boolean; reason: { 'zh-CN': string; en: string } }[];
    expect(conditions.map((condition) => condition.id)).toEqual(['qualification', 'yearsInPost', 'occupation', 'frontLine', 'conduct', 'performance', 'health', 'notBanned']);
    expect(conditions.filter((condition) => condition.state !== 'met').map((condition) => `${condition.id}:${condition.state}`)).toEqual(['frontLine:to-check']);
    for (const condition of conditions) expect(condition.reason['zh-CN']).toBeTruthy();
    expect(json!.priorityConditions).toHaveLength(5);
    const stated = await run(['eligibility', 'check', scratchFile('stated.json', JSON.stringify({ ...exampleInput, applicant: { ...exampleInput.applicant, frontLine: true } })), '--json']);
    expect(stated.json).toMatchObject({ eligible: true, outcome: 'eligible' });
  });

  it("the README's sample applicant file exists and is eligible", async () => {
    const file = fileURLToPath(new URL('../../docs/examples/applicant.json', import.meta.url));
    const { exitCode, json } = await run(['eligibility', 'check', file, '--json']);
    expect(exitCode).toBe(0);
    expect(json).toMatchObject({ eligible: true, outcome: 'eligible' });
    expect(readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8')).toContain('eligibility check docs/examples/applicant.json');
  });

  it('an applicant who does not qualify is an answer: exit 0', async () => {
    const input = { ...exampleInput, plan: { ...exampleInput.plan, cutoffDate: '2021-10-30' } };
    const { exitCode, json } = await run(['eligibility', 'check', scratchFile('short.json', JSON.stringify(input)), '--json']);
    expect(exitCode).toBe(0);
    expect(json!.eligible).toBe(false);
  });

  it('invalid input: exit 1 with the faults', async () => {
    const input = { plan: { cutoffDate: '2021-10-31' }, applicant: {} };
    const { exitCode, json } = await run(['eligibility', 'check', scratchFile('invalid.json', JSON.stringify(input)), '--json']);
    expect(exitCode).toBe(1);
    expect(json!.valid).toBe(false);
    expect((json!.errors as { field: string }[]).map((error) => error.field)).toContain('plan.occupations');
    const notJson = await run(['eligibility', 'check', scratchFile('broken.json', '{'), '--json']);
    expect(notJson.exitCode).toBe(1);
    expect(notJson.json).toMatchObject({ valid: false, errors: [{ code: 'JSON_INVALID' }] });
  });

  it('human output lists the conditions, Chinese first', async () => {
    const { stdout } = await run(['eligibility', 'check', scratchFile('human.json', JSON.stringify(exampleInput))]);
    expect(stdout.split('\n')[0]).toMatch(/^符合基本条件/);
    expect(stdout).toContain('[✓] yearsInPost');
  });
});

describe('the file-backed calendar store', () => {
  it('keeps loaded years in $PTECH_CALENDAR_FILE across runs', async () => {
    const file = path.join(scratch, 'calendars.json');
    const first = fileCalendarDependencies([], file, () => '2025-06-30');
    await first.saveCalendar({ year: 2031, holidays: ['2031-01-01'], workdays: [], source: 'test' });
    const second = fileCalendarDependencies(builtInCalendars(), file, () => '2025-06-30');
    const years = await second.loadCalendars();
    expect(years.map((year) => year.year)).toContain(2031);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([{ year: 2031, holidays: ['2031-01-01'], workdays: [], source: 'test' }]);
  });
});

describe('runProgram', () => {
  it('returns the exit code without ending the process', async () => {
    const program = new Command('ptech');
    let out = '';
    registerRulesCommands(program, dependencies());
    const exitCode = await runProgram(program, ['workdays', 'is', '2031-01-01', '--json'], {
      writeOut: (text) => {
        out += text;
      },
      writeErr: () => {},
    });
    expect(exitCode).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ error: { code: 'CALENDAR_MISSING' } });
  });
});

describe('the command in a real process', () => {
  const execute = promisify(execFile);
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const entry = path.join(root, 'src', 'cli', 'standalone-rules.ts');

  async function spawn(args: string[], environment: Record<string, string> = {}) {
    try {
      const { stdout, stderr } = await execute(tsx, [entry, ...args], { cwd: root, env: { ...process.env, PTECH_NOW: TEST_NOW, ...environment } });
      return { exitCode: 0, stdout, stderr };
    } catch (error) {
      const failure = error as { code: number; stdout: string; stderr: string };
      return { exitCode: failure.code, stdout: failure.stdout, stderr: failure.stderr };
    }
  }

  it('exit 0 with one JSON object', async () => {
    const result = await spawn(['workdays', 'notice-end', '2024-02-07', '--json']);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ start: '2024-02-07', days: 5, end: '2024-02-19' });
  }, 30_000);

  it('exit 1 when a rule refuses', async () => {
    const result = await spawn(['workdays', 'count', '2030-12-01', '2031-01-10', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'CALENDAR_MISSING', year: 2030 } });
  }, 30_000);

  it('exit 2 on wrong usage, still one JSON object', async () => {
    const result = await spawn(['id', 'check', '--json']);
    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'USAGE' } });
  }, 30_000);

  it('calendar parse FILE --json prints exactly the year and its lists, exit 0', async () => {
    const notice = scratchFile('process-2026.txt', (JSON.parse(readFileSync(path.join(root, 'test/fixtures/vectors/holiday-notices/holiday-notices.json'), 'utf8')) as { cases: { name: string; text: string }[] }).cases.find((candidate) => candidate.name === 'official-2026')!.text);
    const result = await spawn(['calendar', 'parse', notice, '--json']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^\{"year":2026,"holidays":\["2026-01-01","2026-01-02",.*\],"workdays":\["2026-01-04","2026-02-14","2026-02-28","2026-05-09","2026-09-20","2026-10-10"\]\}\n$/);
  }, 30_000);

  it('calendar load writes $PTECH_CALENDAR_FILE, and the next run counts in the loaded year', async () => {
    const store = path.join(scratch, 'process-store.json');
    const calendar = scratchFile('2031.json', JSON.stringify({ year: 2031, holidays: ['2031-01-01', '2031-01-02', '2031-01-03'], workdays: ['2031-01-04'] }));
    const loaded = await spawn(['calendar', 'load', calendar, '--json'], { PTECH_CALENDAR_FILE: store });
    expect(loaded.exitCode).toBe(0);
    const result = await spawn(['workdays', 'is', '2031-01-04', '--json'], { PTECH_CALENDAR_FILE: store });
    expect(JSON.parse(result.stdout)).toMatchObject({ workday: true, kind: 'make-up-working-day' });
  }, 30_000);
});
