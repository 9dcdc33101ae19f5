// Every character prints (issue 22, item 9): a name with a rare character (生僻字, e.g. 𠀀 U+20000,
// 𪚥 U+2A6A5, CJK Extension B) printed as an empty box, silently. Now:
// - before a certificate is issued or corrected, and before an agreement is drafted or rendered,
//   every character of what will be printed is looked up in the font that prints it (the bundled
//   Noto Serif SC or the enterprise's own) and in the fallback fonts the administrator configured
//   (CERTIFICATE_FALLBACK_FONTS, e.g. Debian's fonts-hanazono HanaMinB.ttf, which covers
//   Extension B); a character none of them has refuses the act, naming it (CHARACTERS_NOT_PRINTABLE);
// - the renderer prints each run of characters the main font lacks with the first fallback that
//   has them (runsOf), so a character that passed the check is drawn, never a box.
// No package of the npm registry carries an Extension B font: the fallback is a file the
// administrator installs (docs/decisions/rare-characters.md).
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError, fieldError, type FieldError } from '../../platform/errors.ts';

/** What a font says about a character: whether it has a glyph for it. */
export interface GlyphSource {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

const sources = new Map<string, GlyphSource>();

/** The font's character map (fontkit's, through pdfkit), kept per key: a path, or `font:<id>` for uploaded bytes. */
export function glyphSource(key: string, data: string | Buffer): GlyphSource {
  let source = sources.get(key);
  if (!source) {
    const document = new PDFDocument({ autoFirstPage: false });
    document.font(data);
    source = (document as unknown as { _font: { font: GlyphSource } })._font.font;
    sources.set(key, source);
    if (sources.size > 16) sources.delete(sources.keys().next().value!);
  }
  return source;
}

let configuredFallbacks: string[] = [];

/**
 * The fallback fonts (TrueType/OpenType files) for characters the certificate font lacks, in the
 * order they are tried; buildApp sets them from CERTIFICATE_FALLBACK_FONTS. A file that cannot be
 * read as a font stops the start with its path.
 */
export function configureFallbackFonts(paths: readonly string[]): void {
  for (const file of paths) {
    if (!fs.existsSync(file)) throw new Error(`CERTIFICATE_FALLBACK_FONTS: ${file} does not exist / 备用字体文件不存在`);
    try {
      glyphSource(file, file);
    } catch (error) {
      throw new Error(`CERTIFICATE_FALLBACK_FONTS: ${file} is not a font pdfkit can read / 不是可用的字体文件 (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
  }
  configuredFallbacks = [...paths];
}

export function fallbackFontPaths(): string[] {
  return configuredFallbacks;
}

/** Whitespace, controls and format characters print nothing and need no glyph. */
const NEEDS_NO_GLYPH = /^[\s\p{Cc}\p{Cf}]$/u;

/** A stretch of text printed with one font: `fallback` is the index of the fallback font, null for the main one. */
export interface TextRun {
  text: string;
  fallback: number | null;
}

/** The text cut where the font changes: each character goes to the main font if it has it, else to the first fallback that has it (else the main one: the check refused it before). */
export function runsOf(text: string, main: GlyphSource, fallbacks: readonly GlyphSource[]): TextRun[] {
  const runs: TextRun[] = [];
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    const last = runs[runs.length - 1];
    // A space needs no glyph: it stays in the run it is in (one font switch fewer).
    if (last && NEEDS_NO_GLYPH.test(character)) {
      last.text += character;
      continue;
    }
    let fallback: number | null = null;
    if (!NEEDS_NO_GLYPH.test(character) && !main.hasGlyphForCodePoint(codePoint)) {
      const index = fallbacks.findIndex((font) => font.hasGlyphForCodePoint(codePoint));
      fallback = index >= 0 ? index : null;
    }
    if (last && last.fallback === fallback) last.text += character;
    else runs.push({ text: character, fallback });
  }
  return runs;
}

type Document = PDFKit.PDFDocument & { _font: { ascender: number }; _fontSize: number };

/**
 * Writes `text` in the registered font `font` (whose glyphs `main` tells), each run of characters
 * it lacks in the first fallback that has them. One run: pdfkit's own call, unchanged. Several:
 * every run sits on the main font's baseline (fonts' ascenders differ: HanaMin's would lift its
 * characters); a centred text that fits its line is measured run by run and placed as one, any
 * other is chained with `continued`, so it wraps as one text.
 */
export function writeText(
  document: PDFKit.PDFDocument,
  text: string,
  font: string,
  main: GlyphSource,
  fallbacks: readonly { name: string; source: GlyphSource }[],
  x: number | undefined,
  y: number | undefined,
  options: PDFKit.Mixins.TextOptions = {},
): void {
  const runs = fallbacks.length ? runsOf(text, main, fallbacks.map((fallback) => fallback.source)) : [{ text, fallback: null }];
  document.font(font);
  if (runs.length === 1 && runs[0].fallback === null) {
    if (x === undefined) document.text(text, options);
    else document.text(text, x, y, options);
    return;
  }
  const pdf = document as Document;
  const baseline = -((pdf._font.ascender / 1000) * pdf._fontSize);
  const nameOf = (run: TextRun) => (run.fallback === null ? font : fallbacks[run.fallback].name);
  const spacing = options.characterSpacing ?? 0;
  if (options.align === 'center' && options.width && x !== undefined && y !== undefined) {
    const widths = runs.map((run) => document.font(nameOf(run)).widthOfString(run.text, { characterSpacing: spacing }));
    const total = widths.reduce((sum, width) => sum + width, 0) + spacing * (runs.length - 1);
    if (total <= options.width) {
      let cursor = x + (options.width - total) / 2;
      runs.forEach((run, index) => {
        document.font(nameOf(run)).text(run.text, cursor, y, { lineBreak: false, characterSpacing: spacing, baseline });
        cursor += widths[index] + spacing;
      });
      document.font(font);
      return;
    }
  }
  runs.forEach((run, index) => {
    document.font(nameOf(run));
    const continued = index < runs.length - 1;
    if (index === 0 && x !== undefined) document.text(run.text, x, y, { ...options, baseline, continued });
    else if (index === 0) document.text(run.text, { ...options, baseline, continued });
    else document.text(run.text, { baseline, continued });
  });
  document.font(font);
}

/** A character no font has, where it stands. */
export interface MissingCharacter {
  path: string;
  text: string;
  character: string;
  codePoint: string;
}

/** 'U+20000'. */
export function codePointName(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The characters of the texts that neither the main font nor a fallback has. */
export function missingCharacters(texts: readonly { path: string; text: string | null | undefined }[], main: GlyphSource, fallbacks: readonly GlyphSource[]): MissingCharacter[] {
  const missing: MissingCharacter[] = [];
  for (const { path, text } of texts) {
    if (!text) continue;
    const seen = new Set<string>();
    for (const character of text) {
      if (seen.has(character) || NEEDS_NO_GLYPH.test(character)) continue;
      seen.add(character);
      const codePoint = character.codePointAt(0)!;
      if (main.hasGlyphForCodePoint(codePoint) || fallbacks.some((font) => font.hasGlyphForCodePoint(codePoint))) continue;
      missing.push({ path, text, character, codePoint: codePointName(character) });
    }
  }
  return missing;
}

/** The configured fallbacks' character maps. */
export function fallbackSources(paths: readonly string[] = configuredFallbacks): GlyphSource[] {
  return paths.map((file) => glyphSource(file, file));
}

/**
 * Refuses (422 CHARACTERS_NOT_PRINTABLE) when a character of the texts has no glyph in the main
 * font nor in any fallback: the message names each character and its code point, and every place
 * it stands is a field error.
 */
export function assertPrintable(texts: readonly { path: string; text: string | null | undefined }[], main: GlyphSource, fallbacks: readonly GlyphSource[] = fallbackSources()): void {
  const missing = missingCharacters(texts, main, fallbacks);
  if (!missing.length) return;
  const characters = [...new Map(missing.map((item) => [item.character, item])).values()];
  const errors: FieldError[] = missing.map((item) =>
    fieldError(
      item.path,
      'CHARACTER_NOT_IN_FONT',
      `“${item.text}”中的“${item.character}”（${item.codePoint}）在字体中没有字形，打印会成为空框`,
      `"${item.character}" (${item.codePoint}) in "${item.text}" has no glyph in the font and would print as an empty box`,
    ),
  );
  throw new AppError('CHARACTERS_NOT_PRINTABLE', { characters: characters.map((item) => `“${item.character}”（${item.codePoint}）`).join('、'), charactersEn: characters.map((item) => `"${item.character}" (${item.codePoint})`).join(', ') }, { errors });
}
