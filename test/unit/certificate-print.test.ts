// A batch's print file in parts: pdfkit documents joined into one (pdf-join.ts), and rendered on
// threads (certificate-print.ts). The joined file must be the same certificates as one document
// written page after page: same page count and order, the same text on each page, the same picture
// (poppler renders both), a sound cross-reference table, each font subset under its own name.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BOLD_FONT_PATH, renderCertificatesPdf, type CertificatePage } from '../../src/modules/certificates/certificate-pdf.ts';
import { startCertificatePrint } from '../../src/modules/certificates/certificate-print.ts';
import { joinPdfkitDocuments } from '../../src/modules/certificates/pdf-join.ts';
import { effectiveTemplate } from '../../src/modules/certificates/template.ts';

const NAMES = ['王建国', '李秀英', '张志强', '刘春梅', '陈振华', '杨玉兰', '赵德明'];

/** A small PNG: a blue square on white (a "photo"). */
function png(): Buffer {
  const size = 24;
  const rows = Array.from({ length: size }, (_, y) =>
    Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, (_, x) => (x > 5 && x < 18 && y > 3 && y < 20 ? [40, 80, 200] : [255, 255, 255])).flat())]),
  );
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

function page(index: number, photo: Buffer | null = null): CertificatePage {
  const serial = String(index + 1).padStart(6, '0');
  return {
    view: {
      code: `Y00002390000126T${serial}`,
      holderName: NAMES[index % NAMES.length],
      gender: index % 2 ? '女' : '男',
      birthDate: '1975-03-0' + ((index % 9) + 1),
      idTypeName: '居民身份证',
      idNumber: `2301021975030${String(index).padStart(4, '0')}X`,
      occupationName: index % 3 ? '车工' : '焊工',
      occupationCode: '6-18-01-01',
      trade: '--',
      levelName: '特级技师',
      issuerName: '龙江重型机械有限公司',
      issuedOn: '2025-06-30',
      verifyUrl: `https://ptech.example.cn/verify/Y00002390000126T${serial}`,
      photo,
      printSerial: `NO.${serial}`,
    },
    template: effectiveTemplate(undefined),
  };
}

function pdfinfo(pdf: Buffer): { out: string; err: string } {
  const result = spawnSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' });
  if (result.error) throw new Error(`pdfinfo cannot run (${result.error.message}): install poppler-utils (npm test does, as root)`);
  return { out: result.stdout, err: result.stderr };
}

function pageText(pdf: Buffer, number: number): string {
  return execFileSync('pdftotext', ['-f', String(number), '-l', String(number), '-', '-'], { input: pdf, encoding: 'utf8' });
}

function pagePicture(pdf: Buffer, number: number): Buffer {
  return execFileSync('pdftoppm', ['-r', '40', '-gray', '-f', String(number), '-l', String(number), '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 });
}

/** Every object the cross-reference table lists starts where it says. */
function xrefIsSound(pdf: Buffer): boolean {
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf.toString('latin1', pdf.length - 40))![1]);
  const [, count] = /^xref\n0 (\d+)\n/.exec(pdf.toString('latin1', startxref, startxref + 30))!;
  const entries = startxref + `xref\n0 ${count}\n`.length;
  for (let id = 1; id < Number(count); id += 1) {
    const offset = Number(pdf.toString('latin1', entries + id * 20, entries + id * 20 + 10));
    if (pdf.toString('latin1', offset, offset + `${id} 0 obj\n`.length) !== `${id} 0 obj\n`) return false;
  }
  return true;
}

function expectSameCertificates(joined: Buffer, single: Buffer, count: number) {
  const info = pdfinfo(joined);
  expect(info.err).toBe('');
  expect(info.out).toMatch(new RegExp(`Pages:\\s+${count}\\n`));
  expect(info.out).toMatch(/Title:\s+职业技能等级证书（特级技师）2025-06-30/);
  expect(xrefIsSound(joined)).toBe(true);
  for (let number = 1; number <= count; number += 1) {
    const text = pageText(joined, number);
    expect(text).toContain(`Y00002390000126T${String(number).padStart(6, '0')}`);
    expect(text).toContain(NAMES[(number - 1) % NAMES.length]);
    expect(text).toBe(pageText(single, number));
    expect(pagePicture(joined, number).equals(pagePicture(single, number)), `page ${number} looks different`).toBe(true);
  }
  // One font subset per part and font, each under its own tag.
  const fonts = execFileSync('pdffonts', ['-'], { input: joined, encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((line) => line.split(/\s+/)[0]);
  expect(new Set(fonts).size).toBe(fonts.length);
}

const TITLE = '职业技能等级证书（特级技师）2025-06-30';

describe('joinPdfkitDocuments', () => {
  it('joins documents into one with every page in order, as one document written page after page', async () => {
    const photo = png();
    const pages = Array.from({ length: 7 }, (_, index) => page(index, index === 5 ? photo : null));
    const single = await renderCertificatesPdf(pages, { title: TITLE });
    const parts = await Promise.all([pages.slice(0, 3), pages.slice(3, 5), pages.slice(5)].map((part) => renderCertificatesPdf(part, { title: TITLE })));
    const joined = joinPdfkitDocuments(parts);
    expectSameCertificates(joined, single, 7);
    expect(joinPdfkitDocuments([single]).equals(single)).toBe(true);
  });

  it('refuses what pdfkit did not write', () => {
    expect(() => joinPdfkitDocuments([Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n')])).toThrow(/startxref/);
    expect(() => joinPdfkitDocuments([])).toThrow(/nothing to join/);
  });
});

describe('startCertificatePrint', () => {
  it('renders on two threads into one PDF, reporting progress, the same certificates as one document', async () => {
    // One page in an enterprise's own font, one with a photo: bytes that travel to the threads.
    const own = { id: 'own-font', bytes: fs.readFileSync(BOLD_FONT_PATH) };
    const pages = Array.from({ length: 6 }, (_, index) => ({ ...page(index, index === 1 ? png() : null), font: index === 4 ? own : null }));
    const print = startCertificatePrint(pages.length, 2);
    expect(print.threads).toBe(2);
    const progress: number[] = [];
    try {
      const pdf = await print.render(pages, { title: TITLE, onProgress: (done) => progress.push(done) });
      expectSameCertificates(pdf, await renderCertificatesPdf(pages, { title: TITLE }), 6);
      expect(progress.every((done) => done >= 1 && done <= 6)).toBe(true);
      await expect(print.render(pages)).rejects.toThrow(/renders once/);
    } finally {
      await print.close();
    }
  }, 60_000);

  it('stops when told to, and renders a small print file on the calling thread', async () => {
    const controller = new AbortController();
    const print = startCertificatePrint(4, 2);
    const rendering = print.render([page(0), page(1), page(2), page(3)], { signal: controller.signal });
    controller.abort(new Error('lease lost'));
    await expect(rendering).rejects.toThrow();
    await print.close();

    const here = startCertificatePrint(3);
    expect(here.threads).toBe(1);
    const pdf = await here.render([page(0), page(1), page(2)], { title: TITLE });
    expect(pdfinfo(pdf).out).toMatch(/Pages:\s+3\n/);
    await here.close();
  }, 60_000);
});
