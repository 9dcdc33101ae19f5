// Every dashboard table as an Excel workbook (exceljs), with the same figures the page shows.
import ExcelJS from 'exceljs';
import type { Database } from '../../db/client.ts';
import type { RequestContext } from '../../platform/context.ts';
import { loadDashboard, type DashboardOptions } from './dashboard.ts';
import type { Dashboard, ExportQuery, Metrics, StatisticsTable } from './schemas.ts';

type Cell = string | number | null;
interface Column<Row> {
  header: string;
  width?: number;
  value: (row: Row) => Cell;
}

const metricColumns: Column<Metrics>[] = [
  { header: '参与评聘企业数', value: (row) => row.pilotEnterprises },
  { header: '已公布工作方案', value: (row) => row.plansPublished },
  { header: '已报送备案方案', value: (row) => row.plansFiled },
  { header: '申报人数', value: (row) => row.applications },
  { header: '资格审核通过', value: (row) => row.eligible },
  { header: '完成评审', value: (row) => row.reviewed },
  { header: '进入公示', value: (row) => row.inNotice },
  { header: '核准确认', value: (row) => row.confirmed },
  { header: '发证数', value: (row) => row.certified },
  { header: '聘任数', value: (row) => row.appointed },
  { header: '已上报全国系统', value: (row) => row.reported },
  { header: '撤销证书', value: (row) => row.revoked },
  { header: '异议', value: (row) => row.objections },
  { header: '异议成立', value: (row) => row.upheldObjections },
  { header: '禁入记录', value: (row) => row.bans },
  { header: '退出', value: (row) => row.exits },
];

const PILOT_STATUS: Record<string, string> = { submitted: '已报送待备案', accepted: '已备案', none: '未列入试点', 'not-required': '无需报送' };
const MODEL: Record<string, string> = { 'filed-enterprise': '已备案企业自主开展', 'provincial-plan-filing': '方案报省级部门备案', 'ministry-pilot-filing': '向人社部报送试点申请' };
const FILING_STATUS: Record<string, string> = { submitted: '待接受', accepted: '已接受', returned: '已退回' };
const PLAN_STATUS: Record<string, string> = { none: '未制定', draft: '草稿', published: '已公布', closed: '已关闭' };
const SEVERITY: Record<string, string> = { overdue: '已逾期', 'at-risk': '临近期限' };
const FOLLOW_UP_KIND: Record<string, string> = {
  'pilot-application-not-submitted': '试点申请未按期报送',
  'plan-not-published': '企业未按期公布工作方案',
  'pilot-not-completed': '试点未在年度内完成发证',
  'calendar-missing': '节假日日历未导入（请系统管理员导入国务院办公厅通知）',
  'plan-filing-not-accepted': '工作方案备案尚未被接受',
  'issuance-not-done': '未按方案时间发证',
};
const AGE_BAND: Record<string, string> = { 'under-35': '35岁以下', '35-44': '35—44岁', '45-54': '45—54岁', '55-plus': '55岁及以上', unknown: '未填写' };
const GENDER: Record<string, string> = { male: '男', female: '女', unknown: '未填写' };
const KIND: Record<string, string> = { ministry: '人社部', department: '主管部门', enterprise: '企业', 'evaluation-body': '考评机构' };

type Tables = {
  [Key in StatisticsTable]: { title: string; columns: Column<Dashboard[Key][number]>[] };
};

