// The benchmarks' data sets, made by a seeded generator (the same seed gives the same people)
// and written through the product's own paths, never with SQL that skips its rules:
//
// - certificates: `issueCertificates` — the 颁证 act itself (every holder validated, serials drawn
//   from the counter row, identity numbers encrypted with their look-up hash, one audit entry per
//   certificate), 2,000 holders an act, as HR's batch page sends them. A certificate rests on a
//   confirmed list: each act's holders first stand confirmed on a notice of the enterprise's plan
//   (test/support/confirmed-list.ts writes that result of the procedure directly). It is the product's bulk path:
//   issuance stores rows only; a certificate's PDF is rendered when someone asks for it (the
//   certificate's PDF, or a batch's print file made by the batch job). 1,000,000 certificates
//   take ten enterprises (a site's serial stops at 999,999 a year).
// - the employee register: an Excel workbook in the import template's layout, imported by the
//   real import job over HTTP (validation, encryption, staging, merge).
// - applications: HR starts each one on behalf of a register employee, fills it with evidence and
//   submits it (the eligibility rules run), through the applications service.
import { installPersonalDataKey, resolvePersonalDataKey } from '../src/platform/personal-data.ts';
import { performance } from 'node:perf_hooks';
import { addDays } from '../src/domain/calendar-date.ts';
import { residentIdCheckCharacter } from '../src/domain/identity.ts';
import type { RegisterColumnKey } from '../src/domain/register-rules.ts';
import { issueCertificates } from '../src/modules/certificates/issue-certificates.ts';
import { createApplication, saveApplication, submitApplication } from '../src/modules/applications/service.ts';
import { systemContext, type RequestContext } from '../src/platform/context.ts';
import { contextFor } from '../test/support/actors.ts';
import { confirmedList } from '../test/support/confirmed-list.ts';
import { buildEnterprise, buildProvince } from '../test/support/factories.ts';
import { pilotGroup, currentYear } from '../test/support/pilot-factories.ts';
import { ADMIN_PASSWORD, createTestApp, TestClient, testConfig, type TestApp } from '../test/support/test-app.ts';
import { openDatabase } from '../src/db/client.ts';
import { bootstrap } from '../src/platform/bootstrap.ts';
import { seedCalendars } from '../src/platform/calendar-store.ts';
import { buildApp } from '../src/server.ts';
import { completeContent, importRegister, openPlan, registerWorkbook } from '../test/integration/applications-fixtures.ts';
import type { Config } from '../src/platform/config.ts';
import { seededRandom, type BenchContext } from './lib.ts';
import { testClock } from '../test/support/clock.ts';

export type Engine = 'pglite' | 'postgres';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强文斌海峰春梅玉兰红梅宏伟晓东立新国庆振华永刚德明';
const DEPARTMENTS = ['总装车间', '焊接车间', '机加车间', '电气车间', '检修分厂', '热处理车间', '铸造分厂', '工艺技术部'];
/** Register rows: most meet the plan; some came to the post too recently, some work in another occupation. */
const PLAN_OCCUPATION = '6-18-01-01';
const OTHER_OCCUPATION = '6-18-01-03';

