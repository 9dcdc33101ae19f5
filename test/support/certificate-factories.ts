// Builders and PDF helpers for the certificate tests: valid resident identity numbers, an enterprise
// with certificate code settings and its HR administrator, holders, and a look at rendered PDFs
// (pdftotext and pdftoppm from Debian's poppler-utils; QR codes decoded with jsqr).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { residentIdCheckCharacter } from '../../src/domain/identity.ts';
import { buildEnterprise, buildUser } from './factories.ts';
import type { TestApp, TestClient } from './test-app.ts';

let site = 100;

/** The birth date the factories give a sequence number: 1975-03-08, a day later for each thousand. */
export function birthDateOf(sequence: number): string {
  return `1975-03-${String(8 + Math.floor(sequence / 1000)).padStart(2, '0')}`;
}

/** A valid 18-character resident identity number; odd sequence digits are men. */
export function residentId(sequence: number, birth = birthDateOf(sequence).replace(/-/g, ''), region = '230102'): string {
  const body = `${region}${birth}${String(sequence % 1000).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body);
}

export function holder(sequence: number, overrides: Record<string, unknown> = {}) {
  const male = sequence % 2 === 1;
  return {
    name: `持证人${sequence}`,
    idType: 'resident-id',
    idNumber: residentId(sequence),
    gender: male ? 'male' : 'female',
    birthDate: birthDateOf(sequence),
    occupationCode: '6-31-01-03',
    occupationName: '电工',
    trade: null,
    ...overrides,
  };
}

/** An enterprise under the province with its own institution site, and its HR administrator's client. */
export async function certificateEnterprise(t: TestApp, admin: TestClient, provinceId: string, overrides: Record<string, unknown> = {}) {
  site += 1;
  const siteCode = String(site + Math.floor(Math.random() * 800_000)).padStart(6, '0');
  const enterprise = await buildEnterprise(admin, provinceId, {
    institution: { category: 'Y', institutionCode: '0000', provinceCode: '23', siteCode },
    ...overrides,
  });
  const user = await buildUser(admin, enterprise.id, ['enterprise-admin']);
  const hr = await t.login(user.username, user.password);
  return { enterprise, hr, user, siteCode };
}

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ptech-pdf-'));
}

/** The text of a PDF, as pdftotext reads it (layout kept). */
export function pdfText(pdf: Buffer): string {
  const dir = scratch();
  try {
    fs.writeFileSync(path.join(dir, 'in.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'in.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface RenderedPage {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  data: Uint8ClampedArray;
}

/** Renders a page of the PDF to pixels (pdftoppm → PPM), optionally keeping a PNG to look at. */
export function renderPdfPage(pdf: Buffer, options: { page?: number; dpi?: number; png?: string } = {}): RenderedPage {
  const dir = scratch();
  const page = String(options.page ?? 1);
  const dpi = String(options.dpi ?? 100);
  try {
    fs.writeFileSync(path.join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', dpi, '-f', page, '-l', page, '-singlefile', path.join(dir, 'in.pdf'), path.join(dir, 'out')]);
    if (options.png) {
      fs.mkdirSync(path.dirname(options.png), { recursive: true });
      execFileSync('pdftoppm', ['-r', dpi, '-f', page, '-l', page, '-singlefile', '-png', path.join(dir, 'in.pdf'), options.png.replace(/\.png$/, '')]);
    }
    return parsePpm(fs.readFileSync(path.join(dir, 'out.ppm')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function parsePpm(bytes: Buffer): RenderedPage {
  // P6 <width> <height> <max>\n<rgb…>
  const header: string[] = [];
  let offset = 0;
  while (header.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[offset]))) offset += 1;
    let token = '';
    while (!/\s/.test(String.fromCharCode(bytes[offset]))) token += String.fromCharCode(bytes[offset++]);
    header.push(token);
  }
  offset += 1;
  if (header[0] !== 'P6') throw new Error(`not a binary PPM: ${header[0]}`);
  const width = Number(header[1]);
  const height = Number(header[2]);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let index = 0; index < width * height; index += 1) {
    data[index * 4] = bytes[offset + index * 3];
    data[index * 4 + 1] = bytes[offset + index * 3 + 1];
    data[index * 4 + 2] = bytes[offset + index * 3 + 2];
    data[index * 4 + 3] = 255;
  }
  return { width, height, data };
}

/** Pixels darker than near-white in a box given in millimetres of the A4 page. */
export function darkPixels(page: RenderedPage, box: { x: number; y: number; width: number; height: number }): number {
  const scale = page.width / 210;
  let count = 0;
  for (let y = Math.floor(box.y * scale); y < Math.min(page.height, Math.ceil((box.y + box.height) * scale)); y += 1) {
    for (let x = Math.floor(box.x * scale); x < Math.min(page.width, Math.ceil((box.x + box.width) * scale)); x += 1) {
      const at = (y * page.width + x) * 4;
      if (page.data[at] + page.data[at + 1] + page.data[at + 2] < 600) count += 1;
    }
  }
  return count;
}

/** The text of the QR code on the page, or null. */
export function decodeQr(page: RenderedPage): string | null {
  return jsQR(page.data, page.width, page.height)?.data ?? null;
}

/** A multipart/form-data body with one file, for app.inject. */
export function multipartBody(fieldName: string, fileName: string, bytes: Buffer, type = 'application/octet-stream') {
  const boundary = `----ptech${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`, 'utf8');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { payload: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}
