import { createRequire } from 'node:module';
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { addSignaturePlaceholder, type SignaturePlaceholderOptions } from '../signing/pades.ts';
import { glyphSource, writeText, type GlyphSource } from './print-fonts.ts';
import type { CertificateFieldKey, CertificateTemplate } from './template.ts';

const require = createRequire(import.meta.url);
/** Noto Serif SC: an open serif CJK font (DOMAIN.md: no free FangSong exists); pdfkit embeds a subset. */
export const REGULAR_FONT_PATH = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
export const BOLD_FONT_PATH = require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf');

let defaultFonts: { regular: Buffer; bold: Buffer } | null = null;
function bundledFonts() {
  defaultFonts ??= { regular: fs.readFileSync(REGULAR_FONT_PATH), bold: fs.readFileSync(BOLD_FONT_PATH) };
  return defaultFonts;
}

/** Everything printed on one certificate (the identity number in full, as the certificate carries it). */
export interface CertificateView {
  code: string;
  holderName: string;
  gender: string;
  birthDate: string;
  idTypeName: string;
  idNumber: string;
  occupationName: string;
  occupationCode: string;
  trade: string;
  levelName: string;
  issuerName: string;
  /** YYYY-MM-DD. */
  issuedOn: string;
  /** The address the QR code opens. */
  verifyUrl: string;
  photo: Buffer | null;
  printSerial: string | null;
  /**
   * A revoked certificate (六(四)) never prints as valid: the page carries a diagonal 已撤销 mark and
   * a line with the date and the reason.
   */
  revoked?: { on: string; reason: string } | null;
}

export interface CertificatePage {
  view: CertificateView;
  template: CertificateTemplate;
  /** An enterprise's own licensed font (TTF/OTF), used for all text instead of Noto Serif SC. */
  font?: { id: string; bytes: Buffer } | null;
  /** Font files for the characters the main font lacks (CERTIFICATE_FALLBACK_FONTS), tried in order. */
  fallbackFonts?: readonly string[];
}

/** The fonts a page is written with: registered names, and what each has a glyph for. */
interface PageFonts {
  regular: string;
  bold: string;
  sources: Map<string, GlyphSource>;
  fallbacks: readonly { name: string; source: GlyphSource }[];
}

type TextOptions = PDFKit.Mixins.TextOptions;

/** Writes text in `font`, runs of characters it lacks in the page's fallback fonts (print-fonts.ts). */
function write(document: PDFKit.PDFDocument, fonts: PageFonts, font: string, text: string, x: number | undefined, y: number | undefined, options: TextOptions = {}): void {
  writeText(document, text, font, fonts.sources.get(font)!, fonts.fallbacks, x, y, options);
}

const fallbackBytes = new Map<string, Buffer>();
function fallbackFontBytes(file: string): Buffer {
  let bytes = fallbackBytes.get(file);
  if (!bytes) {
    bytes = fs.readFileSync(file);
    fallbackBytes.set(file, bytes);
  }
  return bytes;
}

const MM = 72 / 25.4;

/** 2025-12-18 → 2025年12月18日. */
export function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

function fieldValue(view: CertificateView, key: CertificateFieldKey): string {
  switch (key) {
    case 'holderName':
      return view.holderName;
    case 'gender':
      return view.gender;
    case 'birthDate':
      return chineseDate(view.birthDate);
    case 'idType':
      return view.idTypeName;
    case 'idNumber':
      return view.idNumber;
    case 'occupationName':
      return view.occupationName;
    case 'occupationCode':
      return view.occupationCode;
    case 'trade':
      return view.trade || '--';
    case 'level':
      return view.levelName;
    case 'code':
      return view.code;
    case 'issuer':
      return view.issuerName;
    case 'issuedOn':
      return chineseDate(view.issuedOn);
  }
}

