// An administrator's view of the organisation's signing keys: list, rotate, replace the PDF signing
// certificate with an uploaded PKCS#12. Each change writes its audit entry in the same transaction
// (keys.ts); who may do it is the policy's `signing-key:manage`, over enterprises in scope.
import type { Database } from '../../db/client.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertInScope, assertPermission } from '../../platform/policy.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import { allKeys, installUploadedX509, publishedKey, rotateSigningKeys, type KeyOwner, type SigningKeyRow } from './keys.ts';
import { parsePkcs12 } from './pkcs12.ts';
import type { SigningKeySetDto } from './schemas.ts';
import type { SigningKeyKind } from './tables.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The issuing enterprise the actor manages keys of: its own when none is named; 404 outside its scope or for another kind. */
async function issuerInScope(db: Database, context: RequestContext, organisationId: string | undefined): Promise<KeyOwner> {
  assertPermission(context.actor, 'signing-key:manage');
  const id = organisationId ?? context.actor.organisationId;
  const [organisation] = UUID.test(id) ? await findOrganisationsByIds(db, [id]) : [];
  assertInScope(context.actor, organisation?.path);
  if (!organisation || organisation.kind !== 'enterprise') throw new AppError('NOT_FOUND');
  return { id: organisation.id, path: organisation.path, name: organisation.name };
}

function keySetDto(owner: KeyOwner, rows: SigningKeyRow[]): SigningKeySetDto {
  return {
    organisationId: owner.id,
    organisationName: owner.name,
    publicKeysUrl: `/api/v1/public/organisations/${owner.id}/keys`,
    keys: rows
      .map((row) => {
        const published = publishedKey(row);
        return {
          id: row.id,
          kind: row.kind,
          kid: row.kid,
          algorithm: row.algorithm,
          source: row.source,
          status: published.status,
          notBefore: published.notBefore,
          notAfter: published.notAfter,
          certificateSha256: row.certificateSha256,
          createdAt: row.createdAt.toISOString(),
        };
      })
      .reverse(),
  };
}

export async function listSigningKeys(db: Database, context: RequestContext, organisationId: string | undefined): Promise<SigningKeySetDto> {
  const owner = await issuerInScope(db, context, organisationId);
  return keySetDto(owner, await allKeys(db, owner.id));
}

/** Rotates the keys of the kinds asked for (both by default); a kind the organisation has no key of yet is created. */
export async function rotateKeys(db: Database, context: RequestContext, input: { organisationId?: string; kinds?: SigningKeyKind[] }): Promise<SigningKeySetDto> {
  const owner = await issuerInScope(db, context, input.organisationId);
  await rotateSigningKeys(db, context, owner, input.kinds?.length ? [...new Set(input.kinds)] : undefined);
  return keySetDto(owner, await allKeys(db, owner.id));
}

/** Installs an uploaded PKCS#12 as the PDF signing certificate and key (the current one retires). */
export async function uploadPkcs12(db: Database, context: RequestContext, input: { organisationId?: string; bytes: Buffer; password: string }): Promise<SigningKeySetDto> {
  const owner = await issuerInScope(db, context, input.organisationId);
  const parsed = parsePkcs12(input.bytes, input.password, context.clock.now());
  await installUploadedX509(db, context, owner, parsed);
  return keySetDto(owner, await allKeys(db, owner.id));
}
