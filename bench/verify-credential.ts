// verify-credential: POST /api/v1/public/credentials/verify (signature, issuer, status: this
// system's own verifier, reading the DID document and the revocation list from the database),
// against the independent verifier's own cost for the same credentials — @digitalbazaar/vc with
// its Data Integrity suite and Bitstring Status List checker, every document it needs already in
// memory (no HTTP, no database). Sequential, one credential at a time.
import { performance } from 'node:perf_hooks';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { bundledContexts } from '../src/modules/certificates/credential-contexts.ts';
import { getCertificateCredential } from '../src/modules/certificates/credentials.ts';
import { issueCertificates } from '../src/modules/certificates/issue-certificates.ts';
import { contextFor } from '../test/support/actors.ts';
import { certificateEnterprise, holder } from '../test/support/certificate-factories.ts';
import { confirmedHolders } from '../test/support/confirmed-list.ts';
import { buildProvince } from '../test/support/factories.ts';
import { benchApp } from './data.ts';
import { ratioOf, sizeOf, type BenchContext, type BenchResult, type Benchmark } from './lib.ts';

async function runVerifyCredential(ctx: BenchContext): Promise<BenchResult[]> {
  const count = sizeOf(ctx, 10, 50);
  const rounds = ctx.quick ? 2 : 5;
  const t = await benchApp(ctx, 'pglite');
  try {
    const admin = await t.admin();
    const province = await buildProvince(admin, { provinceCode: '23' });
    const built = await certificateEnterprise(t, admin, province.id, { name: '基准测试电子证书企业' });
    const context = await contextFor(t.handle.db, built.user.id, t.clock);
    const people = Array.from({ length: count }, (_, index) => holder(index + 1));
    const issued = await issueCertificates(t.handle.db, context, { enterpriseId: built.enterprise.id, issuedOn: '2024-12-18', ...(await confirmedHolders(t.handle.db, built.enterprise.id, people)) });
    const credentials: Record<string, unknown>[] = [];
    for (const certificate of issued.certificates) credentials.push(await getCertificateCredential(t.handle.db, context, certificate.id));

    // The independent verifier, with the DID document and the status list fetched once beforehand.
    const documents = new Map<string, object>();
    const organisationId = built.enterprise.id;
    const did = (await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${organisationId}/did.json` })).json();
    const list = (await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${organisationId}/status-lists/revocation` })).json();
    documents.set(did.id, did);
    for (const method of did.verificationMethod) documents.set(method.id, { '@context': 'https://w3id.org/security/multikey/v1', ...method });
    documents.set(list.id, list);
    const documentLoader = async (url: string) => {
      const document = bundledContexts.get(url) ?? documents.get(url);
      if (!document) throw new Error(`not loaded: ${url}`);
      return { contextUrl: null, documentUrl: url, document };
    };
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    const independent = async () => {
      for (const credential of credentials) {
        const result = await vc.verifyCredential({ credential, suite, documentLoader, checkStatus });
        if (!result.verified) throw new Error('the independent verifier refused an issued credential');
      }
    };
    const ours = async () => {
      for (const credential of credentials) {
        const response = await t.app.inject({ method: 'POST', url: '/api/v1/public/credentials/verify', payload: { credential } });
        if (response.statusCode !== 200 || !response.json().verified) throw new Error(`ours refused an issued credential: ${response.body.slice(0, 300)}`);
      }
    };
    await independent();
    await ours();
    const time = async (work: () => Promise<void>) => {
      const start = performance.now();
      for (let round = 0; round < rounds; round += 1) await work();
      return (performance.now() - start) / (rounds * credentials.length);
    };
    const baselineMs = await time(independent);
    const productMs = await time(ours);
    const ratio = ratioOf(baselineMs, productMs);
    ctx.log(`verify-credential: ours ${productMs.toFixed(1)} ms, @digitalbazaar/vc ${baselineMs.toFixed(1)} ms per credential`);
    return [
      {
        name: 'verify-credential',
        value: Number((1000 / productMs).toFixed(1)),
        unit: 'credentials/s',
        baseline: Number((1000 / baselineMs).toFixed(1)),
        ratio,
        target: 'ratio>=0.5',
        pass: ratio >= 0.5,
        details: { credentials: credentials.length, rounds, ours_ms: Number(productMs.toFixed(2)), independent_ms: Number(baselineMs.toFixed(2)) },
      },
    ];
  } finally {
    await t.close();
  }
}

export const verifyCredentialBench: Benchmark = {
  name: 'verify-credential',
  describe: 'POST /public/credentials/verify (signature, issuer, status from the database) vs the independent verifier (@digitalbazaar/vc) on the same credentials, from memory',
  run: (ctx) => runVerifyCredential(ctx),
};
