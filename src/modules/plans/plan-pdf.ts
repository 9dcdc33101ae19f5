import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { PlanSection } from './plan-text.ts';

const require = createRequire(import.meta.url);
/** Noto Serif SC: an open serif CJK font (DOMAIN.md: no free FangSong exists); pdfkit embeds a subset. */
const REGULAR_FONT = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
const BOLD_FONT = require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf');

export interface PlanPdfInput {
  title: string;
  /** The line under the title: enterprise, version, date. */
  subtitle: string;
  sections: PlanSection[];
  footer: string;
}

const MM = 72 / 25.4;

/** The plan on A4 pages, in Chinese, with page numbers. */
export function renderPlanPdf(input: PlanPdfInput): Promise<Buffer> {
  const document = new PDFDocument({
    size: 'A4',
    margins: { top: 25 * MM, bottom: 25 * MM, left: 28 * MM, right: 26 * MM },
    bufferPages: true,
    info: { Title: input.title, Creator: '特级技师评聘管理系统', Producer: 'pdfkit' },
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

  const width = document.page.width - document.page.margins.left - document.page.margins.right;
  document.font('bold').fontSize(18).text(input.title, { align: 'center', width });
  document.moveDown(0.4);
  document.font('regular').fontSize(10.5).fillColor('#444444').text(input.subtitle, { align: 'center', width });
  document.fillColor('#000000').moveDown(1.2);

  for (const section of input.sections) {
    document.font('bold').fontSize(14).text(section.heading, { width, paragraphGap: 4 });
    for (const paragraph of section.paragraphs) {
      document.font('regular').fontSize(12).text(paragraph, { width, indent: 24, lineGap: 4, paragraphGap: 4, align: 'left' });
    }
    document.moveDown(0.6);
  }

  const range = document.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    document.switchToPage(index);
    const bottom = document.page.height - 15 * MM;
    // Writing inside the bottom margin must not start a new page.
    const margin = document.page.margins.bottom;
    document.page.margins.bottom = 0;
    document
      .font('regular')
      .fontSize(9)
      .fillColor('#666666')
      .text(`${input.footer}    第 ${index + 1} 页 共 ${range.count} 页`, document.page.margins.left, bottom, { width, align: 'center', lineBreak: false });
    document.page.margins.bottom = margin;
  }
  document.end();
  return finished;
}