/** A test app (the whole server in-process) on a fresh database of the engine, with the rate limits opened for load. */
export async function benchApp(ctx: Pick<BenchContext, 'postgres'>, engine: Engine, overrides: Partial<Config> = {}): Promise<TestApp> {
  const configOverrides: Partial<Config> = {
    publicRateLimitPerMinute: 1_000_000_000,
    rateLimitPerMinute: 1_000_000_000,
    loginRateLimitPerMinute: 1_000_000,
    jobPollMs: 50,
    ...overrides,
  };
  if (engine === 'postgres') {
    // A new database on the run's server, dropped again by close().
    process.env.TEST_DATABASE_URL = (await ctx.postgres()).url;
    process.env.TEST_DB = engine;
    return createTestApp(configOverrides);
  }
  // PGlite: a fresh in-memory database, migrated at open (the test harness's PGlite path reads a
  // template that only a Vitest run provides).
  const handle = await openDatabase({});
  const clock = testClock();
  const config = testConfig(configOverrides);
  // The audit chain is keyed by the personal data key: installed before bootstrap's first entry (a
  // PGlite benchmark run alone crashed here when no earlier one had installed it).
  installPersonalDataKey(resolvePersonalDataKey(config).key);
  await bootstrap(handle.db, { adminPassword: ADMIN_PASSWORD, clock });
  await seedCalendars(handle.db, clock);
  const app = await buildApp(config, { db: handle.db, logger: false, clock });
  await app.ready();
  return {
    app,
    handle,
    config,
    clock,
    login: (username, password) => TestClient.login(app, username, password),
    admin: () => TestClient.login(app, 'admin', ADMIN_PASSWORD),
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

/** The people of one seed: a name, a valid resident ID (unique by index), gender and birth date that agree with it. */
export function person(seed: number, index: number) {
  const random = seededRandom(seed * 1_000_003 + index);
  const name = SURNAMES[Math.floor(random() * SURNAMES.length)] + GIVEN[Math.floor(random() * GIVEN.length)] + (random() < 0.6 ? GIVEN[Math.floor(random() * GIVEN.length)] : '');
  // Unique by construction: the index picks the birth day (from 1965-01-01) and the order code.
  const birthDate = addDays('1965-01-01', Math.floor(index / 1000) % 7300);
  const order = index % 1000;
  const region = `23${String(1 + Math.floor(random() * 12)).padStart(2, '0')}02`;
  const body = `${region}${birthDate.replace(/-/g, '')}${String(order).padStart(3, '0')}`;
  return { name, idNumber: body + residentIdCheckCharacter(body), gender: order % 2 === 1 ? ('male' as const) : ('female' as const), birthDate, random };
}

// ------------------------------------------------------------------------------ certificates

export function certificateHolder(seed: number, index: number) {
  const someone = person(seed, index);
  return {
    name: someone.name,
    idType: 'resident-id' as const,
    idNumber: someone.idNumber,
    gender: someone.gender,
    birthDate: someone.birthDate,
    occupationCode: '6-31-01-03',
    occupationName: '电工',
    trade: null,
  };
}

export interface CertificateSet {
  enterprises: { id: string }[];
  codes: string[];
  issueMs: number;
}

/**
 * Issues `count` certificates through `issueCertificates`, 2,000 holders an act, spread over
 * enterprises of at most `perEnterprise` each. Returns a sample of the codes issued.
 */
export async function seedCertificates(
  t: TestApp,
  admin: TestClient,
  options: { seed: number; count: number; perEnterprise?: number; sample?: number; concurrency?: number; log?: (message: string) => void },
): Promise<CertificateSet> {
  const perEnterprise = options.perEnterprise ?? 200_000;
  const province = await buildProvince(admin, { provinceCode: '23' });
  const enterprises: { id: string }[] = [];
  for (let index = 1; index <= Math.ceil(options.count / perEnterprise); index += 1) {
    enterprises.push(
      await buildEnterprise(admin, province.id, {
        name: `基准测试发证企业${index}`,
        institution: { category: 'Y', institutionCode: '0000', provinceCode: '23', siteCode: String(900_000 + index).padStart(6, '0') },
      }),
    );
  }
  // The acts: 2,000 holders each, every enterprise's list in order.
  const acts: { enterprise: { id: string }; from: number; size: number }[] = [];
  for (let from = 0; from < options.count; ) {
    const size = Math.min(2000, options.count - from, perEnterprise - (from % perEnterprise));
    acts.push({ enterprise: enterprises[Math.floor(from / perEnterprise)], from, size });
    from += size;
  }
  const codes: string[] = [];
  const sampleEvery = Math.max(1, Math.floor(options.count / (options.sample ?? 5000)));
  const issuedOn = testClock().today().slice(0, 4) + '-01-15';
  const context = systemContext(testClock(), 'bench:data');
  const start = performance.now();
  let lastLog = start;
  let issued = 0;
  let next = 0;
  // Several issuers at once (as several HR offices would): each enterprise draws from its own counter row.
  async function issuer() {
    for (let act = acts[next++]; act; act = acts[next++]) {
      const people = Array.from({ length: act.size }, (_, offset) => certificateHolder(options.seed, act.from + offset));
      const list = await confirmedList(t.handle.db, { enterpriseId: act.enterprise.id, people });
      const result = await issueCertificates(t.handle.db, context, { enterpriseId: act.enterprise.id, issuedOn, planId: list.planId, holders: list.holders });
      for (const [offset, certificate] of result.certificates.entries()) if ((act.from + offset) % sampleEvery === 0) codes.push(certificate.code);
      issued += act.size;
      if (options.log && performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        options.log(`certificates: ${issued}/${options.count} (${Math.round(issued / ((lastLog - start) / 1000))}/s)`);
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 1 }, issuer));
  codes.sort();
  return { enterprises, codes, issueMs: performance.now() - start };
}

// ------------------------------------------------------------------------- employee register

export type RegisterRow = Partial<Record<RegisterColumnKey, string>>;

/** Row `index` of a register: 80% meet the plan; 10% came to the post too recently; 10% work in another occupation. */
export function registerRow(seed: number, index: number): RegisterRow {
  const someone = person(seed, index);
  const roll = someone.random();
  const year = currentYear();
  const postYear = roll < 0.1 ? year - 2 : 2000 + Math.floor(someone.random() * 15);
  return {
    name: someone.name,
    idType: '居民身份证',
    idNumber: someone.idNumber,
    gender: someone.gender === 'male' ? '男' : '女',
    birthDate: someone.birthDate,
    department: DEPARTMENTS[Math.floor(someone.random() * DEPARTMENTS.length)],
    occupationCode: roll >= 0.1 && roll < 0.2 ? OTHER_OCCUPATION : PLAN_OCCUPATION,
    certificateNumber: 'Y000023000001101000123',
    certificateDate: `${postYear - 1}-06-30`,
    postSince: `${postYear}-10-31`,
    stillInOccupation: '是',
    honours: '',
  };
}

/** The register workbook of `count` rows (the import template's layout, streaming writer). */
export function registerFile(seed: number, count: number, offset = 0): Promise<Buffer> {
  function* rows() {
    for (let index = 0; index < count; index += 1) yield registerRow(seed, offset + index);
  }
  return registerWorkbook(rows());
}

export interface PlanSetup {
  hr: TestClient;
  hrContext: RequestContext;
  planId: string;
  group: { id: string };
  groupPath: string;
}

/** A province, a pilot group with its evaluation body and HR, and a published plan open for applications. */
export async function planSetup(t: TestApp, admin: TestClient): Promise<PlanSetup> {
  const province = await buildProvince(admin, { provinceCode: '23' });
  const setup = await pilotGroup(t, admin, province.id, currentYear());
  const planId = await openPlan(t, setup.hr, setup.body.id);
  const hrContext = await contextFor(t.handle.db, setup.hr.me.id, t.clock);
  return { hr: setup.hr, hrContext, planId, group: setup.group, groupPath: hrContext.actor.organisationPath };
}

/** Imports `count` register rows into the HR's enterprise through the import job, in files of at most 100,000 rows. */
export async function seedRegister(hr: TestClient, options: { seed: number; count: number; offset?: number; log?: (message: string) => void }): Promise<number> {
  const start = performance.now();
  for (let done = 0; done < options.count; ) {
    const size = Math.min(100_000, options.count - done);
    const job = await importRegister(hr, await registerFile(options.seed, size, (options.offset ?? 0) + done), { timeoutMs: 30 * 60_000 });
    if (job.status !== 'succeeded' || (job.result as { outcome?: string } | null)?.outcome !== 'imported') throw new Error(`register import failed: ${JSON.stringify(job)}`);
    done += size;
    options.log?.(`register: ${done}/${options.count} rows imported`);
  }
  return performance.now() - start;
}

// ------------------------------------------------------------------------------ applications

/**
 * HR starts, fills and submits an application for each of the first `count` register employees
 * (on their behalf), `concurrency` at a time, through the applications service.
 */
export async function seedApplications(t: TestApp, setup: PlanSetup, options: { count: number; concurrency?: number; log?: (message: string) => void }): Promise<number> {
  const db = t.handle.db;
  const content = await completeContent(setup.hr);
  const ids = (await db.execute<{ id: string }>(
    // The register's rows in a fixed order: which employees apply is part of the data set.
    (await import('drizzle-orm')).sql`select id from employees where organisation_path like ${`${setup.groupPath}%`} order by birth_date, id_number_masked limit ${options.count}`,
  )) as unknown as { rows: { id: string }[] };
  if (ids.rows.length < options.count) throw new Error(`only ${ids.rows.length} register employees for ${options.count} applications`);
  const start = performance.now();
  let lastLog = start;
  let next = 0;
  let done = 0;
  async function worker() {
    for (;;) {
      const index = next++;
      if (index >= options.count) return;
      const employeeId = ids.rows[index].id;
      const draft = await createApplication(db, setup.hrContext, { planId: setup.planId, employeeId });
      // The draft as prefilled from the register, completed with what the register does not hold.
      const prefilled = draft.content as typeof content;
      const filled = {
        ...prefilled,
        identity: { ...prefilled.identity, phone: content.identity.phone },
        qualification: { ...prefilled.qualification, evidence: content.qualification.evidence },
        post: { ...prefilled.post, history: content.post.history, evidence: content.post.evidence },
        achievements: content.achievements,
        honours: [],
        conduct: content.conduct,
        health: content.health,
        integrity: content.integrity,
      };
      const saved = await saveApplication(db, setup.hrContext, draft.id, { revision: draft.revision, content: filled } as unknown as Parameters<typeof saveApplication>[3]);
      await submitApplication(db, setup.hrContext, draft.id, { revision: saved.revision });
      done += 1;
      if (options.log && performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        options.log(`applications: ${done}/${options.count} (${Math.round(done / ((lastLog - start) / 1000))}/s)`);
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 1 }, worker));
  return performance.now() - start;
}

export { addDays };
