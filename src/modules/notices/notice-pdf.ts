// The printable notice (公示) on A4: title, the list of candidates (never the ID number), the
// period with its working days, and where objections go.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
/** Noto Serif SC: an open serif CJK font; pdfkit embeds a subset. */
const REGULAR_FONT = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
const BOLD_FONT = require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf');
const MM = 72 / 25.4;

export interface NoticePdfInput {
  enterpriseName: string;
  planYear: number;
  planTitle: string | null;
  startDate: string;
  endDate: string;
  workingDays: number;
  contact: string;
  candidates: { position: number; name: string; unitName: string; department: string | null; occupationName: string | null; occupationCode: string | null; summary: string; status: string }[];
}

function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

export function renderNoticePdf(input: NoticePdfInput): Promise<Buffer> {
  const title = `${input.enterpriseName}${input.planYear}年度特级技师拟推荐人选公示`;
  const document = new PDFDocument({ size: 'A4', margins: { top: 22 * MM, bottom: 20 * MM, left: 22 * MM, right: 22 * MM }, bufferPages: true, info: { Title: title, Creator: '特级技师评聘管理系统', Producer: 'pdfkit' }, lang: 'zh-CN' });
  document.registerFont('regular', REGULAR_FONT);
  document.registerFont('bold', BOLD_FONT);
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  const left = document.page.margins.left;
  const width = document.page.width - left - document.page.margins.right;
  document.font('bold').fontSize(18).text(title, { align: 'center', width });
  document.moveDown(1);
  const shown = input.candidates.filter((candidate) => candidate.status !== 'withdrawn');
  document
    .font('regular')
    .fontSize(12)
    .text(
      `根据《人力资源社会保障部办公厅关于开展特级技师评聘试点工作的通知》（人社厅发〔2021〕66号）${input.planTitle ? `和《${input.planTitle}》` : ''}，经评审委员会评审，现将${shown.length}名特级技师拟推荐人选予以公示。`,
      { width, indent: 24, lineGap: 4 },
    );
  document.moveDown(0.4);
  document.text(`公示期：${chineseDate(input.startDate)}至${chineseDate(input.endDate)}（${input.workingDays}个工作日）。`, { width, indent: 24, lineGap: 4 });
  document.moveDown(0.8);

  const columns = [
    { label: '序号', width: 30 },
    { label: '姓名', width: 56 },
    { label: '单位及部门', width: 110 },
    { label: '职业（工种）', width: 90 },
    { label: '主要业绩', width: width - 286 },
  ];
  const drawRow = (cells: string[], bold: boolean) => {
    document.font(bold ? 'bold' : 'regular').fontSize(bold ? 10.5 : 10);
    const heights = cells.map((cell, index) => document.heightOfString(cell, { width: columns[index].width - 8 }));
    const height = Math.max(...heights) + 8;
    if (document.y + height > document.page.height - document.page.margins.bottom) document.addPage();
    const top = document.y;
    let x = left;
    cells.forEach((cell, index) => {
      document.rect(x, top, columns[index].width, height).lineWidth(0.5).strokeColor('#444444').stroke();
      document.fillColor('#000000').text(cell, x + 4, top + 4, { width: columns[index].width - 8 });
      x += columns[index].width;
    });
    document.x = left;
    document.y = top + height;
  };
  drawRow(columns.map((column) => column.label), true);
  shown.forEach((candidate, index) => {
    drawRow(
      [
        String(index + 1),
        candidate.name,
        [candidate.unitName, candidate.department].filter(Boolean).join(' '),
        candidate.occupationName ? `${candidate.occupationName}（${candidate.occupationCode ?? ''}）` : (candidate.occupationCode ?? ''),
        candidate.summary,
      ],
      false,
    );
  });
  document.moveDown(1);
  document
    .font('regular')
    .fontSize(12)
    .text(
      `公示期间，对拟推荐人选有异议的，请以实名（署真实姓名并留联系方式）向企业人力资源部门反映，并提供必要的证明材料。匿名反映不予受理。公示期满无异议的，由企业核准名单并颁发特级技师证书。`,
      left,
      document.y,
      { width, indent: 24, lineGap: 4 },
    );
  document.moveDown(0.4);
  document.text(`受理异议联系方式：${input.contact}`, { width, indent: 24, lineGap: 4 });
  document.moveDown(2);
  document.text(input.enterpriseName, { width, align: 'right' });
  document.text(chineseDate(input.startDate), { width, align: 'right' });

  const range = document.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    document.switchToPage(index);
    const margin = document.page.margins.bottom;
    document.page.margins.bottom = 0;
    document.font('regular').fontSize(9).fillColor('#666666').text(`第 ${index + 1} 页 / 共 ${range.count} 页`, left, document.page.height - 12 * MM, { width, align: 'center', lineBreak: false });
    document.page.margins.bottom = margin;
  }
  document.end();
  return finished;
}
