// The authorization matrix's cases for the certificate, issuance and national upload routes
// (test/integration/authorization-matrix.test.ts merges them into its own). The fixture lies in
// group B, outside the scope of every actor the matrix tries.
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { issueCertificates } from '../../src/modules/certificates/issue-certificates.ts';
import { createNationalUpload } from '../../src/modules/certificates/national-upload.ts';
import { certificates, reReviewHolders, reReviewNotices } from '../../src/modules/certificates/tables.ts';
import { organisations } from '../../src/db/schema.ts';
import { maskIdNumber } from '../../src/domain/identity.ts';
import { encryptPersonalData, lookupHash } from '../../src/platform/personal-data.ts';
import { contextFor } from './actors.ts';
import { holder, multipartBody } from './certificate-factories.ts';
import { buildUser } from './factories.ts';
import type { TestApp, TestClient } from './test-app.ts';
import { confirmedHolders } from './confirmed-list.ts';

interface MatrixActor {
  role: string;
  client: TestClient;
}

export interface CertificateFixture {
  groupId: string;
  /** A plan of group B (the pilot fixture's). */
  planId: string;
  certificateId: string;
  issueBatchId: string;
  uploadId: string;
  /** A 复核确认 holder of group B, pending. */
  reReviewHolderId: string;
  /** A 复核确认名单公示 of group B, running. */
  reReviewNoticeId: string;
}

/** Group B's HR issues a certificate and makes a national upload batch of it. */
export async function buildCertificateFixture(t: TestApp, admin: TestClient, groupId: string, planId: string): Promise<CertificateFixture> {
  const user = await buildUser(admin, groupId, ['enterprise-admin']);
  const context = await contextFor(t.handle.db, user.id, t.clock);
  const issued = await issueCertificates(t.handle.db, context, { enterpriseId: groupId, issuedOn: '2024-12-18', ...(await confirmedHolders(t.handle.db, groupId, [holder(1, { name: '乙集团持证人' })])) });
  const upload = await createNationalUpload(t.handle.db, context, {});
  const [group] = await t.handle.db.select().from(organisations).where(eq(organisations.id, groupId));
  const person = holder(2, { name: '乙集团复核人员' });
  const [reReview] = await t.handle.db
    .insert(reReviewHolders)
    .values({
      planId,
      enterpriseId: groupId,
      enterprisePath: group.path,
      sourceRow: 2,
      name: person.name,
      idType: person.idType,
      idNumberEncrypted: encryptPersonalData(person.idNumber, 're_review_holders.id_number'),
      idNumberLookup: lookupHash(person.idType, person.idNumber),
      idNumberMasked: maskIdNumber(person.idNumber),
      gender: person.gender,
      birthDate: person.birthDate,
      occupationCode: person.occupationCode,
      occupationName: person.occupationName,
      trade: '--',
    })
    .returning();
  const [notice] = await t.handle.db
    .insert(reReviewNotices)
    .values({ planId, enterpriseId: groupId, enterprisePath: group.path, startDate: '2026-12-01', endDate: '2099-12-31', workingDays: 5, contact: '乙集团人力资源部', holders: [] })
    .returning();
  return { groupId, planId, certificateId: issued.certificates[0].id, issueBatchId: issued.batchId, uploadId: upload.id, reReviewHolderId: reReview.id, reReviewNoticeId: notice.id };
}

const refused = (status: number) => status === 403 || status === 404;

type Case = (actor: MatrixActor) => Promise<void>;

