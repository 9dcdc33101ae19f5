// Joins documents written by pdfkit into one, their pages one after the other: a batch's print file
// is rendered in parts on several threads (certificate-print.ts) and delivered as one PDF.
//
// Only pdfkit's own output is read, which is plain: PDF 1.3, a classic cross-reference table, no
// object streams, no encryption, generation 0 everywhere, every object written as
// `n 0 obj\n<dictionary>\n[stream\n<bytes>\n\nendstream\n]endobj\n`, strings with their newlines and
// brackets escaped. Anything else is refused with an error, never half-joined.
//
// The first part is kept whole (its catalogue, document information and file identifier are the
// joined file's); of the others, the objects their pages use (contents, resources, fonts, images)
// are renumbered after it, and their pages join the first part's page tree. Each part embeds its
// own subset of a font under the same subset tag (`CZZZZZ+NotoSerifSC-Bold`): the tags of the later
// parts are renamed, so that no reader takes one subset for another.

interface PdfObject {
  id: number;
  /** Where `n 0 obj` starts, and where the object's `endobj\n` ends. */
  start: number;
  end: number;
  /** Where the dictionary (or the value) starts and ends, after `n 0 obj\n`. */
  valueStart: number;
  valueEnd: number;
}

interface ParsedPdf {
  bytes: Buffer;
  header: Buffer;
  objects: Map<number, PdfObject>;
  root: number;
  info: number | null;
  fileId: string | null;
  pages: number;
  kids: number[];
}

const REF = /(?<![\d.])(\d+) 0 R(?![\w.])/g;
/** A literal string (pdfkit escapes brackets and backslashes inside), a hex string, a reference, a subset tag. */
const TOKENS = /\((?:\\[\s\S]|[^\\()])*\)|<[0-9A-Fa-f\s]*>|(?<![\d.])(\d+) 0 R(?![\w.])|\/([A-Z]{6})\+/g;

function fail(reason: string): never {
  throw new Error(`joinPdfkitDocuments: ${reason}`);
}

function text(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('latin1', start, end);
}

function parse(bytes: Buffer): ParsedPdf {
  const tail = text(bytes, Math.max(0, bytes.length - 64), bytes.length);
  const startxref = /startxref\n(\d+)\n%%EOF\n?$/.exec(tail);
  if (!startxref) fail('no startxref at the end');
  const xrefAt = Number(startxref[1]);
  const table = /^xref\n0 (\d+)\n/.exec(text(bytes, xrefAt, xrefAt + 32));
  if (!table) fail('no cross-reference table where startxref points');
  const size = Number(table[1]);
  const entriesAt = xrefAt + table[0].length;
  const offsets: { id: number; offset: number }[] = [];
  for (let id = 1; id < size; id += 1) {
    const entry = text(bytes, entriesAt + id * 20, entriesAt + id * 20 + 20);
    const match = /^(\d{10}) 00000 n/.exec(entry);
    if (!match) fail(`cross-reference entry ${id} is not an object in use: ${JSON.stringify(entry)}`);
    offsets.push({ id, offset: Number(match[1]) });
  }
  const trailer = text(bytes, entriesAt + size * 20, bytes.length);
  const root = /\/Root (\d+) 0 R/.exec(trailer);
  if (!root || !/^trailer\n/.test(trailer)) fail('no trailer with a /Root');
  if (/\/Encrypt\b|\/Prev\b/.test(trailer)) fail('encrypted or updated documents are not joined');
  const info = /\/Info (\d+) 0 R/.exec(trailer);
  const fileId = /\/ID \[[^\]]*\]/.exec(trailer);

  offsets.sort((a, b) => a.offset - b.offset);
  const objects = new Map<number, PdfObject>();
  for (const [index, { id, offset }] of offsets.entries()) {
    const end = index + 1 < offsets.length ? offsets[index + 1].offset : xrefAt;
    const head = `${id} 0 obj\n`;
    if (text(bytes, offset, offset + head.length) !== head) fail(`object ${id} is not where the table says`);
    if (text(bytes, end - 7, end) !== 'endobj\n') fail(`object ${id} does not end with endobj`);
    const valueStart = offset + head.length;
    const streamAt = bytes.indexOf('\nstream\n', valueStart, 'latin1');
    const valueEnd = streamAt !== -1 && streamAt < end ? streamAt : end - '\nendobj\n'.length;
    objects.set(id, { id, start: offset, end, valueStart, valueEnd });
  }
  const value = (id: number) => {
    const object = objects.get(id);
    if (!object) fail(`object ${id} is referenced but missing`);
    return text(bytes, object.valueStart, object.valueEnd);
  };
  const pages = /\/Pages (\d+) 0 R/.exec(value(Number(root[1])));
  if (!pages) fail('the catalogue names no page tree');
  const tree = value(Number(pages[1]));
  const kids = /\/Kids \[([^\]]*)\]/.exec(tree);
  if (!kids || !/\/Type \/Pages\b/.test(tree)) fail('the page tree is not a flat list of pages');
  return {
    bytes,
    header: bytes.subarray(0, offsets[0]?.offset ?? fail('no objects')),
    objects,
    root: Number(root[1]),
    info: info ? Number(info[1]) : null,
    fileId: fileId ? fileId[0] : null,
    pages: Number(pages[1]),
    kids: [...kids[1].matchAll(REF)].map((match) => Number(match[1])),
  };
}

