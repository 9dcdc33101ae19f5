// Believable people for the demo data set: Chinese names, valid 18-digit resident ID numbers (with
// their check digit), birth dates, departments and senior-technician careers, all drawn from a
// seeded pseudo-random generator so that every run makes the same people.
import { addDays, formatCalendarDate, type CalendarDate } from '../domain/calendar-date.ts';
import { residentIdCheckCharacter } from '../domain/identity.ts';

/** mulberry32: a small, fast PRNG with a 32-bit state; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

// Common surnames, the most frequent first and repeated so that they come up more often.
const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴'.split(''),
  ...'王李张刘陈杨赵黄周吴'.split(''),
  ...'徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'.split(''),
];
const GIVEN_MALE = '伟刚勇军强磊涛斌超明辉建国志华永健鹏宇浩峰东海波林杰亮成龙春雷俊德文学兵鑫凯晨振宏庆锋新利民长胜金'.split('');
const GIVEN_FEMALE = '芳娜敏静丽艳娟霞秀玲燕红梅莉兰萍婷雪琳晶颖慧倩琴云洁华英玉凤瑶欣'.split('');

/** Harbin and Shenyang districts: where the demo enterprises' people come from. */
const REGIONS = ['230102', '230103', '230104', '230108', '230109', '230110', '230183', '210102', '210103', '210104', '210106', '210112'];

export const DEPARTMENTS: Record<string, readonly string[]> = {
  '6-18-01-01': ['金工车间', '精密加工车间', '转子车间', '机加一车间'],
  '6-18-02-04': ['焊接车间', '容器车间', '结构件车间', '总装车间'],
  '6-31-01-03': ['动力车间', '设备维修部', '电气车间', '试验站'],
};

export interface DemoPerson {
  name: string;
  idNumber: string;
  gender: 'male' | 'female';
  birthDate: CalendarDate;
  department: string;
  occupationCode: string;
  certificateNumber: string;
  certificateDate: CalendarDate;
  postSince: CalendarDate;
  honours: string;
}

/**
 * `count` people spread over the occupations (weights as given), with unique ID numbers and
 * certificate numbers. Senior technicians are 35–60 years old; most have held the post long enough.
 */
export function makePeople(random: Random, count: number, occupations: readonly { code: string; weight: number }[], today: CalendarDate, site: string): DemoPerson[] {
  const people: DemoPerson[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  const year = Number(today.slice(0, 4));
  const totalWeight = occupations.reduce((sum, occupation) => sum + occupation.weight, 0);
  for (let index = 0; index < count; index += 1) {
    let roll = random() * totalWeight;
    const occupation = occupations.find((entry) => (roll -= entry.weight) < 0) ?? occupations[occupations.length - 1];
    const male = random() < 0.86;
    const pool = male ? GIVEN_MALE : GIVEN_FEMALE;
    const nameOf = () => pick(random, SURNAMES) + pick(random, pool) + (random() < 0.7 ? pick(random, pool) : '');
    let name = nameOf();
    while (names.has(name) && names.size < 50_000) name = nameOf();
    names.add(name);
    const birthYear = between(random, year - 60, year - 35);
    const birthDate = formatCalendarDate(birthYear, between(random, 1, 12), between(random, 1, 28));
    const idOf = () => {
      const sequence = between(random, 0, 499) * 2 + (male ? 1 : 0);
      const body = `${pick(random, REGIONS)}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
      return body + residentIdCheckCharacter(body);
    };
    let idNumber = idOf();
    while (ids.has(idNumber)) idNumber = idOf();
    ids.add(idNumber);
    // 高级技师 at 28–40 years of age (not before 2003: the code's year has two digits), not in the future; the post a few months after the certificate.
    const certificateYear = Math.min(year - 1, Math.max(2003, birthYear + between(random, 28, 40)));
    const certificateDate = formatCalendarDate(certificateYear, between(random, 3, 11), between(random, 1, 28));
    const postSince = addDays(certificateDate, between(random, 30, 240));
    const certificateNumber = `Y0000${site}${String(certificateYear % 100).padStart(2, '0')}1${String(index + 1).padStart(6, '0')}`;
    people.push({
      name,
      idNumber,
      gender: male ? 'male' : 'female',
      birthDate,
      department: pick(random, DEPARTMENTS[occupation.code] ?? ['生产部']),
      occupationCode: occupation.code,
      certificateNumber,
      certificateDate,
      postSince: postSince > today ? today : postSince,
      honours: '',
    });
  }
  return people;
}

/** A date `years` whole years before `date` (29 February becomes 28 February). */
export function yearsBefore(date: CalendarDate, years: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number);
  return formatCalendarDate(y - years, m, m === 2 && d === 29 ? 28 : d);
}
