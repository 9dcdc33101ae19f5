// The rules on the command line: certificate codes, identity numbers, working days, calendars and
// eligibility. Each command takes --json and then prints exactly one JSON object on stdout;
// exit 0 when the answer is given, 1 when the input is invalid or a rule refuses, 2 on wrong usage.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { addDays, dayOfWeek, daysInMonth, formatCalendarDate, WEEKDAY_NAMES } from '../domain/calendar-date.ts';
import {
  CERTIFICATE_CODE_LAYOUT,
  CERTIFICATE_LEVEL_NAMES,
  INSTITUTION_CATEGORY_NAMES,
  makeCertificateCode,
  parseCertificateCode,
  type CertificateCodeResult,
} from '../domain/certificate-code.ts';
import { checkEligibility, type EligibilityResult } from '../domain/eligibility.ts';
import { parseEligibilityInput } from '../domain/eligibility-input.ts';
import { DomainError, type LocalizedText, type ValidationIssue } from '../domain/errors.ts';
import { parseHolidayNotice, type HolidayNoticeProblem } from '../domain/holiday-notice.ts';
import {
  IDENTITY_TYPE_NAMES,
  IDENTITY_TYPES,
  maskIdNumber,
  validateIdentity,
  type IdentityType,
} from '../domain/identity.ts';
import { CERTIFICATE_PROVINCES, regionName } from '../domain/provinces.ts';
import {
  CALENDAR_SOURCE_NAMES,
  countWorkdays,
  createWorkCalendar,
  DAY_KIND_NAMES,
  isCalendarSource,
  dayKind,
  MINIMUM_NOTICE_WORKING_DAYS,
  noticeEnd,
  normaliseCalendarYear,
  type CalendarYear,
} from '../domain/working-days.ts';
import { detectCalendarFormat, noticeSourceDetail, parseCalendarFile } from '../platform/calendar-sources.ts';
import {
  bilingual,
  errorJson,
  EXIT_OK,
  EXIT_REFUSED,
  issueJson,
  printJson,
  setExitCode,
  usageExitHandler,
  wantsJson,
  writeErr,
  writeOut,
} from './output.ts';

/** A year as held, with who loaded it when when the store knows (the database does). */
export interface HeldCalendarYear extends CalendarYear {
  /** ISO instant of the load. */
  loadedAt?: string | null;
  /** The user name of whoever loaded it; null for the system and the command line. */
  loadedBy?: string | null;
}

export interface RulesCommandDependencies {
  /** Every calendar year the system holds. */
  loadCalendars(): Promise<HeldCalendarYear[]>;
  /** Loads or corrects one year (replacing what was held for it). */
  saveCalendar(calendar: CalendarYear): Promise<void>;
  /** Called once a command has finished. */
  close?(): Promise<void>;
  /** Today's date in China ('YYYY-MM-DD'); defaults to the system clock. */
  today(): string;
}

/** What a command answers: the JSON object, the human text, and the exit code. */
interface Outcome {
  readonly exitCode: number;
  readonly json: object;
  readonly human: string;
}

function answer(json: object, human: string): Outcome {
  return { exitCode: EXIT_OK, json, human };
}

function refusal(json: object, human: string): Outcome {
  return { exitCode: EXIT_REFUSED, json, human };
}

function invalid(errors: readonly ValidationIssue[], heading: LocalizedText, extra: object = {}): Outcome {
  return refusal(
    { valid: false, ...extra, errors: errors.map(issueJson) },
    [`${heading['zh-CN']} / ${heading.en}`, ...errors.map((issue) => `  - ${issue.message['zh-CN']}\n    ${issue.message.en}`)].join('\n'),
  );
}

function errorOutcome(code: string, message: LocalizedText, params: object = {}): Outcome {
  return refusal(errorJson(code, message, params), `错误 / Error [${code}]\n${bilingual(message)}`);
}

function domainErrorOutcome(error: DomainError): Outcome {
  if (error.code === 'CALENDAR_INVALID') {
    const { year, issues } = error.params as DomainError<'CALENDAR_INVALID'>['params'];
    return errorOutcome(error.code, error.messages, { ...(year === undefined ? {} : { year }), issues: issues.map(issueJson) });
  }
  return errorOutcome(error.code, error.messages, error.params as object);
}

