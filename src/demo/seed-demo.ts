// The demo data set: a whole pilot year, made by calling the same use cases the routes call, each
// with the request context of the user who would act (never by writing tables). Deterministic
// (a seeded PRNG: the same people, scores and votes on every run) and refused on a database that
// already holds it.
//
// The year runs under the default evaluation model (issue 21): an enterprise filed for skill level
// recognition (二(一)) evaluates without filing a pilot application with the ministry. The province
// sets its own area's rules for the year as an illustration (its enterprises' plans are filed with
// it; committees of at least 5); the group's subsidiary, under the central enterprise's HR body,
// follows the national default, files its plan with that body for information, and the body
// accepts it.
//
// Dates: the demo plays the year on its own clock (a ManualClock that every context it acts with
// carries), each act on its own working day, through the real services: the settings, then the
// plan, the register, applications in the application window, screening, review, a notice of five
// working days that starts on the day it is published, objections during it, confirmation after
// its last day, certificates, appointments, and an exit on the last day. The year ends at today
// (the process's clock). When today's year has no holiday calendar, or it is too early in the year
// for a whole year's work to lie behind it, the demo plays the latest year whose calendar is held
// and says so (DemoResult.note).
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { organisations, users } from '../db/schema.ts';
import { creditCodeCheckCharacter } from '../domain/credit-code.ts';
import { addDays, addYears, type CalendarDate } from '../domain/calendar-date.ts';
import { createWorkCalendar } from '../domain/working-days.ts';
import { loadCalendars } from '../platform/calendar-store.ts';
import { ManualClock, withClockScope, type Clock } from '../platform/clock.ts';
import { demoSchedule, NoDemoYear } from './schedule.ts';
import type { RequestContext } from '../platform/context.ts';
import { storeFile } from '../platform/files.ts';
import { getJob, runJobsOnce } from '../platform/jobs.ts';
import { lookupHash } from '../platform/personal-data.ts';
import type { Actor, Role } from '../platform/policy.ts';
import { ApplicationContentSchema } from '../modules/applications/schemas.ts';
import { createApplication, getApplication, saveApplication, submitApplication } from '../modules/applications/service.ts';
import { markEligible, rejectApplication, returnApplication, reviewCondition } from '../modules/applications/screening.ts';
import { appointHolder, recordStudioEntry, recordTreatment, signAppointment } from '../modules/appointments/service.ts';
import { exitAppointment } from '../modules/appointments/exit-appointment.ts';
import { ExitSchema } from '../modules/appointments/schemas.ts';
import { startBatchForConfirmedApplications } from '../modules/certificates/confirmed-applications.ts';
import { registerCertificateJobs } from '../modules/certificates/jobs.ts';
import { ISSUE_BATCH_JOB } from '../modules/certificates/issue-certificates.ts';
import { createNationalUpload } from '../modules/certificates/national-upload.ts';
import { listCertificates } from '../modules/certificates/manage-certificates.ts';
import { confirmNotice, decideObjection, investigateObjection, raiseObjection, startNotice } from '../modules/notices/service.ts';
import { seedOccupations } from '../modules/occupations/service.ts';
import { createOrganisation } from '../modules/organisations/service.ts';
import { setJurisdictionSetting } from '../modules/pilots/jurisdiction-settings.ts';
import { createPlan, decidePlanFiling, filePlan, publishPlan } from '../modules/plans/change-plans.ts';
import { createEmployeeUser, findEmployeeByHash, IMPORT_JOB_KIND, startRegisterImport } from '../modules/register/service.ts';
import { closeReview } from '../modules/review/close-review.ts';
import { createCommission, createCommittee, listCommissions, recordRecusal, startReview } from '../modules/review/committees.ts';
import { createExpert } from '../modules/review/experts.ts';
import { castVote, closeScoring, myReview, saveScores } from '../modules/review/scoring.ts';
import { createUser } from '../modules/users/service.ts';
import { changePassword } from '../modules/auth/service.ts';
import { between, makePeople, pick, seededRandom, yearsBefore, type DemoPerson, type Random } from './people.ts';
import { registerWorkbook } from './register-workbook.ts';

/** The password of every demo account (printed with the log-ins; a demo is not a production system). */
export const DEMO_PASSWORD = 'Demo-2024-ptech';
/** The user whose presence marks a database that already holds the demo. */
export const DEMO_MARKER_USERNAME = 'demo-ministry';
const SEED = 20_210_902; // 人社厅发〔2021〕66号, 2 September 2021

export interface DemoLogin {
  role: string;
  /** The role's name in Chinese, for the printed table. */
  roleName: string;
  username: string;
  password: string;
  organisation: string;
}

export interface DemoResult {
  /** The pilot year the demo played, and its first and last day. */
  year: number;
  from: CalendarDate;
  to: CalendarDate;
  /** Why the demo played another year than today's, when it did (printed with the result). */
  note: { 'zh-CN': string; en: string } | null;
  logins: DemoLogin[];
  certificates: { valid: string[]; revoked: string[] };
  /** What was made, for the summary line. */
  counts: { employees: number; applications: number };
}

