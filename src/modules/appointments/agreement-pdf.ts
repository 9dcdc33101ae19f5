// 聘任协议 as an A4 PDF: the filled agreement text, title in bold, Noto Serif SC embedded (subset);
// characters Noto lacks (生僻字 in a name) in the configured fallback fonts, and an agreement with a
// character no font has is refused before it is drafted or printed (issue 22).
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { addSignaturePlaceholder, type SignaturePlaceholderOptions } from '../signing/pades.ts';
import { BOLD_FONT_PATH, REGULAR_FONT_PATH } from '../certificates/certificate-pdf.ts';
import { assertPrintable, fallbackFontPaths, fallbackSources, glyphSource, writeText } from '../certificates/print-fonts.ts';

/**
 * Refuses (CHARACTERS_NOT_PRINTABLE, naming each character) an agreement text with a character
 * that neither Noto Serif SC (regular and bold) nor a fallback font has.
 */
export function assertAgreementPrintable(text: string, path = 'agreementText'): void {
  const fallbacks = fallbackSources();
  const regular = glyphSource(REGULAR_FONT_PATH, REGULAR_FONT_PATH);
  const bold = glyphSource(BOLD_FONT_PATH, BOLD_FONT_PATH);
  assertPrintable([{ path, text }], { hasGlyphForCodePoint: (codePoint) => regular.hasGlyphForCodePoint(codePoint) && bold.hasGlyphForCodePoint(codePoint) }, fallbacks);
}

const MM = 72 / 25.4;

/**
 * Renders the agreement: the first non-empty line is the title, the rest flows in paragraphs. The
 * creation date is the term's first day, so the same agreement gives the same bytes.
 */
export function renderAgreementPdf(text: string, options: { title: string; createdOn: string; signature?: SignaturePlaceholderOptions | null; documentId?: string | null }): Promise<Buffer> {
  const document = new PDFDocument({
    size: 'A4',
    margins: { top: 25 * MM, bottom: 25 * MM, left: 28 * MM, right: 26 * MM },
    info: {
      Title: options.title,
      Creator: '特级技师评聘管理系统',
      Producer: 'pdfkit',
      CreationDate: new Date(`${options.createdOn}T00:00:00+08:00`),
      ...(options.documentId ? { PtechDocument: options.documentId } : {}),
    } as PDFKit.DocumentInfo,
    lang: 'zh-CN',
  });
  document.registerFont('regular', REGULAR_FONT_PATH);
  document.registerFont('bold', BOLD_FONT_PATH);
  const sources = { regular: glyphSource(REGULAR_FONT_PATH, REGULAR_FONT_PATH), bold: glyphSource(BOLD_FONT_PATH, BOLD_FONT_PATH) };
  const fallbacks = fallbackFontPaths().map((file, index) => {
    document.registerFont(`fallback-${index}`, fs.readFileSync(file));
    return { name: `fallback-${index}`, source: glyphSource(file, file) };
  });
  /** A line in `font`, its runs of characters the font lacks in the first fallback that has them. */
  const write = (font: 'regular' | 'bold', text: string, options: PDFKit.Mixins.TextOptions) => writeText(document, text, font, sources[font], fallbacks, undefined, undefined, options);
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
      document.fontSize(20);
      write('bold', line.trim(), { align: 'center', width });
      document.moveDown(1);
      return;
    }
    if (line.trim() === '') {
      document.moveDown(0.5);
      return;
    }
    const heading = /^第[一二三四五六七八九十百]+条/.test(line.trim());
    document.fontSize(12);
    write(heading ? 'bold' : 'regular', line, { width, lineGap: 5, align: 'left' });
  });
  if (options.signature) addSignaturePlaceholder(document, options.signature);
  document.end();
  return finished;
}
