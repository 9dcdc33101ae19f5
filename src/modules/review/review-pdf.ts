// The documents a closed review keeps: the minutes (评审会议纪要, every score and the vote counts)
// and the recommended list (建议人选名单). pdfkit with Noto Serif SC (DESIGN.md), A4, in Chinese.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { CONFLICT_REASON_NAMES } from '../../domain/review-rules.ts';
import { formatFraction } from '../../domain/plan-rules.ts';
import type { computeSummary } from './close-review.ts';
import type { CommitteeRow } from './access.ts';

const require = createRequire(import.meta.url);
const REGULAR_FONT = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
const BOLD_FONT = require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf');
const MM = 72 / 25.4;

export interface ReviewDocumentInput {
  committee: CommitteeRow & { closedAt: Date; closedByName: string };
  planTitle: string;
  enterpriseName: string;
  occupationNames: Record<string, string>;
  summary: Awaited<ReturnType<typeof computeSummary>>;
  recommended: ReadonlySet<string>;
}

function chinaDate(date: Date): string {
  const local = new Date(date.getTime() + 8 * 3600 * 1000);
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
}

function newDocument(title: string, closedAt: Date) {
  const document = new PDFDocument({
    size: 'A4',
    margins: { top: 22 * MM, bottom: 22 * MM, left: 24 * MM, right: 24 * MM },
    bufferPages: true,
    info: { Title: title, Creator: '特级技师评聘管理系统', Producer: 'pdfkit', CreationDate: closedAt },
    lang: 'zh-CN',
  });
  document.registerFont('regular', REGULAR_FONT);
  document.registerFont('bold', BOLD_FONT);
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  return { document, finished };
}

function finish(document: PDFKit.PDFDocument, footer: string) {
  const range = document.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    document.switchToPage(index);
    const margin = document.page.margins.bottom;
    document.page.margins.bottom = 0;
    document
      .font('regular')
      .fontSize(9)
      .fillColor('#666666')
      .text(`${footer}\u3000第 ${index + 1} 页 / 共 ${range.count} 页`, document.page.margins.left, document.page.height - 14 * MM, {
        width: document.page.width - document.page.margins.left - document.page.margins.right,
        align: 'center',
      });
    document.page.margins.bottom = margin;
  }
  document.end();
}

function occupationLabel(input: ReviewDocumentInput, code: string) {
  return `${input.occupationNames[code] ?? code}（${code}）`;
}

/** 评审会议纪要: members, attendance, recusals, every expert's scores and the vote counts per applicant, the result. */
export function renderMinutesPdf(input: ReviewDocumentInput): Promise<Buffer> {
  const { committee, summary } = input;
  const title = `${committee.name}评审会议纪要`;
  const { document, finished } = newDocument(title, committee.closedAt);
  const width = document.page.width - document.page.margins.left - document.page.margins.right;
  const heading = (text: string) => document.moveDown(0.6).font('bold').fontSize(13).fillColor('#000000').text(text, { width });
  const line = (text: string) => document.font('regular').fontSize(10.5).fillColor('#000000').text(text, { width, lineGap: 2 });

  document.font('bold').fontSize(18).text(title, { align: 'center', width });
  document.moveDown(0.3);
  document.font('regular').fontSize(10.5).fillColor('#444444').text(`${input.enterpriseName}\u3000${input.planTitle}\u3000第${committee.round}轮评审`, { align: 'center', width });

  heading('一、基本情况');
  line(`评审范围：${committee.occupationCodes.map((code) => occupationLabel(input, code)).join('、')}`);
  line(`评分汇总方式：${summary.rules.aggregation === 'trimmed-mean' ? '去掉一个最高分和一个最低分后取平均' : '取平均'}；出席人数要求：不少于应到（无需回避）委员的 ${formatFraction(summary.rules.quorum)}；表决通过要求：同意票不少于出席委员的 ${formatFraction(summary.rules.voteThreshold)}；${summary.rules.secretBallot ? '无记名投票' : '记名投票'}。`);
  if (committee.roundReason) line(`重新评审原因：${committee.roundReason}`);
  line(`评分项及权重：${summary.rules.dimensions.map((dimension) => `${dimension.name} ${dimension.weight}%`).join('，')}`);

  heading('二、评审委员会组成及出席情况');
  for (const member of summary.members) {
    line(`${member.isChair ? '主任委员' : '委员'}：${member.expert.name}\u3000${member.expert.title ?? ''}\u3000${member.expert.organisationName ?? ''}\u3000${member.present ? '出席' : '缺席'}`);
  }

  heading('三、回避情况');
  if (!summary.recusals.length) line('无。');
  const names = new Map(summary.members.map((member) => [member.expertId, member.expert.name]));
  for (const recusal of summary.recusals) {
    const applicant = summary.ranked.find((row) => row.applicationId === recusal.applicationId)?.name ?? '';
    line(`${names.get(recusal.expertId) ?? ''} 对 ${applicant} 回避（${CONFLICT_REASON_NAMES[recusal.reason]['zh-CN']}，${recusal.source === 'detected' ? '系统识别' : '本人申报'}）`);
  }

  heading('四、评分与表决');
  for (const row of summary.ranked) {
    document.moveDown(0.3).font('bold').fontSize(11.5).text(`${row.name}\u3000${occupationLabel(input, row.occupationCode)}${row.priority ? '\u3000（符合优先条件）' : ''}`, { width });
    for (const sheet of row.sheetsByExpert ?? []) {
      line(`\u3000${sheet.expertName}：${summary.rules.dimensions.map((dimension) => `${dimension.name} ${sheet.scores[dimension.code] ?? '—'}`).join('，')}${sheet.comment ? `；意见：${sheet.comment}` : ''}`);
    }
    line(`\u3000汇总：${summary.rules.dimensions.map((dimension) => `${dimension.name} ${row.byDimension?.[dimension.code] ?? '—'}`).join('，')}；综合得分 ${row.rawScore ?? '—'}`);
    line(`\u3000表决：委员 ${row.members} 人，回避 ${row.recused} 人，出席 ${row.present} 人（应不少于 ${row.quorumNeeded} 人，${row.quorumMet ? '符合' : '不符合'}）；同意 ${row.approve} 票，不同意 ${row.disapprove} 票，弃权 ${row.abstain} 票（同意票应不少于 ${row.approvalsNeeded} 票，${row.thresholdMet ? '达到' : '未达到'}）。`);
    line(`\u3000结果：本职业（工种）排名第 ${row.rank} 位；${input.recommended.has(row.applicationId) ? '列入建议人选名单' : row.passed ? '表决通过，超出结构比例，未列入建议人选名单' : '未通过'}。`);
  }

  heading('五、结论');
  line(`经评审委员会评审、表决，建议人选 ${input.recommended.size} 人，名单另附。`);
  document.moveDown(1.5);
  line(`主任委员（签字）：${committee.closedByName}`);
  line(`日期：${chinaDate(committee.closedAt)}`);
  finish(document, title);
  return finished;
}