/** Runs a command body, prints its outcome and records the exit code; never throws. */
async function runAction(
  command: Command,
  dependencies: RulesCommandDependencies,
  body: () => Promise<Outcome>,
): Promise<void> {
  let outcome: Outcome;
  try {
    outcome = await body();
  } catch (error) {
    outcome =
      error instanceof DomainError
        ? domainErrorOutcome(error)
        : errorOutcome('INTERNAL_ERROR', {
            'zh-CN': `内部错误：${(error as Error)?.message ?? String(error)}`,
            en: `Internal error: ${(error as Error)?.message ?? String(error)}`,
          });
  } finally {
    await dependencies.close?.();
  }
  if (wantsJson(command)) printJson(command, outcome.json);
  else if (outcome.exitCode === EXIT_OK) writeOut(command, outcome.human);
  else writeErr(command, outcome.human);
  setExitCode(command, outcome.exitCode);
}

function todayOf(dependencies: RulesCommandDependencies): string {
  return dependencies.today();
}

function yesNo(value: boolean): string {
  return value ? '是 / yes' : '否 / no';
}

// ---------------------------------------------------------------------------------------------
// Certificate codes

function certificateOutcome(result: CertificateCodeResult, heading: LocalizedText): Outcome {
  if (!result.valid) {
    return invalid(result.errors, { 'zh-CN': '证书编码无效', en: 'Invalid certificate code' });
  }
  const { parts } = result;
  const categoryName = INSTITUTION_CATEGORY_NAMES[parts.category];
  const provinceName = regionName(CERTIFICATE_PROVINCES, parts.provinceCode);
  const levelName = CERTIFICATE_LEVEL_NAMES[parts.level];
  const values: Record<string, string> = {
    category: `${parts.category}（${categoryName['zh-CN']} / ${categoryName.en}）`,
    institutionCode: parts.institutionCode,
    provinceCode: provinceName ? `${parts.provinceCode}（${provinceName['zh-CN']} / ${provinceName.en}）` : parts.provinceCode,
    siteCode: parts.siteCode,
    year: String(parts.year),
    level: `${parts.level}（${levelName['zh-CN']} / ${levelName.en}）`,
    serial: parts.serial,
  };
  const lines = CERTIFICATE_CODE_LAYOUT.map(
    (layout) => `  ${layout.name['zh-CN']} / ${layout.name.en}（第${layout.position}位起，${layout.width}位）：${values[layout.part]}`,
  );
  return answer(
    {
      valid: true,
      code: result.code,
      ...parts,
      categoryName,
      ...(provinceName ? { provinceName } : {}),
      levelName,
    },
    [`${heading['zh-CN']} / ${heading.en}：${result.code}`, ...lines].join('\n'),
  );
}

function registerCodeCommands(program: Command, dependencies: RulesCommandDependencies): void {
  const code = program
    .command('code')
    .description('职业技能等级证书编码 / vocational skill level certificate codes')
    .exitOverride(usageExitHandler(program));
  code
    .command('parse')
    .description('解析并校验22位证书编码 / parse and validate a 22-character certificate code')
    .argument('<code>', '证书编码 / the certificate code')
    .option('--json', '输出一个JSON对象 / print one JSON object')
    .action(async (value: string, _options: object, command: Command) =>
      runAction(command, dependencies, async () =>
        certificateOutcome(parseCertificateCode(value, { today: todayOf(dependencies) }), {
          'zh-CN': '证书编码有效',
          en: 'Valid certificate code',
        }),
      ),
    );
  code
    .command('make')
    .description('按编码规则生成证书编码 / build a certificate code by the coding rule')
    .requiredOption('--category <Y|S>', '机构类别 / institution category (Y employer, S social training evaluation organisation)')
    .requiredOption('--institution <code>', '机构代码（4位）/ institution code (4 digits)')
    .requiredOption('--province <code>', '省份代码（2位）/ province code (2 digits)')
    .requiredOption('--site <code>', '机构（站点）序列码（6位）/ institution (site) sequence (6 digits)')
    .requiredOption('--year <year>', '发证年份（如2021）/ year of issue (e.g. 2021)')
    .requiredOption('--level <level>', '等级：T 或 1–5 / level: T or 1–5')
    .requiredOption('--serial <serial>', '证书序号 1–999999 / certificate serial 1–999999')
    .option('--json', '输出一个JSON对象 / print one JSON object')
    .action(
      async (
        options: { category: string; institution: string; province: string; site: string; year: string; level: string; serial: string },
        command: Command,
      ) =>
        runAction(command, dependencies, async () => {
          const year = /^[0-9]{4}$/.test(options.year) ? Number(options.year) : Number.NaN;
          const result = makeCertificateCode(
            {
              category: options.category,
              institutionCode: options.institution,
              provinceCode: options.province,
              siteCode: options.site,
              year,
              level: options.level,
              serial: options.serial,
            },
            { today: todayOf(dependencies) },
          );
          return certificateOutcome(result, { 'zh-CN': '已生成证书编码', en: 'Certificate code built' });
        }),
    );
}

