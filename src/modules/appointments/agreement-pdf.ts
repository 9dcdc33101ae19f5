// 聘任协议 as an A4 PDF: the filled agreement text, title in bold, Noto Serif SC embedded (subset).
import PDFDocument from 'pdfkit';
import { BOLD_FONT_PATH, REGULAR_FONT_PATH } from '../certificates/certificate-pdf.ts';

const MM = 72 / 25.4;

/**
 * Renders the agreement: the first non-empty line is the title, the rest flows in paragraphs. The
 * creation date is the term's first day, so the same agreement gives the same bytes.
 */
export function renderAgreementPdf(text: string, options: { title: string; createdOn: string }): Promise<Buffer> {
  const document = new PDFDocument({
    size: 'A4',
    margins: { top: 25 * MM, bottom: 25 * MM, left: 28 * MM, right: 26 * MM },
    info: { Title: options.title, Creator: '特级技师评聘管理系统', Producer: 'pdfkit', CreationDate: new Date(`${options.createdOn}T00:00:00+08:00`) },
    lang: 'zh-CN',
  });
  document.registerFont('regular', REGULAR_FONT_PATH);
  document.registerFont('bold', BOLD_FONT_PATH);
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const titleIndex = lines.findIndex((line) => line.trim() !== '');
  const width = document.page.width - document.page.margins.left - document.page.margins.right;
  lines.forEach((line, index) => {
    if (index < titleIndex) return;
    if (index === titleIndex) {
      document.font('bold').fontSize(20).text(line.trim(), { align: 'center', width });
      document.moveDown(1);
      return;
    }
    if (line.trim() === '') {
      document.moveDown(0.5);
      return;
    }
    const heading = /^第[一二三四五六七八九十百]+条/.test(line.trim());
    document
      .font(heading ? 'bold' : 'regular')
      .fontSize(12)
      .text(line, { width, lineGap: 5, align: 'left' });
  });
  document.end();
  return finished;
}