export function certificateCases(fixture: () => CertificateFixture, t: () => TestApp): Record<string, Case> {
  const expectRefused = async (actor: MatrixActor, label: string, call: () => Promise<{ statusCode: number; body: string }>) => {
    const response = await call();
    expect(refused(response.statusCode), `${actor.role} ${label}: ${response.statusCode} ${response.body.slice(0, 200)}`).toBe(true);
  };
  const listExcludes = async (actor: MatrixActor, url: string, id: string) => {
    const response = await actor.client.get(url);
    if (response.statusCode === 200) {
      expect(response.json().items.map((item: { id: string }) => item.id), `${actor.role} lists ${id} at ${url}`).not.toContain(id);
    } else {
      expect(refused(response.statusCode)).toBe(true);
    }
  };
  const certificateStillValid = async () => {
    const [row] = await t().handle.db.select().from(certificates).where(eq(certificates.id, fixture().certificateId));
    expect(row).toMatchObject({ status: 'valid', holderName: '乙集团持证人' });
  };
  const mayIssue = (actor: MatrixActor) => actor.role.startsWith('enterprise-admin');
  return {
    'GET /api/v1/certificates': (actor) => listExcludes(actor, '/api/v1/certificates?limit=500', fixture().certificateId),
    'GET /api/v1/certificates/:id': (actor) => expectRefused(actor, 'reads a foreign certificate', () => actor.client.get(`/api/v1/certificates/${fixture().certificateId}`)),
    'GET /api/v1/certificates/:id/pdf': (actor) => expectRefused(actor, 'prints a foreign certificate', () => actor.client.get(`/api/v1/certificates/${fixture().certificateId}/pdf`)),
    // Refused before anything is issued: no credential row, no status list, no key for 乙集团 (the snapshot holds it).
    'GET /api/v1/certificates/:id/credential': (actor) => expectRefused(actor, 'takes a foreign certificate’s credential', () => actor.client.get(`/api/v1/certificates/${fixture().certificateId}/credential`)),
    'POST /api/v1/certificates/:id/revoke': async (actor) => {
      await expectRefused(actor, 'revokes a foreign certificate', () => actor.client.post(`/api/v1/certificates/${fixture().certificateId}/revoke`, { reason: '越权撤销', basis: 'other' }));
      await certificateStillValid();
    },
    'POST /api/v1/certificates/:id/correct': async (actor) => {
      await expectRefused(actor, 'corrects a foreign certificate', () => actor.client.post(`/api/v1/certificates/${fixture().certificateId}/correct`, { holderName: '越权更正', reason: '越权' }));
      await certificateStillValid();
    },
    'GET /api/v1/signing-keys': (actor) => expectRefused(actor, 'reads a foreign enterprise’s signing keys', () => actor.client.get(`/api/v1/signing-keys?organisationId=${fixture().groupId}`)),
    'POST /api/v1/signing-keys/rotate': (actor) =>
      expectRefused(actor, 'rotates a foreign enterprise’s signing keys', () => actor.client.post('/api/v1/signing-keys/rotate', { organisationId: fixture().groupId })),
    'POST /api/v1/signing-keys/pkcs12': (actor) =>
      expectRefused(actor, 'replaces a foreign enterprise’s signing certificate', async () => {
        const body = multipartBody('file', 'foreign.p12', Buffer.from('not a pkcs12'), 'application/x-pkcs12');
        return t().app.inject({
          method: 'POST',
          url: `/api/v1/signing-keys/pkcs12?organisationId=${fixture().groupId}`,
          payload: body.payload,
          headers: { 'content-type': body.contentType, 'x-csrf-token': actor.client.cookies.ptech_csrf },
          cookies: actor.client.cookies,
        });
      }),
    'GET /api/v1/certificate-batches/confirmed-applications': (actor) =>
      expectRefused(actor, 'reads a foreign plan’s confirmed list', () => actor.client.get(`/api/v1/certificate-batches/confirmed-applications?planId=${fixture().planId}`)),
    'POST /api/v1/certificate-batches/from-applications': (actor) =>
      expectRefused(actor, 'issues for a foreign plan', () => actor.client.post('/api/v1/certificate-batches/from-applications', { planId: fixture().planId, issuedOn: '2024-12-18' })),
    'GET /api/v1/certificate-batches': (actor) => listExcludes(actor, '/api/v1/certificate-batches', fixture().issueBatchId),
    'GET /api/v1/certificate-batches/:id': (actor) => expectRefused(actor, 'reads a foreign batch', () => actor.client.get(`/api/v1/certificate-batches/${fixture().issueBatchId}`)),
    'POST /api/v1/re-review/holders/import': (actor) =>
      expectRefused(actor, 'imports under a foreign plan', () => actor.client.post('/api/v1/re-review/holders/import', { planId: fixture().planId, fileName: 'a.xlsx', content: Buffer.from('not excel').toString('base64') })),
    'GET /api/v1/re-review/holders': (actor) => expectRefused(actor, 'lists a foreign plan’s holders', () => actor.client.get(`/api/v1/re-review/holders?planId=${fixture().planId}`)),
    'POST /api/v1/re-review/holders/:id/check': async (actor) => {
      await expectRefused(actor, 'checks a foreign holder', () =>
        actor.client.post(`/api/v1/re-review/holders/${fixture().reReviewHolderId}/check`, { qualification: { kind: 'skill-level', certificateNumber: 'Y000023000001101000123', level: 1 }, postSince: '2010-10-31', stillInOccupation: true, evidenceFileIds: ['00000000-0000-4000-8000-000000000001'] }),
      );
    },
    'POST /api/v1/re-review/holders/:id/decision': async (actor) => {
      await expectRefused(actor, 'decides on a foreign holder', () => actor.client.post(`/api/v1/re-review/holders/${fixture().reReviewHolderId}/decision`, { act: 'confirm' }));
      const [row] = await t().handle.db.select().from(reReviewHolders).where(eq(reReviewHolders.id, fixture().reReviewHolderId));
      expect(row.status).toBe('pending');
    },
    'GET /api/v1/re-review/plans/:planId/notices': (actor) => expectRefused(actor, 'lists a foreign plan’s notices', () => actor.client.get(`/api/v1/re-review/plans/${fixture().planId}/notices`)),
    'GET /api/v1/re-review/plans/:planId/notices/preview': (actor) =>
      expectRefused(actor, 'previews a foreign plan’s notice', () => actor.client.get(`/api/v1/re-review/plans/${fixture().planId}/notices/preview?startDate=2026-12-07`)),
    'POST /api/v1/re-review/plans/:planId/notices': (actor) =>
      expectRefused(actor, 'publishes a foreign plan’s list', () => actor.client.post(`/api/v1/re-review/plans/${fixture().planId}/notices`, { startDate: '2026-12-07', contact: '越权' })),
    'POST /api/v1/re-review/notices/:id/cancel': async (actor) => {
      await expectRefused(actor, 'cancels a foreign notice', () => actor.client.post(`/api/v1/re-review/notices/${fixture().reReviewNoticeId}/cancel`, { reason: '越权撤销' }));
      const [row] = await t().handle.db.select().from(reReviewNotices).where(eq(reReviewNotices.id, fixture().reReviewNoticeId));
      expect(row.status).toBe('open');
    },
    'GET /api/v1/re-review/notices/current': async (actor) => {
      const response = await actor.client.get('/api/v1/re-review/notices/current');
      if (response.statusCode === 200) expect(response.json().items.map((item: { id: string }) => item.id), `${actor.role} reads group B’s notice`).not.toContain(fixture().reReviewNoticeId);
      else expect(refused(response.statusCode)).toBe(true);
    },
    'POST /api/v1/re-review/plans/:planId/issue': (actor) =>
      expectRefused(actor, 'issues for a foreign re-review plan', () => actor.client.post(`/api/v1/re-review/plans/${fixture().planId}/issue`, { issuedOn: '2024-12-18' })),
    'GET /api/v1/certificate-holders/template': async (actor) => {
      // An empty template holds no data.
      expect((await actor.client.get('/api/v1/certificate-holders/template')).statusCode).toBe(200);
    },
    'GET /api/v1/certificate-settings': (actor) => expectRefused(actor, 'reads foreign settings', () => actor.client.get(`/api/v1/certificate-settings?enterpriseId=${fixture().groupId}`)),
    'PUT /api/v1/certificate-settings': (actor) =>
      expectRefused(actor, 'changes foreign settings', () => actor.client.request('PUT', '/api/v1/certificate-settings', { enterpriseId: fixture().groupId, overrides: null })),
    'GET /api/v1/certificate-settings/preview': (actor) => expectRefused(actor, 'previews foreign settings', () => actor.client.get(`/api/v1/certificate-settings/preview?enterpriseId=${fixture().groupId}`)),
    'POST /api/v1/certificate-settings/font': async (actor) => {
      const body = multipartBody('file', 'font.ttf', Buffer.from('OTTO-not-really'));
      await expectRefused(actor, 'uploads a font for a foreign enterprise', () =>
        t().app.inject({
          method: 'POST',
          url: `/api/v1/certificate-settings/font?enterpriseId=${fixture().groupId}`,
          payload: body.payload,
          headers: { 'content-type': body.contentType, 'x-csrf-token': actor.client.cookies.ptech_csrf },
          cookies: actor.client.cookies,
        }),
      );
    },
    'GET /api/v1/national-upload-mapping': async (actor) => {
      const response = await actor.client.get('/api/v1/national-upload-mapping');
      expect(response.statusCode, actor.role).toBe(mayIssue(actor) ? 200 : 403);
    },
    'PUT /api/v1/national-upload-mapping': async (actor) => {
      const response = await actor.client.request('PUT', '/api/v1/national-upload-mapping', { columns: [{ field: 'certificateCode', column: '越权' }] });
      expect(response.statusCode, `${actor.role} sets the installation's mapping`).toBe(403);
    },
    'GET /api/v1/national-uploads': (actor) => listExcludes(actor, '/api/v1/national-uploads', fixture().uploadId),
    'POST /api/v1/national-uploads': (actor) => expectRefused(actor, 'uploads for a foreign enterprise', () => actor.client.post('/api/v1/national-uploads', { enterpriseId: fixture().groupId })),
    'GET /api/v1/national-uploads/:id': (actor) => expectRefused(actor, 'reads a foreign upload', () => actor.client.get(`/api/v1/national-uploads/${fixture().uploadId}`)),
    'GET /api/v1/national-uploads/:id/package': (actor) =>
      expectRefused(actor, 'downloads a foreign package', () => actor.client.get(`/api/v1/national-uploads/${fixture().uploadId}/package?format=json`)),
    'POST /api/v1/national-uploads/:id/results': (actor) =>
      expectRefused(actor, 'records foreign results', () =>
        actor.client.post(`/api/v1/national-uploads/${fixture().uploadId}/results`, { items: [{ certificateId: fixture().certificateId, outcome: 'reported' }] }),
      ),
  };
}
