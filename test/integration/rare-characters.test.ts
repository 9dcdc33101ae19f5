// Every character prints (issue 22, item 9): a holder named with characters of CJK Extension B
// (𠀀 U+20000, 𪚥 U+2A6A5) got a certificate whose name printed as empty boxes, silently. Now the
// certificate and the agreement are refused, naming each character, unless a fallback font
// (CERTIFICATE_FALLBACK_FONTS; here Debian's fonts-hanazono HanaMinB, which scripts/ensure-system-deps.sh
// installs) has them; then they print, and pdftotext reads them back from the PDF.
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/platform/errors.ts';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { certificates } from '../../src/modules/certificates/tables.ts';
import { contextFor } from '../support/actors.ts';
import { certificateEnterprise, holder, pdfText } from '../support/certificate-factories.ts';
import { confirmedHolders } from '../support/confirmed-list.ts';
import { buildProvince } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const HANAMIN_B = '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf';
const RARE_NAME = '李𠀀𪚥';
const term = { post: '首席技能专家', duties: '负责关键工艺攻关，带徒传技。', treatment: '比照正高级职称人员。', termStart: '2025-01-01', termEnd: '2027-12-31' };
const flat = (text: string) => text.replace(/\s+/g, '');

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('without a fallback font: refused, naming the character', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ jobs: false, certificateFallbackFonts: [] });
  }, 120_000);
  afterAll(() => t?.close());

  it('refuses to issue a certificate whose holder name has 𠀀 and 𪚥; nothing is issued, no serial drawn', async () => {
    const admin = await t.admin();
    const built = await certificateEnterprise(t, admin, (await buildProvince(admin)).id);
    const context = await contextFor(t.handle.db, built.user.id, t.clock);
    const list = await confirmedHolders(t.handle.db, built.enterprise.id, [holder(81), holder(82, { name: RARE_NAME })]);
    const error = await refusal(issueCertificates(t.handle.db, context, { enterpriseId: built.enterprise.id, issuedOn: '2024-12-18', ...list }));
    expect(error.code).toBe('CHARACTERS_NOT_PRINTABLE');
    expect(error.status).toBe(422);
    expect(error.messages['zh-CN']).toContain('“𠀀”（U+20000）、“𪚥”（U+2A6A5）');
    expect(error.messages.en).toContain('"𠀀" (U+20000), "𪚥" (U+2A6A5)');
    expect(error.errors?.map((item) => `${item.path}:${item.code}`)).toEqual(['holders.1.name:CHARACTER_NOT_IN_FONT', 'holders.1.name:CHARACTER_NOT_IN_FONT']);
    expect(error.errors?.[0].messages['zh-CN']).toBe(`“${RARE_NAME}”中的“𠀀”（U+20000）在字体中没有字形，打印会成为空框`);
    expect(await t.handle.db.select().from(certificates).where(eq(certificates.enterpriseId, built.enterprise.id))).toEqual([]);
    // The other holder alone is issued, with the first serial: the refused attempt drew none.
    const issued = await issueCertificates(t.handle.db, context, { enterpriseId: built.enterprise.id, issuedOn: '2024-12-18', ...(await confirmedHolders(t.handle.db, built.enterprise.id, [holder(81)])) });
    expect(issued.certificates[0].code.slice(-6)).toBe('000001');

    // A correction to such a name is refused the same way, through the API (422 problem+json).
    const corrected = await built.hr.post(`/api/v1/certificates/${issued.certificates[0].id}/correct`, { holderName: RARE_NAME, reason: '按户籍更正姓名' });
    expect(corrected.statusCode).toBe(422);
    expect(corrected.json()).toMatchObject({ code: 'CHARACTERS_NOT_PRINTABLE', errors: [{ path: 'holderName', code: 'CHARACTER_NOT_IN_FONT' }, { path: 'holderName', code: 'CHARACTER_NOT_IN_FONT' }] });
    expect(corrected.json().messages['zh-CN']).toContain('𠀀');

    // An agreement whose text has such a character is refused before it is drafted.
    const drafted = await built.hr.post('/api/v1/appointments', { certificateId: issued.certificates[0].id, ...term, duties: '负责𪚥工艺攻关。' });
    expect(drafted.statusCode).toBe(422);
    expect(drafted.json()).toMatchObject({ code: 'CHARACTERS_NOT_PRINTABLE', errors: [{ path: 'agreementText', code: 'CHARACTER_NOT_IN_FONT' }] });
    expect(drafted.json().messages.en).toContain('"𪚥" (U+2A6A5)');
  }, 120_000);
});