/** 建议人选名单: the recommended applicants, per occupation in rank order. */
export function renderRecommendedListPdf(input: ReviewDocumentInput): Promise<Buffer> {
  const { committee, summary } = input;
  const title = '特级技师建议人选名单';
  const { document, finished } = newDocument(title, committee.closedAt);
  const width = document.page.width - document.page.margins.left - document.page.margins.right;
  document.font('bold').fontSize(18).text(title, { align: 'center', width });
  document.moveDown(0.3);
  document.font('regular').fontSize(10.5).fillColor('#444444').text(`${input.enterpriseName}\u3000${input.planTitle}\u3000${committee.name}（第${committee.round}轮）`, { align: 'center', width });
  document.moveDown(1).fillColor('#000000');
  const columns = [
    { label: '序号', width: 0.08 },
    { label: '姓名', width: 0.16 },
    { label: '职业（工种）', width: 0.34 },
    { label: '综合得分', width: 0.13 },
    { label: '同意/出席', width: 0.13 },
    { label: '排名', width: 0.08 },
    { label: '优先', width: 0.08 },
  ];
  const row = (cells: string[], bold = false) => {
    const y = document.y;
    let x = document.page.margins.left;
    let height = 0;
    cells.forEach((cell, index) => {
      const cellWidth = columns[index].width * width;
      document.font(bold ? 'bold' : 'regular').fontSize(10.5);
      height = Math.max(height, document.heightOfString(cell, { width: cellWidth - 4 }));
      document.text(cell, x + 2, y, { width: cellWidth - 4 });
      x += cellWidth;
    });
    document.y = y + height + 6;
    document.x = document.page.margins.left;
    document
      .moveTo(document.page.margins.left, document.y - 3)
      .lineTo(document.page.margins.left + width, document.y - 3)
      .strokeColor('#999999')
      .lineWidth(0.5)
      .stroke();
  };
  row(
    columns.map((column) => column.label),
    true,
  );
  const chosen = summary.ranked.filter((entry) => input.recommended.has(entry.applicationId));
  chosen.forEach((entry, index) => {
    row([String(index + 1), entry.name, occupationLabel(input, entry.occupationCode), entry.rawScore === null ? '—' : entry.rawScore.toFixed(2), `${entry.approve}/${entry.present}`, String(entry.rank), entry.priority ? '是' : '否']);
  });
  if (!chosen.length) document.font('regular').fontSize(10.5).text('经评审，本轮无建议人选。', { width });
  document.moveDown(2);
  document.font('regular').fontSize(10.5).text(`评审委员会主任委员：${committee.closedByName}\u3000\u3000日期：${chinaDate(committee.closedAt)}`, { width, align: 'right' });
  finish(document, title);
  return finished;
}