// ---------------------------------------------------------------------------------------------
// Identity numbers

function registerIdentityCommands(program: Command, dependencies: RulesCommandDependencies): void {
  const identity = program
    .command('id')
    .description('身份证件号码 / identity document numbers')
    .exitOverride(usageExitHandler(program));
  identity
    .command('check')
    .description('校验身份证件号码 / check an identity document number')
    .argument('<number>', '证件号码 / the document number')
    .addOption(
      new Option('--type <type>', '证件类型 / document type').choices([...IDENTITY_TYPES]).default('resident-id'),
    )
    .option('--json', '输出一个JSON对象 / print one JSON object')
    .action(async (number: string, options: { type: IdentityType }, command: Command) =>
      runAction(command, dependencies, async () => {
        const result = validateIdentity(options.type, number, { today: todayOf(dependencies) });
        const typeName = IDENTITY_TYPE_NAMES[options.type];
        const masked = maskIdNumber(number);
        if (!result.valid) {
          return invalid(result.errors, { 'zh-CN': `${typeName['zh-CN']}号码无效`, en: `Invalid number (${typeName.en})` }, {
            type: options.type,
            masked,
          });
        }
        const { number: _number, ...details } = result;
        const lines = [`${typeName['zh-CN']}号码有效 / Valid number (${typeName.en})：${masked}`];
        if (result.birthDate) lines.push(`  出生日期 / birth date：${result.birthDate}`);
        if (result.gender) lines.push(`  性别 / gender：${result.gender === 'male' ? '男 / male' : '女 / female'}`);
        if (result.region) lines.push(`  地区 / region：${result.region['zh-CN']} / ${result.region.en}`);
        return answer({ ...details, masked }, lines.join('\n'));
      }),
    );
}

// ---------------------------------------------------------------------------------------------
// Working days and calendars

function parseWorkingDays(value: string): number {
  if (!/^[0-9]+$/.test(value)) {
    throw new InvalidArgumentError('应为正整数 / expected a whole number');
  }
  return Number(value);
}

