// The applicant is told of each step of their application after screening (issue 23): the review
// starts, they are recommended (or not), the notice names them, the list is confirmed, the
// certificate is issued, they are appointed. Screening acts (return, eligible, ineligible) and
// fraud findings tell the applicant where they happen, with the reasons only they hold.
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { ApplicationEventAct } from '../../domain/transitions.ts';
import type { Clock } from '../../platform/clock.ts';
import { notify } from '../notifications/service.ts';
import { employees } from '../register/tables.ts';
import type { applications } from './tables.ts';

type ApplicationRow = typeof applications.$inferSelect;

interface Text {
  'zh-CN': string;
  en: string;
}

/** What each act tells the applicant: what happened and what comes next. */
export const APPLICANT_NOTICES: Partial<Record<ApplicationEventAct, { title: Text; body: Text }>> = {
  'start-review': {
    title: { 'zh-CN': '您的申报已进入专家评审', en: 'Your application is under review' },
    body: { 'zh-CN': '评审委员会已开始评审，请留意答辩或现场考核的安排。评审结束后，结果将在此通知您。', en: 'The review committee has started its review: look out for the defence or on-site assessment. You will be told the result here.' },
  },
  recommend: {
    title: { 'zh-CN': '您已被评审委员会确定为拟推荐人选', en: 'You were recommended by the review committee' },
    body: { 'zh-CN': '下一步：企业将在本单位公示拟推荐人选。', en: 'Next: the enterprise publishes the recommended list in a notice.' },
  },
  'not-recommend': {
    title: { 'zh-CN': '本轮评审未推荐您', en: 'You were not recommended in this review' },
    body: { 'zh-CN': '评审委员会本轮评审未将您确定为拟推荐人选。如有疑问，请咨询本企业人力资源部门。', en: 'The review committee did not recommend you in this round. Ask your HR department if you have questions.' },
  },
  're-review': {
    title: { 'zh-CN': '您的申报将重新评审', en: 'Your application will be reviewed again' },
    body: { 'zh-CN': '企业已组织重新评审，结果将在此通知您。', en: 'The enterprise has called a new review round; you will be told its result here.' },
  },
  'start-notice': {
    title: { 'zh-CN': '您已列入拟推荐人选公示', en: 'You are named in the recommended list’s notice' },
    body: { 'zh-CN': '公示期满无异议（或异议经核实不影响）后，企业将核准名单并颁发证书。', en: 'When the notice ends without a standing objection, the enterprise confirms the list and issues the certificates.' },
  },
  'cancel-notice': {
    title: { 'zh-CN': '公示已撤销，您退回拟推荐名单', en: 'The notice was cancelled: you are back on the recommended list' },
    body: { 'zh-CN': '企业撤销了本次公示，将另行确定日期重新公示。', en: 'The enterprise cancelled the notice and will publish the list again on a new date.' },
  },
  withdraw: {
    title: { 'zh-CN': '您的推荐已撤销', en: 'Your recommendation was withdrawn' },
    body: { 'zh-CN': '公示期间，企业撤销了对您的推荐。如有疑问，请咨询本企业人力资源部门。', en: 'During the notice the enterprise withdrew your recommendation. Ask your HR department if you have questions.' },
  },
  confirm: {
    title: { 'zh-CN': '公示期满，您已被核准为特级技师人选', en: 'The notice ended: you are confirmed' },
    body: { 'zh-CN': '下一步：企业颁发特级技师证书，并与您签订聘任协议。', en: 'Next: the enterprise issues your Principal Technician certificate and signs an appointment agreement with you.' },
  },
  certify: {
    title: { 'zh-CN': '您的特级技师证书已颁发', en: 'Your Principal Technician certificate was issued' },
    body: { 'zh-CN': '可在“我的申报”中查看证书编号，并在公开查询页核验。下一步：签订聘任协议。', en: 'See its code under My application and check it on the public verification page. Next: the appointment agreement.' },
  },
  appoint: {
    title: { 'zh-CN': '您已被聘任为特级技师', en: 'You were appointed Principal Technician' },
    body: { 'zh-CN': '聘任协议已签订，聘期与待遇见“我的申报”。', en: 'The appointment agreement is signed: its term and treatment are under My application.' },
  },
  exit: {
    title: { 'zh-CN': '您的特级技师聘任已结束', en: 'Your appointment as Principal Technician ended' },
    body: { 'zh-CN': '企业已办理退出。如有疑问，请咨询本企业人力资源部门。', en: 'The enterprise recorded the end of your appointment. Ask your HR department if you have questions.' },
  },
};

/**
 * Notifies the applicants of rows that an act moved, in the caller's transaction: one read of the
 * register for those who applied through it, one insert for all.
 */
export async function notifyApplicants(tx: Database, clock: Clock, act: ApplicationEventAct, rows: readonly Pick<ApplicationRow, 'applicantUserId' | 'employeeId'>[]): Promise<void> {
  const text = APPLICANT_NOTICES[act];
  if (!text || !rows.length) return;
  const users = new Set<string>();
  const viaRegister: string[] = [];
  for (const row of rows) {
    if (row.applicantUserId) users.add(row.applicantUserId);
    else if (row.employeeId) viaRegister.push(row.employeeId);
  }
  for (let start = 0; start < viaRegister.length; start += 1000) {
    const part = viaRegister.slice(start, start + 1000);
    const found = await tx.select({ userId: employees.userId }).from(employees).where(part.length === 1 ? eq(employees.id, part[0]) : inArray(employees.id, part));
    for (const { userId } of found) if (userId) users.add(userId);
  }
  await notify(
    tx,
    clock,
    [...users].map((userId) => ({ userId, kind: `application.${act}`, title: text.title, body: text.body, link: '/my-application' })),
  );
}
