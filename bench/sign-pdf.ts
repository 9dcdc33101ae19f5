// sign-pdf: 2,000 certificate PDFs, each rendered by pdfkit with its issuer's signature placeholder
// and signed (PAdES: CAdES detached, ECDSA P-256) one by one, as GET /certificates/{id}/pdf does,
// against pdfkit rendering the same 2,000 PDFs unsigned, measured in the same run. The two are
// interleaved in blocks of 50, so that a machine busy with other work slows both alike.
import { performance } from 'node:perf_hooks';
import { renderCertificatesPdf, type CertificatePage } from '../src/modules/certificates/certificate-pdf.ts';
import { effectiveTemplate } from '../src/modules/certificates/template.ts';
import { generateX509 } from '../src/modules/signing/keys.ts';
import { inspectPdfSignature, signatureLengthFor, signPdf } from '../src/modules/signing/pades.ts';
import { testClock } from '../test/support/clock.ts';
import { certificateHolder } from './data.ts';
import { ratioOf, sizeOf, type BenchResult, type Benchmark } from './lib.ts';

const BLOCK = 50;

export const signPdfBench: Benchmark = {
  name: 'sign-pdf',
  describe: '2,000 certificate PDFs rendered and PAdES-signed one by one, vs pdfkit rendering the same 2,000 unsigned',
  async run(ctx): Promise<BenchResult[]> {
    const count = sizeOf(ctx, 100, 2000);
    const clock = testClock();
    const key = await generateX509({ name: '基准测试发证企业' }, clock.now());
    const identity = { privateKey: key.privateKey, certificateDer: key.certificateDer!, chainDer: [] };
    const pages: CertificatePage[] = Array.from({ length: count }, (_, index) => {
      const holder = certificateHolder(ctx.seed + 3, index);
      const code = `Y000023900001265T${String(index + 1).padStart(6, '0')}`;
      return {
        view: {
          code,
          holderName: holder.name,
          gender: holder.gender === 'male' ? '男' : '女',
          birthDate: holder.birthDate,
          idTypeName: '居民身份证',
          idNumber: holder.idNumber,
          occupationName: holder.occupationName,
          occupationCode: holder.occupationCode,
          trade: '--',
          levelName: '特级技师',
          issuerName: '基准测试发证企业',
          issuedOn: '2026-01-15',
          verifyUrl: `https://ptech.example.cn/verify/${code}?t=AAAAAAAAAAAAAAAAAAAAAA&k=AAAAAAAAAAAAAAAA&s=${'A'.repeat(86)}`,
          photo: null,
          printSerial: null,
        },
        template: effectiveTemplate(undefined),
      };
    });
    // Warm both paths (fonts read, code compiled) before timing.
    await renderCertificatesPdf([pages[0]]);
    const placeholder = { name: '基准测试发证企业', reason: '颁发职业技能等级证书', location: 'CN', signingTime: clock.now(), signatureLength: signatureLengthFor(identity) };
    await signPdf(await renderCertificatesPdf([pages[0]], { signature: placeholder }), identity);

    let plainMs = 0;
    let signedMs = 0;
    let signingOnlyMs = 0;
    let lastSigned: Buffer | null = null;
    for (let start = 0; start < count; start += BLOCK) {
      const block = pages.slice(start, start + BLOCK);
      let t0 = performance.now();
      for (const page of block) await renderCertificatesPdf([page], { documentId: `certificate:${page.view.code}` });
      plainMs += performance.now() - t0;
      t0 = performance.now();
      for (const page of block) {
        const rendered = await renderCertificatesPdf([page], { documentId: `certificate:${page.view.code}`, signature: placeholder });
        const s0 = performance.now();
        lastSigned = await signPdf(rendered, identity);
        signingOnlyMs += performance.now() - s0;
      }
      signedMs += performance.now() - t0;
    }
    const inspected = lastSigned ? inspectPdfSignature(lastSigned) : null;
    if (!inspected || inspected.status !== 'signed' || !inspected.intact || !inspected.coversWholeDocument) throw new Error('sign-pdf: the last signed PDF does not verify');
    const ratio = ratioOf(signedMs, plainMs);
    return [
      {
        name: 'sign-pdf',
        value: Number((signedMs / 1000).toFixed(2)),
        unit: 's',
        baseline: Number((plainMs / 1000).toFixed(2)),
        ratio,
        target: 'ratio<=1.25',
        pass: ratio <= 1.25,
        details: { pdfs: count, signing_ms_per_pdf: Number((signingOnlyMs / count).toFixed(2)), rendering_ms_per_pdf: Number((plainMs / count).toFixed(2)), signed_pdf_kb: Number(((lastSigned?.length ?? 0) / 1024).toFixed(1)) },
      },
    ];
  },
};