const tables: Tables = {
  units: {
    title: '下级单位统计',
    columns: [
      { header: '单位', width: 36, value: (row) => (row.own ? `${row.name}（本级）` : row.name) },
      { header: '类型', value: (row) => KIND[row.kind] ?? row.kind },
      ...(metricColumns as Column<Dashboard['units'][number]>[]),
    ],
  },
  enterprises: {
    title: '评聘企业进展',
    columns: [
      { header: '企业', width: 36, value: (row) => row.name },
      { header: '主管部门', width: 28, value: (row) => row.departmentName },
      { header: '评聘模式', width: 24, value: (row) => MODEL[row.model] },
      { header: '随集团参与', width: 36, value: (row) => row.coveredBy?.name ?? null },
      { header: '试点申请', value: (row) => PILOT_STATUS[row.pilotStatus] },
      { header: '工作方案', value: (row) => PLAN_STATUS[row.planStatus] },
      { header: '方案版本', value: (row) => row.planVersion || null },
      { header: '报送备案时间', width: 20, value: (row) => row.planFiledAt?.slice(0, 10) ?? null },
      { header: '备案状态', value: (row) => (row.planFilingStatus ? FILING_STATUS[row.planFilingStatus] : null) },
      ...(metricColumns as Column<Dashboard['enterprises'][number]>[]),
      { header: '期限提示', value: (row) => (row.followUp ? SEVERITY[row.followUp] : null) },
    ],
  },
  occupations: {
    title: '按职业（工种）统计',
    columns: [
      { header: '职业编码', width: 16, value: (row) => row.code ?? '未填写' },
      { header: '职业名称', width: 28, value: (row) => row.name },
      { header: '申报人数', value: (row) => row.applications },
      { header: '资格审核通过', value: (row) => row.eligible },
      { header: '核准确认', value: (row) => row.confirmed },
      { header: '发证数', value: (row) => row.certified },
    ],
  },
  industries: {
    title: '按行业（职业大类）统计',
    columns: [
      { header: '大类', value: (row) => row.group ?? '—' },
      { header: '名称', width: 44, value: (row) => row.name['zh-CN'] },
      { header: '申报人数', value: (row) => row.applications },
      { header: '资格审核通过', value: (row) => row.eligible },
      { header: '核准确认', value: (row) => row.confirmed },
      { header: '发证数', value: (row) => row.certified },
    ],
  },
  ages: {
    title: '按年龄段统计',
    columns: [
      { header: '年龄段', value: (row) => AGE_BAND[row.band] },
      { header: '申报人数', value: (row) => row.applications },
      { header: '发证数', value: (row) => row.certified },
    ],
  },
  genders: {
    title: '按性别统计',
    columns: [
      { header: '性别', value: (row) => GENDER[row.gender] },
      { header: '申报人数', value: (row) => row.applications },
      { header: '发证数', value: (row) => row.certified },
    ],
  },
  quotas: {
    title: '结构比例',
    columns: [
      { header: '企业', width: 36, value: (row) => row.enterpriseName },
      { header: '职业编码', width: 16, value: (row) => row.occupationCode },
      { header: '职业名称', width: 24, value: (row) => row.occupationName },
      { header: '高级技师人数', value: (row) => row.seniorTechnicians },
      { header: '高级技师人数来源', value: (row) => (row.seniorTechniciansSource === 'plan' ? '工作方案' : '职工名册') },
      { header: '推荐人数上限', value: (row) => row.maxCount },
      { header: '比例上限（%）', value: (row) => row.ratioPercent },
      { header: '名额', value: (row) => row.cap },
      { header: '推荐人数', value: (row) => row.recommended },
      { header: '特级技师人数', value: (row) => row.principalTechnicians },
      { header: '特级技师/高级技师（%）', value: (row) => row.ratio },
      { header: '是否超出名额', value: (row) => (row.overQuota ? '超出' : '未超出') },
    ],
  },
  followUps: {
    title: '逾期与临期事项',
    columns: [
      { header: '程度', value: (row) => SEVERITY[row.severity] },
      { header: '事项', width: 30, value: (row) => FOLLOW_UP_KIND[row.kind] },
      { header: '单位', width: 36, value: (row) => row.organisationName },
      { header: '期限', width: 14, value: (row) => row.dueDate },
      { header: '剩余天数', value: (row) => row.daysLeft },
    ],
  },
};

/** The workbook of one table and its file name: 特级技师评聘统计_<单位>_<表>_<年>年.xlsx. */
export async function exportDashboardTable(db: Database, context: RequestContext, query: ExportQuery, options: DashboardOptions = {}) {
  const dashboard = await loadDashboard(db, context, query, { ...options, only: query.table });
  const table = tables[query.table];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '特级技师评聘管理系统';
  workbook.created = context.clock.now();
  const sheet = workbook.addWorksheet(table.title);
  sheet.addRow([`${dashboard.organisation.name} ${dashboard.year}年度 ${table.title}（统计日期 ${dashboard.today}）`]).font = { bold: true };
  const columns = table.columns as Column<unknown>[];
  const header = sheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  for (const row of dashboard[query.table] as unknown[]) sheet.addRow(columns.map((column) => column.value(row)));
  columns.forEach((column, index) => (sheet.getColumn(index + 1).width = column.width ?? Math.max(10, column.header.length * 2 + 2)));
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  const safeName = dashboard.organisation.name.replace(/[\\/:*?"<>|]/g, '_');
  return { bytes, fileName: `特级技师评聘统计_${safeName}_${table.title}_${dashboard.year}年.xlsx` };
}
