// issue-certificates: HR issues 2,000 certificates in one batch to the confirmed list of a plan
// (POST /api/v1/certificate-batches/from-applications: the list checked, then the job issues it in
// one transaction and renders the print file), timed
// from the request to the job's end, against pdfkit writing the same certificate page 2,000 times
// into one document with no database.
import { testClock } from '../test/support/clock.ts';
import { renderCertificatesPdf, type CertificatePage } from '../src/modules/certificates/certificate-pdf.ts';
import { effectiveTemplate } from '../src/modules/certificates/template.ts';
import { verifyUrlOf } from '../src/modules/certificates/certificate-records.ts';
import { certificates } from '../src/modules/certificates/tables.ts';
import { waitForJob } from '../test/integration/applications-fixtures.ts';
import { certificateEnterprise } from '../test/support/certificate-factories.ts';
import { confirmedList } from '../test/support/confirmed-list.ts';
import { buildProvince } from '../test/support/factories.ts';
import { benchApp, certificateHolder } from './data.ts';
import { ratioOf, sizeOf, timed, type BenchResult, type Benchmark } from './lib.ts';

export const issueCertificatesBench: Benchmark = {
  name: 'issue-certificates',
  describe: '2,000 certificates with their print PDF in one batch, vs pdfkit writing the same page 2,000 times without a database',
  async run(ctx): Promise<BenchResult[]> {
    const count = sizeOf(ctx, 100, 2000);
    const issuedOn = testClock().today().slice(0, 4) + '-01-15';
    const holders = Array.from({ length: count }, (_, index) => certificateHolder(ctx.seed + 2, index));
    const t = await benchApp(ctx, 'postgres');
    try {
      const admin = await t.admin();
      const province = await buildProvince(admin, { provinceCode: '23' });
      const { hr, enterprise } = await certificateEnterprise(t, admin, province.id);
      // The end of the procedure: the holders stand confirmed on a notice of the enterprise's plan.
      const { planId } = await confirmedList(t.handle.db, { enterpriseId: enterprise.id, people: holders });

      const issued = await timed(async () => {
        const response = await hr.post('/api/v1/certificate-batches/from-applications', { planId, issuedOn });
        if (response.statusCode !== 202) throw new Error(`batch: ${response.statusCode} ${response.body.slice(0, 500)}`);
        return waitForJob(hr, response.json().jobId, 30 * 60_000);
      });
      const job = issued.value;
      if (job.status !== 'succeeded' || (job.result as { issued?: number } | null)?.issued !== count) throw new Error(`batch job: ${JSON.stringify(job).slice(0, 500)}`);

      const first = holders[0];
      // The same page as issued: its QR holds the issued certificate's own signed link
      // (/verify/{code}?t=…&k=…&s=…), some three times the length of a bare link, so a larger symbol.
      const [sample] = await t.handle.db.select().from(certificates).limit(1);
      if (!sample?.qrSignature) throw new Error('the issued certificates carry no QR signature');
      const page: CertificatePage = {
        view: {
          code: sample.code,
          holderName: first.name,
          gender: first.gender === 'male' ? '男' : '女',
          birthDate: first.birthDate,
          idTypeName: '居民身份证',
          idNumber: first.idNumber,
          occupationName: first.occupationName,
          occupationCode: first.occupationCode,
          trade: '--',
          levelName: '特级技师',
          issuerName: '基准测试发证企业',
          issuedOn,
          verifyUrl: verifyUrlOf(sample),
          photo: null,
          printSerial: null,
        },
        template: effectiveTemplate(undefined),
      };
      const pages = Array.from({ length: count }, () => page);
      // The job yields to the event loop after each page; so does the baseline, to compare like with like.
      const rendered = await timed(() => renderCertificatesPdf(pages, { onPage: () => new Promise<void>((resolve) => setImmediate(resolve)) }));
      if (rendered.value.length < 1000) throw new Error('the baseline PDF is empty');
      const ratio = ratioOf(issued.ms, rendered.ms);
      return [
        {
          name: 'issue-certificates',
          value: Number((issued.ms / 1000).toFixed(2)),
          unit: 's',
          baseline: Number((rendered.ms / 1000).toFixed(2)),
          ratio,
          target: 'ratio<=1.5',
          pass: ratio <= 1.5,
          details: { certificates: count, per_certificate_ms: Number((issued.ms / count).toFixed(2)), baseline_pdf_mb: Number((rendered.value.length / 1024 / 1024).toFixed(1)) },
        },
      ];
    } finally {
      await t.close();
    }
  },
};