function registerWorkdayCommands(program: Command, dependencies: RulesCommandDependencies): void {
  const loadCalendar = async () => createWorkCalendar(await dependencies.loadCalendars());
  const workdays = program
    .command('workdays')
    .description('工作日（按国务院办公厅节假日安排）/ working days under the State Council holiday calendar')
    .exitOverride(usageExitHandler(program));
  workdays
    .command('is')
    .description('某日是否为工作日 / whether a date is a working day')
    .argument('<date>', '日期 YYYY-MM-DD / the date')
    .option('--json', '输出一个JSON对象 / print one JSON object')
    .action(async (date: string, _options: object, command: Command) =>
      runAction(command, dependencies, async () => {
        const calendar = await loadCalendar();
        const kind = dayKind(calendar, date);
        const workday = kind === 'working-day' || kind === 'make-up-working-day';
        const weekday = WEEKDAY_NAMES[dayOfWeek(date)];
        return answer(
          { date, workday, kind, weekday },
          `${date}（${weekday['zh-CN']} / ${weekday.en}）：${DAY_KIND_NAMES[kind]['zh-CN']} / ${DAY_KIND_NAMES[kind].en} — ${
            workday ? '工作日 / a working day' : '非工作日 / not a working day'
          }`,
        );
      }),
    );
  workdays
    .command('count')
    .description('两日之间（含首尾）的工作日数 / working days from FROM to TO, both included')
    .argument('<from>', '起始日期 / first day')
    .argument('<to>', '结束日期 / last day')
    .option('--json', '输出一个JSON对象 / print one JSON object')
    .action(async (from: string, to: string, _options: object, command: Command) =>
      runAction(command, dependencies, async () => {
        const count = countWorkdays(await loadCalendar(), from, to);
        return answer(
          { from, to, count },
          `${from} 至 ${to}（含首尾）共 ${count} 个工作日 / ${count} working days from ${from} to ${to}, both included`,
        );
      }),
    );
  workdays
    .command('notice-end')
    .description('公示期结束日：自START起（含）满N个工作日 / last day of a public notice of N working days from START')
    .argument('<start>', '公示开始日期 / first day of the notice')
    .option('--days <n>', `公示期工作日数，不少于${MINIMUM_NOTICE_WORKING_DAYS} / working days, at least ${MINIMUM_NOTICE_WORKING_DAYS}`, parseWorkingDays)
    .option('--json', '输出一个JSON对象 / print one JSON object')
    .action(async (start: string, options: { days?: number }, command: Command) =>
      runAction(command, dependencies, async () => {
        const days = options.days ?? MINIMUM_NOTICE_WORKING_DAYS;
        const end = noticeEnd(await loadCalendar(), start, days);
        return answer(
          { start, days, end },
          `公示期自 ${start} 起，满 ${days} 个工作日，至 ${end} 止 / A notice from ${start} lasting ${days} working days ends on ${end}`,
        );
      }),
    );
}

function yearSummary(calendar: HeldCalendarYear) {
  return {
    year: calendar.year,
    holidays: calendar.holidays.length,
    workdays: calendar.workdays.length,
    source: calendar.source ?? null,
    sourceDetail: calendar.sourceDetail ?? null,
    loadedAt: calendar.loadedAt ?? null,
    loadedBy: calendar.loadedBy ?? null,
  };
}

function sourceText(source: string | null, detail: string | null): string {
  const name = isCalendarSource(source) ? `${CALENDAR_SOURCE_NAMES[source]['zh-CN']} / ${CALENDAR_SOURCE_NAMES[source].en}` : (source ?? '-');
  return detail ? `${name}（${detail}）` : name;
}

const GRID_WEEKDAYS = '一二三四五六日';
const MONTH_NAMES_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Columns a text takes in a terminal: CJK characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(character) ? 2 : 1;
  return width;
}

function padDisplay(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** One month as rows of a terminal grid: Monday first, 休 after a day off, 班 after a make-up working day. */
function monthRows(year: number, month: number, holidays: ReadonlySet<string>, workdays: ReadonlySet<string>): string[] {
  const cells: string[] = [];
  const first = formatCalendarDate(year, month, 1);
  const lead = (dayOfWeek(first) + 6) % 7;
  for (let index = 0; index < lead; index += 1) cells.push('    ');
  for (let day = 1; day <= daysInMonth(year, month); day += 1) {
    const date = formatCalendarDate(year, month, day);
    const mark = holidays.has(date) ? '休' : workdays.has(date) ? '班' : '  ';
    cells.push(`${String(day).padStart(2, ' ')}${mark}`);
  }
  const rows = [padDisplay(`${month}月 ${MONTH_NAMES_EN[month - 1]}`, 34), [...GRID_WEEKDAYS].map((weekday) => ` ${weekday} `).join(' ')];
  for (let index = 0; index < cells.length; index += 7) rows.push(padDisplay(cells.slice(index, index + 7).join(' '), 34));
  return rows;
}

/** The twelve months, two side by side. */
export function formatYearGrid(year: number, holidays: readonly string[], workdays: readonly string[]): string {
  const off = new Set(holidays);
  const worked = new Set(workdays);
  const lines: string[] = [];
  for (let month = 1; month <= 12; month += 2) {
    const left = monthRows(year, month, off, worked);
    const right = monthRows(year, month + 1, off, worked);
    for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
      lines.push(`${left[index] ?? ' '.repeat(34)}    ${right[index] ?? ''}`.trimEnd());
    }
    lines.push('');
  }
  lines.push('图例 / legend：休 = 放假 / day off；班 = 调休上班 / make-up working day');
  return lines.join('\n');
}