/** The objects a part's pages need: everything reachable from them, but not the part's own page tree or catalogue. */
function reachableFromPages(part: ParsedPdf): number[] {
  const seen = new Set<number>();
  const stack = [...part.kids];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id) || id === part.pages || id === part.root) continue;
    const object = part.objects.get(id);
    if (!object) fail(`object ${id} is referenced but missing`);
    seen.add(id);
    for (const match of text(part.bytes, object.valueStart, object.valueEnd).matchAll(REF)) stack.push(Number(match[1]));
  }
  return [...seen].sort((a, b) => part.objects.get(a)!.start - part.objects.get(b)!.start);
}

/** The next six capital letters after `tag` (AAAAAA, AAAAAB, …, ZZZZZZ). */
function nextTag(tag: string): string {
  const letters = [...tag];
  for (let index = letters.length - 1; index >= 0; index -= 1) {
    if (letters[index] !== 'Z') {
      letters[index] = String.fromCharCode(letters[index].charCodeAt(0) + 1);
      return letters.join('');
    }
    letters[index] = 'A';
  }
  fail('no subset tag left');
}

/**
 * One PDF with the pages of `parts` in order. Each part is a whole document written by pdfkit
 * (see the top of this file); a single part comes back as it is.
 */
export function joinPdfkitDocuments(parts: readonly Uint8Array[]): Buffer {
  if (parts.length === 0) fail('nothing to join');
  const parsed = parts.map((part) => parse(Buffer.isBuffer(part) ? part : Buffer.from(part.buffer, part.byteOffset, part.byteLength)));
  if (parsed.length === 1) return parsed[0].bytes;
  const first = parsed[0];

  const usedTags = new Set<string>();
  for (const part of parsed) {
    for (const object of part.objects.values()) {
      for (const match of text(part.bytes, object.valueStart, object.valueEnd).matchAll(/\/([A-Z]{6})\+/g)) usedTags.add(match[1]);
    }
  }
  let lastTag = 'AAAAA@';

  const chunks: Buffer[] = [first.header];
  let length = first.header.length;
  const offsets: number[] = [];
  const push = (id: number, chunk: Buffer) => {
    offsets[id] = length;
    chunks.push(chunk);
    length += chunk.length;
  };

  // The first part's objects as they are, but for the page tree, which is written last with every page.
  const firstObjects = [...first.objects.values()].sort((a, b) => a.start - b.start);
  for (const object of firstObjects) {
    if (object.id !== first.pages) push(object.id, first.bytes.subarray(object.start, object.end));
  }
  let nextId = Math.max(...first.objects.keys()) + 1;
  const kids = [...first.kids];

  for (const part of parsed.slice(1)) {
    const kept = reachableFromPages(part);
    const renumbered = new Map<number, number>([[part.pages, first.pages]]);
    for (const id of kept) renumbered.set(id, nextId++);
    const tags = new Map<string, string>();
    const rename = (tag: string) => {
      let renamed = tags.get(tag);
      if (!renamed) {
        do {
          lastTag = nextTag(lastTag);
        } while (usedTags.has(lastTag));
        usedTags.add(lastTag);
        renamed = lastTag;
        tags.set(tag, renamed);
      }
      return renamed;
    };
    for (const id of kept) {
      const object = part.objects.get(id)!;
      const value = text(part.bytes, object.valueStart, object.valueEnd).replace(TOKENS, (token, ref: string | undefined, tag: string | undefined) => {
        if (ref !== undefined) {
          const to = renumbered.get(Number(ref));
          if (to === undefined) fail(`a page uses object ${ref}, which is not joined`);
          return `${to} 0 R`;
        }
        if (tag !== undefined) return `/${rename(tag)}+`;
        return token;
      });
      const newId = renumbered.get(id)!;
      push(newId, Buffer.concat([Buffer.from(`${newId} 0 obj\n${value}`, 'latin1'), part.bytes.subarray(object.valueEnd, object.end)]));
    }
    kids.push(...part.kids.map((id) => renumbered.get(id)!));
  }

  // The page tree with every page, in the parts' order.
  const tree = text(first.bytes, first.objects.get(first.pages)!.valueStart, first.objects.get(first.pages)!.valueEnd)
    .replace(/\/Count \d+/, `/Count ${kids.length}`)
    .replace(/\/Kids \[[^\]]*\]/, `/Kids [${kids.map((id) => `${id} 0 R`).join(' ')}]`);
  push(first.pages, Buffer.from(`${first.pages} 0 obj\n${tree}\nendobj\n`, 'latin1'));

  const size = nextId;
  const xrefAt = length;
  const table = [`xref\n0 ${size}\n`, '0000000000 65535 f \n'];
  for (let id = 1; id < size; id += 1) {
    if (offsets[id] === undefined) fail(`object ${id} was not written`);
    table.push(`${String(offsets[id]).padStart(10, '0')} 00000 n \n`);
  }
  const trailer = ['trailer', '<<', `/Size ${size}`, `/Root ${first.root} 0 R`];
  if (first.info !== null) trailer.push(`/Info ${first.info} 0 R`);
  if (first.fileId) trailer.push(first.fileId);
  trailer.push('>>', 'startxref', String(xrefAt), '%%EOF', '');
  chunks.push(Buffer.from(table.join('') + trailer.join('\n'), 'latin1'));
  return Buffer.concat(chunks);
}