export class DemoRefusal extends Error {
  constructor(
    readonly code: 'DEMO_ALREADY_SEEDED' | 'DEMO_NO_ADMIN' | 'DEMO_NO_CALENDAR' | 'DATABASE_IN_USE',
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh}\n${en}`);
  }
}

export type Progress = (message: string) => void;

const OCCUPATIONS = [
  { code: '6-18-01-01', name: '车工', weight: 45 },
  { code: '6-18-02-04', name: '焊工', weight: 35 },
  { code: '6-31-01-03', name: '电工', weight: 20 },
] as const;
const TURNER = '6-18-01-01';
const WELDER = '6-18-02-04';
const ELECTRICIAN = '6-31-01-03';
/** Believable projects per occupation, for the applications' achievements. */
const PROJECTS: Record<string, readonly string[]> = {
  [TURNER]: ['大型水轮发电机转子精密车削工艺优化', '汽轮机叶片叶根加工方法改进', '大型主轴深孔加工工装研制', '电机端盖数控车削程序优化'],
  [WELDER]: ['定子机座焊接变形控制', '大型压力容器环缝自动焊工艺研究', '不锈钢薄板脉冲焊接工艺改进', '焊接机器人离线编程应用'],
  [ELECTRICIAN]: ['大型电机试验站变频调速系统改造', '数控机床电气故障快速诊断方法', '车间配电系统节能改造', '起重设备PLC控制系统升级'],
};
const EVIDENCE_NAMES = {
  certificate: '高级技师职业技能等级证书.pdf',
  post: '高级技师岗位聘任文件.pdf',
  achievement: '技术成果鉴定及效益证明.pdf',
  mentoring: '带徒协议及徒弟取证情况.pdf',
  honour: '全国技术能手证书.pdf',
  health: '体检报告.pdf',
  integrity: '诚信承诺书.pdf',
} as const;
type EvidenceSet = Record<keyof typeof EVIDENCE_NAMES, { fileId: string; name: string }>;
const CONDITIONS = ['qualification', 'yearsInPost', 'occupation', 'frontLine', 'conduct', 'performance', 'health', 'notBanned'] as const;

const creditCode = (body: string) => body + creditCodeCheckCharacter(body);

function contextOf(actor: Actor, clock: Clock): RequestContext {
  return { actor, ip: '127.0.0.1', userAgent: 'ptech demo', clock };
}

/** The request context a signed-in user would have: the demo acts as each user in turn, on the demo's clock. */
export async function contextForUser(db: Database, userId: string, clock: Clock): Promise<RequestContext> {
  const [row] = await db.select({ user: users, organisation: organisations }).from(users).innerJoin(organisations, eq(organisations.id, users.organisationId)).where(eq(users.id, userId));
  if (!row) throw new Error(`no user ${userId}`);
  return contextOf({
    userId: row.user.id,
    username: row.user.username,
    displayName: row.user.displayName,
    organisationId: row.organisation.id,
    organisationPath: row.organisation.path,
    organisationKind: row.organisation.kind,
    roles: row.user.roles as Role[],
    mustChangePassword: false,
  }, clock);
}

/** Whether the database already holds the demo data set. */
export async function hasDemoData(db: Database): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, DEMO_MARKER_USERNAME));
  return Boolean(row);
}

/** A small, well-formed one-page PDF: the evidence and signed scans of the demo. */
function demoPdf(title: string): Buffer {
  const stream = `BT /F1 14 Tf 40 150 Td (${title.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<</Type/Catalog/Pages 2 0 R>>',
    '<</Type/Pages/Kids[3 0 R]/Count 1>>',
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>',
    `<</Length ${stream.length}>>stream\n${stream}\nendstream`,
    '<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj${object}endobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

interface Applicant {
  person: DemoPerson;
  employeeId: string;
  applicationId: string;
  revision: number;
  context: RequestContext;
}

/**
 * Seeds the demo on an open, migrated database with the system administrator bootstrapped, the
 * calendars loaded, file storage and the personal data key configured.
 */
export function seedDemo(db: Database, options: { clock: Clock; progress?: Progress }): Promise<DemoResult> {
  // The instants the database fills in (created_at, published_at…) come from the demo's clock
  // once it plays its year (seedDemoYear replaces the scope's clock), from the caller's before.
  const scope = { clock: options.clock };
  return withClockScope(scope, () => seedDemoYear(db, options, scope));
}

async function seedDemoYear(db: Database, options: { clock: Clock; progress?: Progress }, scope: { clock: Clock }): Promise<DemoResult> {
  const progress = options.progress ?? (() => undefined);
  if (await hasDemoData(db)) {
    throw new DemoRefusal(
      'DEMO_ALREADY_SEEDED',
      `数据库中已有演示数据（用户 ${DEMO_MARKER_USERNAME} 已存在），未做任何改动。如需重新生成，请使用新的数据目录（DATA_DIR）。`,
      `The database already holds the demo data (user ${DEMO_MARKER_USERNAME} exists); nothing was changed. To seed again, use a fresh data folder (DATA_DIR).`,
    );
  }
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, 'admin'));
  if (!admin) throw new DemoRefusal('DEMO_NO_ADMIN', '找不到系统管理员 admin，请先启动一次系统。', 'The system administrator admin does not exist; start the system once first.');
  registerCertificateJobs();
  await seedOccupations(db, options.clock);
  const random: Random = seededRandom(SEED);
  const held = await loadCalendars(db);
  const calendar = createWorkCalendar(held);
  const today = options.clock.today();
  let chosen: ReturnType<typeof demoSchedule>;
  try {
    chosen = demoSchedule(
      calendar,
      held.map((entry) => entry.year),
      today,
    );
  } catch (error) {
    if (!(error instanceof NoDemoYear)) throw error;
    throw new DemoRefusal(
      'DEMO_NO_CALENDAR',
      `系统保存的节假日日历中没有可用于生成演示数据的年度（今天：${today}），请先在「节假日日历」页面导入日历。`,
      `No calendar year held can carry the demo (today: ${today}); load a holiday calendar first (节假日日历).`,
    );
  }
  const { schedule, note } = chosen;
  if (note) progress(`${note['zh-CN']} / ${note.en}`);
  const { year, notice } = schedule;
  // The demo's own clock: every context below carries it, and each act moves it to its day.
  const clock = new ManualClock(`${schedule.start}T09:00:00+08:00`);
  scope.clock = clock;
  let current = schedule.start;
  /** Moves the demo's clock to a day (09:00 China time), or a few minutes on within the same day. */
  const on = (day: CalendarDate) => {
    if (day < current) throw new Error(`the demo's clock cannot go back from ${current} to ${day}`);
    if (day === current) clock.advance(4 * 60_000);
    else clock.set(`${day}T09:00:00+08:00`);
    current = day;
  };
  const timetable = {
    applicationFrom: schedule.applicationFrom,
    applicationTo: schedule.applicationTo,
    reviewFrom: schedule.reviewFrom,
    reviewTo: schedule.reviewTo,
    publicityFrom: schedule.notice.start,
    publicityTo: schedule.notice.end,
    issuanceDate: schedule.issuance,
  };
  const root = await contextForUser(db, admin.id, clock);
  const logins: DemoLogin[] = [];

  // An account opened with a one-time password whose user, at the first log-in, chooses the demo's
  // password (a password set by an administrator must always be changed by its user).
  const takeOver = async (userId: string, oneTimePassword: string) => {
    await changePassword(db, await contextForUser(db, userId, clock), { currentPassword: oneTimePassword, newPassword: DEMO_PASSWORD }, 'demo-first-log-in');
  };
  const user = async (organisationId: string, organisation: string, username: string, displayName: string, roles: Role[], shown?: { role: string; roleName: string }) => {
    const created = await createUser(db, root, { organisationId, username, displayName, roles });
    await takeOver(created.user.id, created.initialPassword!);
    if (shown) logins.push({ ...shown, username, password: DEMO_PASSWORD, organisation });
    return { id: created.user.id, context: await contextForUser(db, created.user.id, clock) };
  };

  // ------------------------------------------------------------------ organisations and users
  progress('组织机构与用户 / organisations and users');
  const rootId = root.actor.organisationId;
  await user(rootId, '人力资源和社会保障部', DEMO_MARKER_USERNAME, '部职业能力建设司 周明', ['ministry-admin'], { role: 'ministry-admin', roleName: '人社部管理员' });
  const province = await createOrganisation(db, root, { parentId: rootId, kind: 'department', name: '黑龙江省人力资源和社会保障厅', departmentType: 'provincial', provinceCode: '23' });
  const central = await createOrganisation(db, root, { parentId: rootId, kind: 'department', name: '华夏重型装备集团有限公司人力资源部', departmentType: 'central-enterprise' });
  const group = await createOrganisation(db, root, {
    parentId: central.id,
    kind: 'enterprise',
    name: '华夏重型装备集团有限公司',
    creditCode: creditCode('91110000100012345'),
    filing: { filed: true, level: 'national', authority: '人力资源社会保障部', number: '人社技能备〔2021〕018号' },
    institution: { category: 'Y', institutionCode: '0018', provinceCode: '11', siteCode: '000001' },
  });
  const harbin = await createOrganisation(db, root, {
    parentId: group.id,
    kind: 'enterprise',
    name: '华夏重装哈尔滨电机有限公司',
    creditCode: creditCode('91230100127045678'),
    filing: { filed: true, level: 'provincial', authority: '黑龙江省人力资源和社会保障厅', number: '黑人社技能备〔2021〕107号' },
    institution: { category: 'Y', institutionCode: '0000', provinceCode: '23', siteCode: '000321' },
  });
  const shenyang = await createOrganisation(db, root, {
    parentId: group.id,
    kind: 'enterprise',
    name: '华夏重装沈阳焊接装备有限公司',
    creditCode: creditCode('91210100117865432'),
    filing: { filed: true, level: 'provincial', authority: '辽宁省人力资源和社会保障厅', number: '辽人社技能备〔2021〕056号' },
    institution: { category: 'Y', institutionCode: '0000', provinceCode: '21', siteCode: '000158' },
  });
  // A provincially filed enterprise under the province: the province's settings are its rules.
  await createOrganisation(db, root, {
    parentId: province.id,
    kind: 'enterprise',
    name: '龙江锅炉制造有限公司',
    creditCode: creditCode('91230100128093456'),
    filing: { filed: true, level: 'provincial', authority: '黑龙江省人力资源和社会保障厅', number: '黑人社技能备〔2022〕031号' },
    institution: { category: 'Y', institutionCode: '0000', provinceCode: '23', siteCode: '000402' },
  });
  const body = await createOrganisation(db, root, { parentId: rootId, kind: 'evaluation-body', name: '中国机械工业技能人才评价中心', bodyType: 'industry' });
  const provinceAdmin = await user(province.id, province.name, 'demo-province', '省人社厅职业能力建设处 孙丽', ['department-admin'], { role: 'department-admin', roleName: '主管部门管理员（省人社厅）' });
  const centralAdmin = await user(central.id, central.name, 'demo-central', '集团人力资源部 郑强', ['department-admin'], { role: 'department-admin', roleName: '主管部门管理员（中央企业人力资源部）' });
  const groupHr = await user(group.id, group.name, 'demo-group-hr', '集团人力资源部 何静', ['enterprise-admin'], { role: 'enterprise-admin', roleName: '企业人力资源管理员（集团）' });
  const hr = await user(harbin.id, harbin.name, 'demo-hr', '人力资源部 王建国', ['enterprise-admin'], { role: 'enterprise-admin', roleName: '企业人力资源管理员（子公司）' });
  const bodyAdmin = await user(body.id, body.name, 'demo-body', '评价中心 陈志华', ['body-admin'], { role: 'body-admin', roleName: '考评机构管理员' });

  // ------------------------------------------------------------------ jurisdiction settings
  // The ministry sets nothing: the year runs the default, filed-enterprise model (二(一)). The
  // province sets its own area's rules, which reach 龙江锅炉制造有限公司 (below it), not the group.
  progress(`评聘工作设置（${schedule.start}）/ jurisdiction settings`);
  await setJurisdictionSetting(db, provinceAdmin.context, {
    year,
    model: 'provincial-plan-filing',
    deadline: schedule.applicationFrom,
    committee: { minimumSize: 5, oddSizeRequired: true },
    note: '演示：本省企业特级技师评聘工作方案报省人社厅备案，经接受后组织评审；评审委员会不少于5人且为单数。',
  });
  on(schedule.pilotAccepted);

  // -------------------------------------------------------------------------------- plan
  on(schedule.plan);
  progress(`工作方案（${schedule.plan}）/ work plan`);
  const cutoffDate = timetable.applicationTo;
  const plan = await createPlan(db, hr.context, {
    year,
    kind: 'evaluation',
    content: {
      title: `华夏重装哈尔滨电机有限公司${year}年特级技师评聘工作方案`,
      preamble: '为贯彻落实《人力资源社会保障部办公厅关于开展特级技师评聘试点工作的通知》（人社厅发〔2021〕66号），畅通技能人才职业发展通道，结合公司实际，制定本方案。',
      occupations: OCCUPATIONS.map((occupation) => occupation.code),
      eligibility: { cutoffDate, minYearsInPost: 5, minYearsPolicyDocument: null, additionalConditions: '近三年年度考核均为合格及以上。' },
      evaluation: {
        method: '材料评审、现场答辩与综合评议相结合，评审委员会无记名投票表决。',
        dimensions: [
          { code: 'performance', name: '业绩贡献', weight: 40 },
          { code: 'innovation', name: '技术创新', weight: 20 },
          { code: 'mentoring', name: '传技带徒', weight: 20 },
          { code: 'defence', name: '现场答辩', weight: 20 },
        ],
        aggregation: 'trimmed-mean',
      },
      organisation: { form: 'commissioned-industry', evaluationBodyId: body.id },
      committee: { size: 7, quorum: { numerator: 2, denominator: 3 }, voteThreshold: { numerator: 2, denominator: 3 }, secretBallot: true },
      quotas: [
        { occupationCode: TURNER, maxCount: 6, ratioPercent: 5, seniorTechnicianCount: 130 },
        { occupationCode: WELDER, maxCount: 4, ratioPercent: 5, seniorTechnicianCount: 90 },
        { occupationCode: ELECTRICIAN, maxCount: 3, ratioPercent: 5, seniorTechnicianCount: 60 },
      ],
      timetable,
      publicity: { workingDays: 5, scope: '公司内部网站及各车间公示栏' },
      contact: { name: '王建国', phone: '0451-86543210' },
      otherProvisions: '评聘工作接受纪检监察部门监督；对弄虚作假者，取消当年评聘资格，五年内不得申报。',
    },
  });
  await publishPlan(db, hr.context, plan.id, { changeNote: '经公司职工代表大会审议通过后发布' });
  // Filed with the supervising body for information (the national default asks no filing); it accepts.
  await filePlan(db, hr.context, plan.id);
  await decidePlanFiling(db, centralAdmin.context, plan.id, 'accept', '已收悉，同意按方案组织实施。');

  // ---------------------------------------------------------------------------- register
  const harbinPeople = makePeople(random, 1400, OCCUPATIONS, schedule.start, '23000321');
  const shenyangPeople = makePeople(random, 600, OCCUPATIONS, schedule.start, '21000158');
  for (const [people, enterprise, context, label] of [
    [harbinPeople, harbin, hr.context, '哈尔滨'],
    [shenyangPeople, shenyang, groupHr.context, '沈阳'],
  ] as const) {
    progress(`职工名册导入（${label}，${people.length}人）/ register import`);
    const bytes = await registerWorkbook(people);
    const { job } = await startRegisterImport(db, context, { fileName: `${enterprise.name}职工名册.xlsx`, bytes, enterpriseId: enterprise.id });
    const done = await finishJob(db, context, job.id, IMPORT_JOB_KIND, clock);
    const outcome = done.result as { outcome?: string; errors?: unknown[] } | null;
    if (done.status !== 'succeeded' || outcome?.outcome !== 'imported') throw new Error(`register import: ${JSON.stringify(done).slice(0, 1000)}`);
  }

  // ------------------------------------------------------------------------ applications
  on(schedule.applicationFrom);
  progress(`个人申报与资格审核（40份，${schedule.applicationFrom} 至 ${schedule.applicationTo}）/ 40 applications and screening`);
  // One scanned document per section and person, as an applicant would upload them: two people's
  // applications never share a scan (the evidence fingerprints would flag them as possible fraud).
  const evidenceSet = async (context: RequestContext, owner = context.actor.username): Promise<EvidenceSet> => {
    const entries = await sequential(Object.entries(EVIDENCE_NAMES), async ([key, name]) => {
      const file = await storeFile(db, context, { name, bytes: demoPdf(`${key} ${owner}`) });
      return [key, { fileId: file.id, name: file.name }] as const;
    });
    return Object.fromEntries(entries) as EvidenceSet;
  };
  const longServing = (person: DemoPerson) => yearsBefore(cutoffDate, 6) >= person.postSince;
  const pool = (code: string) => harbinPeople.filter((person) => person.occupationCode === code && longServing(person));
  const used = new Set<string>();
  const take = (code: string, count: number, filter: (person: DemoPerson) => boolean = () => true) => {
    const chosen = pool(code).filter((person) => !used.has(person.idNumber) && filter(person)).slice(0, count);
    if (chosen.length < count) throw new Error(`not enough people in ${code}`);
    for (const person of chosen) used.add(person.idNumber);
    return chosen;
  };
  const employeeIdOf = async (person: DemoPerson) => {
    const employee = await findEmployeeByHash(db, hr.context.actor.organisationPath, lookupHash('resident-id', person.idNumber));
    if (!employee) throw new Error(`${person.name} is not in the register`);
    return employee.id;
  };
  const contentFor = (person: DemoPerson, evidence: EvidenceSet, strong: boolean) =>
    ApplicationContentSchema.parse({
      identity: { name: person.name, gender: person.gender, birthDate: person.birthDate, department: person.department, phone: `139${String(between(random, 10_000_000, 99_999_999))}` },
      qualification: { kind: 'skill-level', certificateNumber: person.certificateNumber, issuedOn: person.certificateDate, evidence: [evidence.certificate] },
      occupationCode: person.occupationCode,
      stillInOccupation: true,
      post: { since: person.postSince, history: [{ from: person.postSince, to: null, unit: harbin.name, post: `${person.department}高级技师` }], evidence: [evidence.post] },
      achievements: [
        {
          kind: 'technology-transfer',
          title: pick(random, PROJECTS[person.occupationCode] ?? PROJECTS[TURNER]),
          description: `主持完成关键工序攻关，产品一次交检合格率由${between(random, 88, 95)}%提高到${between(random, 98, 99)}.${between(random, 1, 9)}%`,
          benefit: `年创效益${between(random, 40, 400)}万元`,
          apprentices: [],
          evidence: [evidence.achievement],
        },
        {
          kind: 'mentoring',
          title: '传技带徒',
          description: `近五年带徒${between(random, 3, 12)}名，其中${between(random, 1, 3)}名取得技师职业技能等级证书`,
          benefit: null,
          apprentices: [{ name: pick(random, ['刘洋', '张磊', '赵鹏', '李想', '孙浩']), levelReached: '技师' }],
          evidence: [evidence.mentoring],
        },
      ],
      honours: strong ? [{ id: 'national-technical-expert', awardedOn: yearsBefore(schedule.start, between(random, 2, 8)), issuer: '人力资源社会保障部', evidence: [evidence.honour] }] : [],
      conduct: { pledge: true, disciplinaryRecord: false },
      health: { fit: true, evidence: [evidence.health] },
      integrity: { pledge: true, evidence: [evidence.integrity] },
    });

  const apply = async (person: DemoPerson, strong = false, options: { submit?: boolean } = {}): Promise<Applicant> => {
    const employeeId = await employeeIdOf(person);
    const draft = await createApplication(db, hr.context, { planId: plan.id, employeeId });
    const saved = await saveApplication(db, hr.context, draft.id, { revision: draft.revision, content: contentFor(person, await evidenceSet(hr.context, person.certificateNumber), strong) });
    let revision = saved.revision;
    if (options.submit !== false) revision = (await submitApplication(db, hr.context, draft.id, { revision })).revision;
    return { person, employeeId, applicationId: draft.id, revision, context: hr.context };
  };
  const screenEligible = async (applicant: Applicant) => {
    // Front-line work is HR's to confirm (from the department and post); the rest confirms the rules core.
    for (const condition of CONDITIONS) await reviewCondition(db, hr.context, applicant.applicationId, condition, condition === 'frontLine' ? { decision: 'decide', met: true } : { decision: 'confirm' });
    await markEligible(db, hr.context, applicant.applicationId, '经审核，符合申报条件。');
  };

  // The employee with an account: applies herself, is returned for a missing document, corrects it.
  const days = schedule.applicationDays;
  const [employeePerson] = take(TURNER, 1, (person) => person.gender === 'female');
  const employeeId = await employeeIdOf(employeePerson);
  // HR opens her account with a one-time password; at her first log-in she sets the demo's password.
  const employeeUser = await createEmployeeUser(db, hr.context, employeeId, { username: 'demo-employee' });
  await takeOver(employeeUser.user.id, employeeUser.initialPassword!);
  logins.push({ role: 'employee', roleName: '职工（申报人）', username: 'demo-employee', password: DEMO_PASSWORD, organisation: harbin.name });
  const employee = await contextForUser(db, employeeUser.user.id, clock);
  const ownEvidence = await evidenceSet(employee);
  const own = await createApplication(db, employee, { planId: plan.id });
  const incomplete = contentFor(employeePerson, ownEvidence, true);
  const first = await saveApplication(db, employee, own.id, { revision: own.revision, content: { ...incomplete, honours: incomplete.honours.map((honour) => ({ ...honour, issuer: '黑龙江省人民政府' })) } });
  await submitApplication(db, employee, own.id, { revision: first.revision });
  on(days[1]);
  await returnApplication(db, hr.context, own.id, '全国技术能手的颁发单位填写有误（应为人力资源社会保障部），请更正后重新提交。');
  on(days[2]);
  const corrected = await saveApplication(db, employee, own.id, { revision: (await getApplication(db, employee, own.id)).revision, content: incomplete });
  const ownRevision = (await submitApplication(db, employee, own.id, { revision: corrected.revision })).revision;
  const ownApplicant: Applicant = { person: employeePerson, employeeId, applicationId: own.id, revision: ownRevision, context: employee };

  // 车工: 12 reach the committee (the employee among them).
  on(days[3]);
  const turners = [ownApplicant, ...(await sequential(take(TURNER, 11), (person, index) => apply(person, index < 4)))];
  // 焊工: 8 in review; 电工: 6 eligible, waiting for their committee.
  on(days[4]);
  const welders = await sequential(take(WELDER, 8), (person, index) => apply(person, index < 2));
  on(days[5]);
  const electricians = await sequential(take(ELECTRICIAN, 6), (person) => apply(person));
  // Still at screening: 5 submitted, 2 returned, 2 ineligible; 5 drafts.
  on(days[6]);
  await sequential([...take(TURNER, 2), ...take(WELDER, 2), ...take(ELECTRICIAN, 1)], (person) => apply(person));
  const toReturn = await sequential([...take(WELDER, 1), ...take(ELECTRICIAN, 1)], (person) => apply(person));
  on(days[7]);
  const recent = harbinPeople.filter((person) => !used.has(person.idNumber) && person.occupationCode === TURNER && yearsBefore(cutoffDate, 5) < person.postSince).slice(0, 2);
  for (const person of recent) used.add(person.idNumber);
  const toReject = await sequential(recent, (person) => apply(person));
  await sequential([...take(TURNER, 2), ...take(WELDER, 2), ...take(ELECTRICIAN, 1)], (person) => apply(person, false, { submit: false }));
  on(schedule.screening);
  for (const applicant of [...turners, ...welders, ...electricians]) await screenEligible(applicant);
  for (const applicant of toReturn) await returnApplication(db, hr.context, applicant.applicationId, '岗位任职经历缺少聘任文件，请补充上传后重新提交。');
  for (const applicant of toReject) await rejectApplication(db, hr.context, applicant.applicationId, `聘任高级技师岗位不满5年（自${applicant.person.postSince}起），不符合申报条件。`);

  // -------------------------------------------------------------------------------- review
  on(schedule.reviewFrom);
  progress(`组织评审（评审委员会7人，${schedule.reviewFrom} 至 ${schedule.reviewTo}）/ committee review`);
  await createCommission(db, hr.context, plan.id);
  const expertNames = [
    ['demo-chair', '刘永刚', '正高级工程师', '中国机械工业技能人才评价中心'],
    ['demo-expert', '高文华', '特级技师', '一重集团有限公司'],
    ['expert-03', '马振宇', '高级工程师', '哈尔滨工业大学'],
    ['expert-04', '林海波', '特级技师', '中国第二重型机械集团有限公司'],
    ['expert-05', '韩秀玲', '正高级工程师', '哈尔滨电气集团有限公司'],
    ['expert-06', '曹德明', '高级技师', '沈阳机床股份有限公司'],
    ['expert-07', '袁春雷', '高级工程师', '黑龙江省机械工程学会'],
  ] as const;
  const experts: { id: string; context: RequestContext }[] = [];
  for (const [index, [username, name, title, organisationName]] of expertNames.entries()) {
    const shown = index === 0 ? { role: 'expert', roleName: '评审专家（主任委员）' } : index === 1 ? { role: 'expert', roleName: '评审专家' } : undefined;
    const account = await user(body.id, body.name, username, name, ['expert'], shown);
    const expert = await createExpert(db, bodyAdmin.context, { name, occupationCode: TURNER, title, organisationName, userId: account.id });
    experts.push({ id: expert.id, context: account.context });
  }
  const [chair] = experts;
  const memberIds = experts.map((expert) => expert.id);
  const [commissionRow] = await listCommissions(db, bodyAdmin.context);
  const turnerCommittee = await createCommittee(db, bodyAdmin.context, { commissionId: commissionRow.id, name: '车工特级技师评审委员会', occupationCodes: [TURNER], memberIds, chairId: chair.id });
  await startReview(db, bodyAdmin.context, turnerCommittee.id);
  // One recusal: 专家5 declares a relative among the applicants.
  const recusedApplicant = turners[7];
  await recordRecusal(db, experts[4].context, turnerCommittee.id, { expertId: experts[4].id, applicationId: recusedApplicant.applicationId, reason: 'relative', note: '申报人系本人表弟' });
  // The six strongest (the employee among them) score higher and win the ballot.
  on(schedule.scoring);
  const strength = new Map(turners.map((applicant, index) => [applicant.applicationId, index < 6 ? 86 + between(random, 0, 8) : 68 + between(random, 0, 10)]));
  for (const expert of experts) {
    const mine = await myReview(db, expert.context, turnerCommittee.id);
    for (const candidate of mine.candidates) {
      const base = strength.get(candidate.applicationId)!;
      const scores = Object.fromEntries(mine.dimensions.map((dimension) => [dimension.code, Math.min(100, Math.max(50, base + between(random, -5, 5)))]));
      await saveScores(db, expert.context, turnerCommittee.id, candidate.applicationId, { scores, comment: base >= 86 ? '业绩突出，技术创新成果显著。' : '业绩较好，创新成果尚需积累。' });
    }
  }
  on(schedule.voting);
  await closeScoring(db, chair.context, turnerCommittee.id);
  for (const [index, expert] of experts.entries()) {
    const mine = await myReview(db, expert.context, turnerCommittee.id);
    for (const candidate of mine.candidates) {
      const strong = strength.get(candidate.applicationId)! >= 86;
      const vote = strong ? (index === 6 && random() < 0.5 ? 'abstain' : 'approve') : index < 2 ? 'approve' : 'disapprove';
      await castVote(db, expert.context, turnerCommittee.id, candidate.applicationId, vote);
    }
  }
  on(schedule.reviewTo);
  const recommendedIds = turners.slice(0, 6).map((applicant) => applicant.applicationId);
  await closeReview(db, chair.context, turnerCommittee.id, { confirm: true, recommendedIds });

  // 焊工: the committee has started; some experts have scored.
  const welderCommittee = await createCommittee(db, bodyAdmin.context, { commissionId: commissionRow.id, name: '焊工特级技师评审委员会', occupationCodes: [WELDER], memberIds, chairId: chair.id });
  await startReview(db, bodyAdmin.context, welderCommittee.id);
  for (const expert of experts.slice(2, 5)) {
    const mine = await myReview(db, expert.context, welderCommittee.id);
    for (const candidate of mine.candidates.slice(0, 5)) {
      const scores = Object.fromEntries(mine.dimensions.map((dimension) => [dimension.code, between(random, 70, 95)]));
      await saveScores(db, expert.context, welderCommittee.id, candidate.applicationId, { scores });
    }
  }

  // -------------------------------------------------------------------------------- notice
  on(notice.start);
  progress(`公示（${notice.start} 至 ${notice.end}）与异议处理 / public notice and objections`);
  const started = await startNotice(db, hr.context, { planId: plan.id, startDate: notice.start, contact: '公司人力资源部 王建国 0451-86543210；纪检监察室 0451-86543300', publicLink: true });
  const objectorPerson = take(ELECTRICIAN, 1)[0];
  const objectorAccount = await createEmployeeUser(db, hr.context, await employeeIdOf(objectorPerson), { username: 'employee-objector' });
  await takeOver(objectorAccount.user.id, objectorAccount.initialPassword!);
  const objector = await contextForUser(db, objectorAccount.user.id, clock);
  const candidateOf = (applicant: Applicant) => started.candidates.find((candidate) => candidate.applicationId === applicant.applicationId)!;
  on(schedule.objection);
  const dismissedOn = turners[2];
  const fraudOn = turners[4];
  const dismissed = await raiseObjection(
    db,
    objector,
    started.id,
    { candidateId: candidateOf(dismissedOn).id, name: objectorPerson.name, contact: '13945012345', content: '该同志带徒人数与实际不符，带徒期间部分徒弟已调离本单位。', evidenceFileIds: [] },
  );
  const upheld = await raiseObjection(
    db,
    objector,
    started.id,
    { candidateId: candidateOf(fraudOn).id, name: objectorPerson.name, contact: '13945012345', content: '该同志申报的技术攻关成果实为工艺科项目组完成，其本人未参与，申报材料涉嫌弄虚作假。', evidenceFileIds: [] },
  );
  on(schedule.finding);
  await investigateObjection(db, hr.context, started.id, dismissed.id, '调取带徒协议及徒弟考核档案核实。');
  await decideObjection(db, hr.context, started.id, dismissed.id, { outcome: 'dismissed', reasons: '经核查带徒协议和考核档案，所带徒弟均在带徒期间取得相应等级，申报内容属实。', fraud: false, unitFraud: false });
  await investigateObjection(db, hr.context, started.id, upheld.id, '调取项目立项、验收材料并约谈项目组成员。');
  await decideObjection(db, hr.context, started.id, upheld.id, { outcome: 'upheld', reasons: '经调查核实，该成果由工艺科项目组完成，申报人未参与，申报材料弄虚作假。', fraud: true, unitFraud: false });
  on(schedule.confirmation);
  await confirmNotice(db, hr.context, started.id);

  // ------------------------------------------------------------------------- certificates
  on(schedule.issuance);
  progress(`颁发证书（${schedule.issuance}）/ certificates`);
  const confirmed = turners.slice(0, 6).filter((applicant) => applicant !== fraudOn);
  const toIssue = confirmed.slice(0, 4);
  const batch = await startBatchForConfirmedApplications(db, hr.context, { planId: plan.id, issuedOn: schedule.issuance, applicationIds: toIssue.map((applicant) => applicant.applicationId) });
  const issuing = await finishJob(db, hr.context, batch.batch.jobId!, ISSUE_BATCH_JOB, clock);
  if (issuing.status !== 'succeeded') throw new Error(`certificate batch: ${JSON.stringify(issuing).slice(0, 1000)}`);
  const issued = (await listCertificates(db, hr.context, { planId: plan.id, limit: 50, offset: 0 })).items;
  const certificateOf = (applicant: Applicant) => {
    const found = issued.find((certificate) => certificate.applicationId === applicant.applicationId);
    if (!found) throw new Error(`no certificate for ${applicant.person.name}`);
    return found;
  };

  // The certificate data for the national query system: a batch to download and upload there.
  await createNationalUpload(db, hr.context, {}, { endpoint: null });

  // ------------------------------------------------------------------------- appointments
  on(schedule.appointment);
  progress(`聘任、工作室与退出（${schedule.appointment} 至 ${schedule.exit}）/ appointments, studio and exit`);
  const signedScan = await storeFile(db, hr.context, { name: '聘任协议（签字扫描件）.pdf', bytes: demoPdf('Signed agreement') });
  const appointments: { applicant: Applicant; id: string; certificateId: string }[] = [];
  for (const applicant of toIssue.slice(0, 3)) {
    const certificate = certificateOf(applicant);
    // The employee's agreement is open-ended (无固定期限); the others run three years.
    const openEnded = applicant === ownApplicant;
    const drafted = await appointHolder(db, hr.context, {
      certificateId: certificate.id,
      post: `${applicant.person.department}特级技师`,
      duties: '承担关键工序技术攻关；带徒传技，每年培养技师以上徒弟不少于2名；参与公司技术标准制定。',
      treatments: [
        { kind: 'pay', detail: '岗位工资、津贴和年金按公司正高级职称人员标准执行' },
        { kind: 'health-leave', detail: '每年安排一次疗休养' },
        ...(openEnded ? [{ kind: 'education' as const, detail: '子女入学按哈尔滨市高层次人才政策协助办理' }] : []),
      ],
      treatment: null,
      termKind: openEnded ? 'open-ended' : 'fixed',
      termStart: schedule.appointment,
      termEnd: openEnded ? null : addDays(addYears(schedule.appointment, 3), -1),
    });
    await signAppointment(db, hr.context, drafted.id, { signedOn: schedule.appointment, signedFileId: signedScan.id });
    appointments.push({ applicant, id: drafted.id, certificateId: certificate.id });
  }
  on(schedule.studio);
  const studioHolder = appointments.find((appointment) => appointment.applicant === ownApplicant) ?? appointments[0];
  await recordStudioEntry(db, hr.context, studioHolder.certificateId, { kind: 'project', title: '大型水轮发电机转子精密加工技能大师工作室攻关项目', projectCategory: 'technical-problem', result: '转子加工周期缩短15%', onDate: schedule.studio });
  await recordStudioEntry(db, hr.context, studioHolder.certificateId, { kind: 'apprentice', title: '张磊', detail: '金工车间技师', onDate: schedule.studio });
  await recordTreatment(db, hr.context, studioHolder.certificateId, { kind: 'pay', description: '按正高级职称人员标准发放岗位津贴', grantedOn: schedule.studio });
  on(schedule.exit);
  const exiting = appointments.find((appointment) => appointment !== studioHolder)!;
  const exitEvidence = await storeFile(db, hr.context, { name: '调查报告.pdf', bytes: demoPdf('Investigation report') });
  await exitAppointment(
    db,
    hr.context,
    exiting.id,
    ExitSchema.parse({ category: 'fraud', reason: '经举报核实，申报材料中的获奖证书系伪造，撤销特级技师证书并解除聘任。', endedOn: schedule.exit, evidenceFileIds: [exitEvidence.id], confirmFraud: true }),
  );

  const certificates = (await listCertificates(db, hr.context, { planId: plan.id, limit: 50, offset: 0 })).items;
  progress('完成 / done');
  return {
    year,
    from: schedule.start,
    to: schedule.exit,
    note,
    logins,
    certificates: {
      valid: certificates.filter((certificate) => certificate.status === 'valid').map((certificate) => certificate.code).sort(),
      revoked: certificates.filter((certificate) => certificate.status === 'revoked').map((certificate) => certificate.code).sort(),
    },
    counts: { employees: harbinPeople.length + shenyangPeople.length, applications: 40 },
  };
}

/**
 * Runs the job now in this process (the CLI has no runner); when a server's runner took it first
 * (the tests' app), waits for it.
 */
async function finishJob(db: Database, context: RequestContext, id: string, kind: string, clock: Clock) {
  await runJobsOnce(db, clock, { kinds: [kind] });
  for (let waited = 0; ; waited += 50) {
    const job = await getJob(db, context, id);
    if (job.status === 'succeeded' || job.status === 'failed' || waited > 60_000) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function sequential<T, R>(items: readonly T[], act: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const [index, item] of items.entries()) results.push(await act(item, index));
  return results;
}