/** Consecutive dates as ranges: 「1月1日—1月3日、1月5日」. */
function dateRanges(dates: readonly string[]): string {
  const ranges: string[][] = [];
  for (const date of [...dates].sort()) {
    const last = ranges.at(-1);
    if (last && addDays(last.at(-1)!, 1) === date) last.push(date);
    else ranges.push([date]);
  }
  const written = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
  return ranges.map((range) => (range.length === 1 ? written(range[0]) : `${written(range[0])}—${written(range.at(-1)!)}`)).join('、');
}

function noticeProblemJson(problem: HolidayNoticeProblem) {
  const messages =
    problem.line === null
      ? problem.reason
      : { 'zh-CN': `第${problem.line}行：${problem.reason['zh-CN']}`, en: `Line ${problem.line}: ${problem.reason.en}` };
  return { line: problem.line, text: problem.text, code: problem.code, message: messages['zh-CN'], messages };
}

function noticeRefusal(problems: readonly HolidayNoticeProblem[]): Outcome {
  const message: LocalizedText = {
    'zh-CN': `通知文本有 ${problems.length} 处无法识别或与日期不符，未读取任何日期`,
    en: `The text of the notice has ${problems.length} problem${problems.length === 1 ? '' : 's'} (unreadable, or not matching the dates); no date was read`,
  };
  return refusal(
    errorJson('HOLIDAY_NOTICE_INVALID', message, { errors: problems.map(noticeProblemJson) }),
    [
      `错误 / Error [HOLIDAY_NOTICE_INVALID]`,
      bilingual(message),
      ...problems.map((problem) =>
        [
          problem.line === null ? '  全文 / the whole text' : `  第${problem.line}行 / line ${problem.line}：${problem.text}`,
          `    ${problem.reason['zh-CN']}`,
          `    ${problem.reason.en}`,
        ].join('\n'),
      ),
    ].join('\n'),
  );
}

async function readTextFile(file: string): Promise<string | Outcome> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return errorOutcome(
      'FILE_UNREADABLE',
      { 'zh-CN': `无法读取文件 ${file}（${reason}）`, en: `Cannot read the file ${file} (${reason})` },
      { file },
    );
  }
}

