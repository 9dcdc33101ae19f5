import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blobPath, contentDisposition, detectMediaType, formatBytes, mediaTypes, sanitiseFileName } from '../../src/platform/files.ts';

describe('detectMediaType', () => {
  it('recognises PDF, JPEG and PNG by their magic bytes only', () => {
    expect(detectMediaType(Buffer.from('%PDF-1.7\n…'))?.name).toBe('pdf');
    expect(detectMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0, 0]))?.name).toBe('jpeg');
    expect(detectMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.name).toBe('png');
    for (const other of ['', '%PDF', ' %PDF-1.4', '<!doctype html>', 'GIF89a', '\u0089PNG\r\n']) {
      expect(detectMediaType(Buffer.from(other, 'latin1')), JSON.stringify(other)).toBeNull();
    }
    expect(detectMediaType(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(detectMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a]))).toBeNull();
  });

  it('recognises an .xlsx by its ZIP directory, and not any ZIP', () => {
    const zip = (names: string[]) => {
      const central: Buffer[] = [];
      for (const name of names) {
        const header = Buffer.alloc(46);
        header.writeUInt32LE(0x02014b50, 0);
        header.writeUInt16LE(Buffer.byteLength(name), 28);
        central.push(header, Buffer.from(name));
      }
      const local = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]);
      const directory = Buffer.concat(central);
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(names.length, 10);
      end.writeUInt32LE(directory.length, 12);
      end.writeUInt32LE(local.length, 16);
      return Buffer.concat([local, directory, end]);
    };
    expect(detectMediaType(zip(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml']))?.name).toBe('xlsx');
    expect(detectMediaType(zip(['[Content_Types].xml', 'word/document.xml']))).toBeNull();
    expect(detectMediaType(Buffer.from('PK\u0003\u0004 broken'))).toBeNull();
  });
});

describe('sanitiseFileName', () => {
  it('keeps Chinese names as they are', () => {
    expect(sanitiseFileName('职业技能等级证书（高级技师）.pdf', mediaTypes.pdf)).toBe('职业技能等级证书（高级技师）.pdf');
  });

  it('strips paths, control and bidi characters, reserved characters and leading dots', () => {
    expect(sanitiseFileName('C:\\Users\\张三\\证书.pdf', mediaTypes.pdf)).toBe('证书.pdf');
    expect(sanitiseFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseFileName('a\u0000b\u0007c\r\n.pdf', mediaTypes.pdf)).toBe('abc.pdf');
    expect(sanitiseFileName('invoice\u202Efdp.exe', mediaTypes.pdf)).toBe('invoicefdp.exe.pdf');
    expect(sanitiseFileName('zero\u200Bwidth.png', mediaTypes.png)).toBe('zerowidth.png');
    expect(sanitiseFileName('a<b>c:d"e|f?g*.pdf', mediaTypes.pdf)).toBe('a_b_c_d_e_f_g_.pdf');
    expect(sanitiseFileName('.htaccess')).toBe('htaccess');
    expect(sanitiseFileName('  spaced   out  .pdf ', mediaTypes.pdf)).toBe('spaced out.pdf');
    expect(sanitiseFileName('CON.pdf', mediaTypes.pdf)).toBe('_CON.pdf');
    expect(sanitiseFileName('', mediaTypes.png)).toBe('file.png');
    expect(sanitiseFileName('/', mediaTypes.jpeg)).toBe('file.jpg');
  });

  it('makes the extension fit the content', () => {
    expect(sanitiseFileName('scan.JPEG', mediaTypes.jpeg)).toBe('scan.jpeg');
    expect(sanitiseFileName('scan.html', mediaTypes.jpeg)).toBe('scan.html.jpg');
    expect(sanitiseFileName('scan', mediaTypes.png)).toBe('scan.png');
  });

  it('bounds the length by characters and UTF-8 bytes, keeping the extension', () => {
    const long = sanitiseFileName(`${'特级技师'.repeat(100)}.pdf`, mediaTypes.pdf);
    expect(long.endsWith('.pdf')).toBe(true);
    expect([...long].length).toBeLessThanOrEqual(100);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(200);
    expect(sanitiseFileName(`${'a'.repeat(500)}.png`, mediaTypes.png)).toBe(`${'a'.repeat(96)}.png`);
  });

  it('never yields a path, a control character or an empty name, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (raw) => {
        const name = sanitiseFileName(raw, mediaTypes.pdf);
        expect(name).not.toMatch(/[\\/<>:"|?*\p{Cc}\p{Cf}]/u);
        expect(name.startsWith('.')).toBe(false);
        expect(name.endsWith('.pdf')).toBe(true);
        expect(name.length).toBeGreaterThan(4);
        expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200);
      }),
    );
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact name in RFC 5987 form', () => {
    expect(contentDisposition('attachment', '证书 (1).pdf')).toBe(
      `attachment; filename="__ (1).pdf"; filename*=UTF-8''%E8%AF%81%E4%B9%A6%20%281%29.pdf`,
    );
    expect(contentDisposition('inline', 'a"b\\c%.png')).toBe(`inline; filename="a_b_c_.png"; filename*=UTF-8''a%22b%5Cc%25.png`);
  });
});

describe('blobPath', () => {
  it('shards by the first two byte pairs and accepts nothing but a SHA-256', () => {
    const sha = 'ab'.repeat(32);
    expect(blobPath('/data/files', sha)).toBe(`/data/files/ab/ab/${sha}`);
    for (const bad of ['../../etc/passwd', 'AB'.repeat(32), 'ab'.repeat(31), `${'ab'.repeat(31)}/x`]) {
      expect(() => blobPath('/data/files', bad)).toThrow();
    }
  });
});

describe('formatBytes', () => {
  it('writes limits the way people read them', () => {
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MiB');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MiB');
    expect(formatBytes(4096)).toBe('4 KiB');
    expect(formatBytes(500)).toBe('500 B');
  });
});