function drawQr(document: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const quiet = 2;
  const cell = size / (count + quiet * 2);
  document.save();
  document.rect(x, y, size, size).fill('#ffffff');
  document.fillColor('#000000');
  // Drawn in module units (one unit = one module), one rectangle per run of dark modules in a row,
  // written as whole numbers: a signed verification link makes a QR of some 1,800 dark modules, and
  // one pdfkit rect() each (decimal coordinates formatted one by one) doubled the time a batch's
  // print file takes (bench issue-certificates).
  document.transform(cell, 0, 0, cell, x + quiet * cell, y + quiet * cell);
  const runs: string[] = [];
  for (let row = 0; row < count; row += 1) {
    let column = 0;
    while (column < count) {
      if (!qr.modules.get(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < count && qr.modules.get(row, column)) column += 1;
      runs.push(`${start} ${row} ${column - start} 1 re`);
    }
  }
  document.addContent(runs.join('\n'));
  document.fill();
  document.restore();
}

function drawPage(document: PDFKit.PDFDocument, page: CertificatePage, fonts: PageFonts) {
  const { view, template } = page;
  const pageWidth = document.page.width;
  const at = (mm: number) => mm * MM;

  if (template.border.show) {
    const outer = at(template.border.outerInset);
    const inner = at(template.border.innerInset);
    document.save().lineWidth(2.2).strokeColor(template.border.colour);
    document.rect(outer, outer, pageWidth - 2 * outer, document.page.height - 2 * outer).stroke();
    document.lineWidth(0.8).rect(inner, inner, pageWidth - 2 * inner, document.page.height - 2 * inner).stroke();
    document.restore();
  }

  // Title and its English line.
  document.fontSize(template.title.size).fillColor(template.title.colour);
  write(document, fonts, fonts.bold, template.title.text, 0, at(template.title.y), { width: pageWidth, align: 'center', characterSpacing: template.title.size * 0.25, lineBreak: false });
  if (template.title.textEn) {
    document.fontSize(12).fillColor('#555555');
    write(document, fonts, fonts.regular, template.title.textEn, 0, at(template.title.y) + template.title.size * 1.45, { width: pageWidth, align: 'center', lineBreak: false });
  }

  // Body text.
  document.fillColor('#000000');
  if (template.body.text) {
    document.fontSize(template.body.size);
    write(document, fonts, fonts.regular, template.body.text, at(template.body.x), at(template.body.y), { width: at(template.body.width), indent: template.body.size * 2, lineGap: 4 });
    if (template.body.textEn) {
      document.fontSize(9).fillColor('#555555');
      write(document, fonts, fonts.regular, template.body.textEn, undefined, undefined, { width: at(template.body.width), lineGap: 1 });
      document.fillColor('#000000');
    }
  }

  // The fields, one a row: label (with its English name beneath) and the filled value in 小四.
  const fields = template.fields;
  fields.items.forEach((item, index) => {
    const top = at(fields.y + index * fields.rowHeight);
    document.fontSize(fields.labelSize).fillColor('#222222');
    write(document, fonts, fonts.bold, item.label, at(fields.x), top, { width: at(fields.labelWidth), lineBreak: false });
    if (fields.showEnglishLabels && item.labelEn) {
      document.fontSize(7).fillColor('#777777');
      write(document, fonts, fonts.regular, item.labelEn, at(fields.x), top + fields.labelSize * 1.35, { width: at(fields.labelWidth), lineBreak: false });
    }
    document.fontSize(fields.valueSize).fillColor('#000000');
    write(document, fonts, fonts.regular, fieldValue(view, item.key), at(fields.x + fields.labelWidth), top, {
      width: at(fields.valueWidth),
      height: at(fields.rowHeight) - 1,
      ellipsis: true,
      lineGap: 1,
    });
  });

  // The 1-inch photo, or a neat frame for it.
  const photo = template.photo;
  const [px, py, pw, ph] = [at(photo.x), at(photo.y), at(photo.width), at(photo.height)];
  if (view.photo) {
    document.image(view.photo, px, py, { fit: [pw, ph], align: 'center', valign: 'center' });
    document.save().lineWidth(0.5).strokeColor('#999999').rect(px, py, pw, ph).stroke().restore();
  } else {
    document.save().lineWidth(0.6).dash(3, { space: 2 }).strokeColor('#9a9a9a').rect(px, py, pw, ph).stroke().undash().restore();
    document.font(fonts.regular).fontSize(10).fillColor('#9a9a9a');
    document.text('照片', px, py + ph / 2 - 14, { width: pw, align: 'center', lineBreak: false });
    document.fontSize(7).text('1寸 Photo', px, py + ph / 2 + 2, { width: pw, align: 'center', lineBreak: false });
    document.fillColor('#000000');
  }

  // QR code to the verification page, with its caption.
  const qr = template.qr;
  drawQr(document, view.verifyUrl, at(qr.x), at(qr.y), at(qr.size));
  if (qr.caption) {
    document.font(fonts.regular).fontSize(8).fillColor('#555555');
    document.text(qr.caption, at(qr.x) - 10, at(qr.y + qr.size) + 2, { width: at(qr.size) + 20, align: 'center', lineBreak: false });
  }

  // The issuing enterprise and date, where the seal goes.
  const issuer = template.issuer;
  document.fontSize(issuer.size).fillColor('#000000');
  write(document, fonts, fonts.regular, view.issuerName, at(issuer.x), at(issuer.y), { width: at(issuer.width), align: 'center' });
  document.font(fonts.regular).text(chineseDate(view.issuedOn), at(issuer.x), at(issuer.y) + issuer.size * 2.4, { width: at(issuer.width), align: 'center', lineBreak: false });

  // The query addresses.
  const queries = template.queries;
  const lines = [queries.certificateQuery, queries.institutionQuery, queries.provincialQuery].filter((text): text is string => Boolean(text));
  document.fontSize(queries.size).fillColor('#333333');
  lines.forEach((text, index) => {
    write(document, fonts, fonts.regular, text, at(queries.x), at(queries.y) + index * queries.size * 1.5, { width: at(queries.width), align: 'center', lineBreak: false });
  });

  if (view.printSerial) {
    document.font(fonts.regular).fontSize(template.printSerial.size).fillColor('#555555');
    document.text(`${template.printSerial.label}：${view.printSerial}`, at(template.printSerial.x), at(template.printSerial.y), { lineBreak: false });
  }
  document.fillColor('#000000');
  if (view.revoked) drawRevokedMark(document, view.revoked, fonts);
}

const REVOKED_RED = '#c8102e';

/**
 * The mark of a revoked certificate, over everything else: 已撤销 / REVOKED across the page's
 * diagonal, and at the top and the foot the date and the reason, so that no print of it can pass
 * for a valid certificate.
 */
function drawRevokedMark(document: PDFKit.PDFDocument, revoked: { on: string; reason: string }, fonts: PageFonts) {
  const width = document.page.width;
  const height = document.page.height;
  const angle = (-Math.atan2(height, width) * 180) / Math.PI;
  document.save();
  document.rotate(angle, { origin: [width / 2, height / 2] });
  document.fillColor(REVOKED_RED).fillOpacity(0.28);
  document.font(fonts.bold).fontSize(150);
  document.text('已撤销', 0, height / 2 - 150, { width, align: 'center', lineBreak: false, characterSpacing: 24 });
  document.font(fonts.bold).fontSize(64);
  document.text('REVOKED', 0, height / 2 + 30, { width, align: 'center', lineBreak: false, characterSpacing: 12 });
  document.restore();
  const line = `【已撤销】本证书已于${chineseDate(revoked.on)}撤销，不再有效。撤销原因：${revoked.reason}`;
  const lineEn = `REVOKED: this certificate was revoked on ${revoked.on} and is no longer valid.`;
  for (const top of [8 * MM, height - 24 * MM]) {
    document.save();
    document.rect(18 * MM, top, width - 36 * MM, 15 * MM).fillOpacity(0.92).fill('#ffffff');
    document.restore();
    document.save().lineWidth(1.2).strokeColor(REVOKED_RED).rect(18 * MM, top, width - 36 * MM, 15 * MM).stroke().restore();
    document.fontSize(10).fillColor(REVOKED_RED).fillOpacity(1);
    write(document, fonts, fonts.bold, line, 21 * MM, top + 2.2 * MM, { width: width - 42 * MM, height: 7 * MM, ellipsis: true, lineBreak: true });
    document.font(fonts.regular).fontSize(8);
    document.text(lineEn, 21 * MM, top + 9.5 * MM, { width: width - 42 * MM, lineBreak: false });
  }
  document.fillColor('#000000').fillOpacity(1);
}

/**
 * The certificates on A4 pages, one a page. Nothing random goes in: the creation date is the
 * first certificate's issue date and the document ID follows from it, so a reprint gives the same bytes.
 */
export async function renderCertificatesPdf(
  pages: readonly CertificatePage[],
  options: {
    title?: string;
    /** Called after each page (progress, and a pause for the event loop). */
    onPage?: (index: number) => Promise<void>;
    /** The issuer's signature placeholder (PAdES), filled by the caller with signPdf once the document is written. */
    signature?: SignaturePlaceholderOptions | null;
    /** What the document is, written into its information dictionary (`PtechDocument`) so that a verifier finds it: `certificate:<code>`. */
    documentId?: string | null;
  } = {},
): Promise<Buffer> {
  if (pages.length === 0) throw new Error('renderCertificatesPdf: no certificate to render');
  const first = pages[0].view;
  const document = new PDFDocument({
    size: 'A4',
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    autoFirstPage: false,
    info: {
      Title: options.title ?? `职业技能等级证书 ${first.code}`,
      Creator: '特级技师评聘管理系统',
      Producer: 'pdfkit',
      CreationDate: new Date(`${first.issuedOn}T00:00:00+08:00`),
      ...(options.documentId ? { PtechDocument: options.documentId } : {}),
    } as PDFKit.DocumentInfo,
    lang: 'zh-CN',
  });
  const bundled = bundledFonts();
  document.registerFont('regular', bundled.regular);
  document.registerFont('bold', bundled.bold);
  const sources = new Map<string, GlyphSource>([
    ['regular', glyphSource(REGULAR_FONT_PATH, REGULAR_FONT_PATH)],
    ['bold', glyphSource(BOLD_FONT_PATH, BOLD_FONT_PATH)],
  ]);
  const fallbackNames = new Map<string, string>();
  const registered = new Set<string>();
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  for (const [index, page] of pages.entries()) {
    let main = { regular: 'regular', bold: 'bold' };
    if (page.font) {
      const name = `custom-${page.font.id}`;
      if (!registered.has(name)) {
        document.registerFont(name, page.font.bytes);
        sources.set(name, glyphSource(`font:${page.font.id}`, page.font.bytes));
        registered.add(name);
      }
      main = { regular: name, bold: name };
    }
    const fallbacks = (page.fallbackFonts ?? []).map((file) => {
      let name = fallbackNames.get(file);
      if (!name) {
        name = `fallback-${fallbackNames.size}`;
        document.registerFont(name, fallbackFontBytes(file));
        fallbackNames.set(file, name);
      }
      return { name, source: glyphSource(file, file) };
    });
    const fonts: PageFonts = { ...main, sources, fallbacks };
    document.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    drawPage(document, page, fonts);
    if (options.onPage) await options.onPage(index);
  }
  if (options.signature) addSignaturePlaceholder(document, options.signature);
  document.end();
  return finished;
}

/**
 * Whether the bytes are a TrueType or OpenType font pdfkit can embed, with glyphs for Chinese:
 * the font's PostScript name, or the reason it is refused.
 */
export function inspectFont(bytes: Buffer): { ok: true; name: string } | { ok: false; reason: 'format' | 'no-cjk' } {
  const magic = bytes.subarray(0, 4).toString('latin1');
  if (!(magic === '\u0000\u0001\u0000\u0000' || magic === 'true' || magic === 'OTTO')) return { ok: false, reason: 'format' };
  try {
    const document = new PDFDocument({ autoFirstPage: false });
    document.font(bytes);
    const embedded = (document as unknown as { _font: { font: { postscriptName?: string; hasGlyphForCodePoint(code: number): boolean } } })._font.font;
    const needed = [...'职业技能等级证书特级技师'].map((character) => character.codePointAt(0)!);
    if (!needed.every((code) => embedded.hasGlyphForCodePoint(code))) return { ok: false, reason: 'no-cjk' };
    return { ok: true, name: embedded.postscriptName ?? 'font' };
  } catch {
    return { ok: false, reason: 'format' };
  }
}