function registerCalendarCommands(program: Command, dependencies: RulesCommandDependencies): void {
  const calendar = program
    .command('calendar')
    .description('节假日日历（法定节假日及调休上班日）/ holiday calendars (public holidays and make-up working days)')
    .exitOverride(usageExitHandler(program));
  calendar
    .command('parse')
    .description('读取国务院办公厅节假日安排通知原文并核对（不保存）/ read and check the text of the State Council holiday notice (nothing is saved)')
    .argument('<file>', '通知原文（UTF-8文本）/ the text of the notice (UTF-8)')
    .option('--json', '输出一个JSON对象 {year, holidays, workdays} / print one JSON object {year, holidays, workdays}')
    .action(async (file: string, _options: object, command: Command) =>
      runAction(command, dependencies, async () => {
        const text = await readTextFile(file);
        if (typeof text !== 'string') return text;
        const notice = parseHolidayNotice(text);
        if (!notice.valid) return noticeRefusal(notice.problems);
        const { year, holidays, workdays } = notice;
        const workingDays = countWorkdays(createWorkCalendar([{ year, holidays, workdays }]), `${year}-01-01`, `${year}-12-31`);
        const human = [
          noticeSourceDetail(notice),
          `${year}年：放假 ${holidays.length} 天，调休上班 ${workdays.length} 天，全年工作日 ${workingDays} 天`,
          `${year}: ${holidays.length} days off, ${workdays.length} make-up working days, ${workingDays} working days in the year`,
          ...notice.festivals.map((festival) => {
            const parts = [festival.holidays.length ? `放假 ${dateRanges(festival.holidays)}` : '', festival.workdays.length ? `上班 ${dateRanges(festival.workdays)}` : ''].filter(Boolean);
            return `  ${padDisplay(festival.name, 16)}${parts.join('；')}`;
          }),
          ...(notice.outsideYear.holidays.length || notice.outsideYear.workdays.length
            ? [
                `  不属于${year}年、未计入的日期 / dates of another year, not part of ${year}: ${[...notice.outsideYear.holidays, ...notice.outsideYear.workdays].sort().join(', ')}`,
              ]
            : []),
          '',
          formatYearGrid(year, holidays, workdays),
        ].join('\n');
        return answer({ year, holidays, workdays }, human);
      }),
    );
  calendar
    .command('load')
    .description('导入或更正年度日历（通知原文、JSON或ICS）/ load or correct calendar years (the notice\'s text, JSON or ICS)')
    .argument('<file>', '国务院办公厅通知原文或日历文件 / the text of the State Council notice, or a calendar file')
    .option('--source <label>', '记录的来源说明 / the source detail to record (default: the notice\'s title, or the file name)')
    .option('--json', '输出一个JSON对象 / print one JSON object')
    .action(async (file: string, options: { source?: string }, command: Command) =>
      runAction(command, dependencies, async () => {
        const text = await readTextFile(file);
        if (typeof text !== 'string') return text;
        const format = detectCalendarFormat(text);
        if (format === 'notice') {
          const notice = parseHolidayNotice(text);
          if (!notice.valid) return noticeRefusal(notice.problems);
        }
        // A notice names itself (its title and number); a file is named by its file name.
        const label = options.source ?? (format === 'notice' ? undefined : path.basename(file));
        const parsed = parseCalendarFile(text, label === undefined ? {} : { source: label });
        if (!parsed.valid) {
          return invalid(parsed.errors, { 'zh-CN': '日历文件无效，未导入任何年度', en: 'Invalid calendar file; nothing was loaded' });
        }
        const years = options.source === undefined ? parsed.years : parsed.years.map((year) => ({ ...year, sourceDetail: options.source }));
        for (const year of years) await dependencies.saveCalendar(year);
        const loaded = years.map(({ year, holidays, workdays, source, sourceDetail }) => ({
          year,
          holidays: holidays.length,
          workdays: workdays.length,
          source: source ?? null,
          sourceDetail: sourceDetail ?? null,
        }));
        return answer(
          { loaded },
          [
            `已导入 ${loaded.length} 个年度的日历 / Loaded ${loaded.length} calendar year${loaded.length === 1 ? '' : 's'}:`,
            ...loaded.map(
              (year) =>
                `  ${year.year}年：放假 ${year.holidays} 天，调休上班 ${year.workdays} 天 / ${year.holidays} holidays, ${year.workdays} make-up working days\n    来源 / source：${sourceText(year.source, year.sourceDetail)}`,
            ),
          ].join('\n'),
        );
      }),
    );
  calendar
    .command('list')
    .description('列出系统保存的年度日历 / list the calendar years the system holds')
    .option('--json', '输出一个JSON对象 / print one JSON object')
    .action(async (_options: object, command: Command) =>
      runAction(command, dependencies, async () => {
        const years = (await dependencies.loadCalendars()).map(yearSummary).sort((a, b) => a.year - b.year);
        return answer(
          { years },
          years.length === 0
            ? '系统尚未保存任何年度日历 / No calendar year is held'
            : [
                '年份 / year  放假 / holidays  调休上班 / make-up working days  来源 / source  导入 / loaded',
                ...years.map(
                  (year) =>
                    `${year.year}  ${year.holidays}  ${year.workdays}  ${sourceText(year.source, year.sourceDetail)}  ${
                      year.loadedAt ? `${year.loadedAt.slice(0, 10)} ${year.loadedBy ?? '系统或命令行 / system or command line'}` : '-'
                    }`,
                ),
              ].join('\n'),
        );
      }),
    );
}

// ---------------------------------------------------------------------------------------------
// Eligibility