// No silent skip: npm test installs fonts-hanazono (scripts/ensure-system-deps.sh); without it this fails and says so.
describe('with HanaMinB as the fallback font: printed, and read back from the PDF', () => {
  let t: TestApp;
  beforeAll(async () => {
    if (!fs.existsSync(HANAMIN_B)) throw new Error(`${HANAMIN_B} is missing: install Debian's fonts-hanazono (apt-get install fonts-hanazono), as npm test does when run as root`);
    t = await createTestApp({ jobs: false, certificateFallbackFonts: [HANAMIN_B] });
  }, 120_000);
  afterAll(() => t?.close());

  it('issues the certificate and prints 𠀀 and 𪚥 in the name (pdftotext reads them); the agreement too', async () => {
    const admin = await t.admin();
    const built = await certificateEnterprise(t, admin, (await buildProvince(admin)).id);
    const context = await contextFor(t.handle.db, built.user.id, t.clock);
    const { certificates: [issued] } = await issueCertificates(t.handle.db, context, {
      enterpriseId: built.enterprise.id,
      issuedOn: '2024-12-18',
      ...(await confirmedHolders(t.handle.db, built.enterprise.id, [holder(83, { name: RARE_NAME })])),
    });
    expect(issued.holderName).toBe(RARE_NAME);
    const started = performance.now();
    const pdf = await built.hr.get(`/api/v1/certificates/${issued.id}/pdf`);
    const ms = performance.now() - started;
    expect(pdf.statusCode).toBe(200);
    const text = flat(pdfText(pdf.rawPayload));
    expect(text).toContain(RARE_NAME);
    expect(text).not.toContain('\uFFFD');
    // Both fonts are embedded (subsets): Noto Serif SC for the rest, HanaMinB for the two characters.
    const fonts = (await import('node:child_process')).execFileSync('pdffonts', ['-'], { input: pdf.rawPayload, encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSerifSC/);
    expect(fonts).toMatch(/HanaMinB/);
    console.log(`rare characters: certificate PDF with ${RARE_NAME} in ${ms.toFixed(0)} ms, ${pdf.rawPayload.length} bytes`);

    const drafted = await built.hr.post('/api/v1/appointments', { certificateId: issued.id, ...term });
    expect(drafted.statusCode, drafted.body).toBe(201);
    const agreement = await built.hr.get(`/api/v1/appointments/${drafted.json().id}/agreement`);
    expect(agreement.statusCode).toBe(200);
    expect(flat(pdfText(agreement.rawPayload))).toContain(RARE_NAME);
  }, 120_000);

  it('still refuses a character no font has (𰀀 U+30000, Extension G), naming it', async () => {
    const admin = await t.admin();
    const built = await certificateEnterprise(t, admin, (await buildProvince(admin)).id);
    const context = await contextFor(t.handle.db, built.user.id, t.clock);
    const error = await refusal(
      issueCertificates(t.handle.db, context, { enterpriseId: built.enterprise.id, issuedOn: '2024-12-18', ...(await confirmedHolders(t.handle.db, built.enterprise.id, [holder(84, { name: '王𰀀𠀀' })])) }),
    );
    expect(error.code).toBe('CHARACTERS_NOT_PRINTABLE');
    expect(error.messages['zh-CN']).toContain('“𰀀”（U+30000）');
    expect(error.messages['zh-CN']).not.toContain('𠀀');
  }, 120_000);
});