function eligibilityHuman(result: EligibilityResult): string {
  const mark = (met: boolean) => (met ? '[✓]' : '[✗]');
  const state = (condition: EligibilityResult['conditions'][number]) => (condition.state === 'to-check' ? '[?]' : mark(condition.met));
  const outcome = { eligible: '符合 / eligible', ineligible: '不符合 / not eligible', 'to-check': '待人工核验 / to be checked by HR' }[result.outcome];
  return [
    `符合基本条件 / eligible：${yesNo(result.eligible)}（${outcome}）；优先评聘 / priority：${yesNo(result.priority)}`,
    '基本条件 / basic conditions:',
    ...result.conditions.map((condition) => `  ${state(condition)} ${condition.id}：${condition.reason['zh-CN']}\n      ${condition.reason.en}`),
    '优先条件 / priority conditions:',
    ...result.priorityConditions.map(
      (condition) => `  ${mark(condition.met)} ${condition.id}：${condition.reason['zh-CN']}\n      ${condition.reason.en}`,
    ),
  ].join('\n');
}

function registerEligibilityCommands(program: Command, dependencies: RulesCommandDependencies): void {
  const eligibility = program
    .command('eligibility')
    .description('申报条件（通知第三部分）/ eligibility (section 三 of the notice)')
    .exitOverride(usageExitHandler(program));
  eligibility
    .command('check')
    .description('按工作方案校验申报人是否符合条件 / check one applicant against one plan')
    .argument('<file>', 'JSON文件 {plan, applicant} / a JSON file {plan, applicant}')
    .option('--json', '输出一个JSON对象 / print one JSON object')
    .action(async (file: string, _options: object, command: Command) =>
      runAction(command, dependencies, async () => {
        const text = await readTextFile(file);
        if (typeof text !== 'string') return text;
        let data: unknown;
        try {
          data = JSON.parse(text.replace(/^\uFEFF/, ''));
        } catch (error) {
          return invalid(
            [
              {
                code: 'JSON_INVALID',
                message: {
                  'zh-CN': `文件不是有效的JSON：${(error as Error).message}`,
                  en: `The file is not valid JSON: ${(error as Error).message}`,
                },
              },
            ],
            { 'zh-CN': '输入无效', en: 'Invalid input' },
          );
        }
        const input = parseEligibilityInput(data);
        if (!input.valid) return invalid(input.errors, { 'zh-CN': '输入无效', en: 'Invalid input' });
        const result = checkEligibility(input.input.plan, input.input.applicant, { today: todayOf(dependencies) });
        return answer(result, eligibilityHuman(result));
      }),
    );
}

/**
 * Adds the rules commands (code, id, workdays, calendar, eligibility) to `program`. Usage errors
 * inside them end with exit 2 (and a JSON error under --json) whether or not the program is run
 * through runProgram; run it through runProgram to have the same for the program's own errors.
 */
export function registerRulesCommands(program: Command, dependencies: RulesCommandDependencies): void {
  registerCodeCommands(program, dependencies);
  registerIdentityCommands(program, dependencies);
  registerWorkdayCommands(program, dependencies);
  registerCalendarCommands(program, dependencies);
  registerEligibilityCommands(program, dependencies);
}

/**
 * Dependencies held in memory: the given years (e.g. builtInCalendars()), overlaid by the years
 * stored in `file` (a JSON array of calendar years) when one is named; loads are written back.
 */
export function fileCalendarDependencies(initial: readonly HeldCalendarYear[], file: string | undefined, today: () => string): RulesCommandDependencies {
  const readStored = async (): Promise<CalendarYear[]> => {
    if (!file) return [];
    try {
      return JSON.parse(await readFile(file, 'utf8')) as CalendarYear[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  };
  const saved = new Map<number, CalendarYear>();
  return {
    today,
    async loadCalendars() {
      const years = new Map<number, CalendarYear>();
      for (const year of [...initial, ...(await readStored()), ...saved.values()]) years.set(year.year, year);
      return [...years.values()].sort((a, b) => a.year - b.year);
    },
    async saveCalendar(calendar) {
      const normalised = normaliseCalendarYear(calendar);
      saved.set(normalised.year, normalised);
      if (file) {
        const stored = new Map((await readStored()).map((year) => [year.year, year]));
        stored.set(normalised.year, normalised);
        await writeFile(file, `${JSON.stringify([...stored.values()].sort((a, b) => a.year - b.year), null, 2)}\n`);
      }
    },
  };
}
