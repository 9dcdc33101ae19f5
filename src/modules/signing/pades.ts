// PAdES signatures of the PDFs an organisation issues (ETSI EN 319 142, baseline B-B): a detached
// CMS SignedData (SubFilter ETSI.CAdES.detached) over the whole file but the signature itself, with
// the signed attributes content-type, message-digest and signing-certificate-v2, and the claimed
// signing time in the signature dictionary's /M (PAdES forbids the CMS signing-time attribute).
//
//   addSignaturePlaceholder(document, { name, reason, signingTime, identity });  // before end()
//   const signed = await signPdf(pdfkitBytes, identity, signingTime);
//   inspectPdfSignature(signed);   // { status: 'signed', coversWholeDocument, intact, ... }
//
// The placeholder is written by pdfkit itself (an invisible signature widget, the AcroForm, the
// /ByteRange and /Contents to fill), so a certificate, an agreement and the print file of a batch
// (whose first part carries it through pdf-join.ts) are signed the same way. Poppler's pdfsig and
// Adobe Reader verify the result; test/integration/pdf-signatures.test.ts proves it with pdfsig.
import { createHash, createPublicKey, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { Attribute, CertificateChoices, CertificateSet, ContentInfo, DigestAlgorithmIdentifiers, SignerInfos, EncapsulatedContentInfo, id_data, id_signedData, IssuerAndSerialNumber, SignedData, SignerIdentifier, SignerInfo } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import { SignPdf } from '@signpdf/signpdf';
import { ANNOTATION_FLAGS, DEFAULT_BYTE_RANGE_PLACEHOLDER, SIG_FLAGS, Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';

/** Who signs: the private key and its certificate (DER), with the chain above it when an uploaded PKCS#12 brought one. */
export interface PdfSigningIdentity {
  privateKey: KeyObject;
  certificateDer: Buffer;
  chainDer: readonly Buffer[];
}

export interface SignaturePlaceholderOptions {
  /** The signer's name as the reader shows it (the organisation). */
  name: string;
  reason: string;
  location?: string;
  signingTime: Date;
  /** How many bytes the CMS may take (the placeholder holds twice as many hex digits). */
  signatureLength: number;
}

/** The OBJECT IDENTIFIER id-data (1.2.840.113549.1.7.1), DER: the content-type attribute's value. */
const ID_DATA_DER = Buffer.from('06092a864886f70d010701', 'hex');

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
};

/** Bytes the CMS needs for an identity: its certificates, the signature and attributes, and room to spare. */
export function signatureLengthFor(identity: Pick<PdfSigningIdentity, 'certificateDer' | 'chainDer'>): number {
  return identity.certificateDer.length + identity.chainDer.reduce((sum, der) => sum + der.length, 0) + 1536;
}

/**
 * Adds the signature's placeholder to a pdfkit document that is being written (call it before
 * `end()`): the signature dictionary with its /ByteRange and /Contents to fill, an invisible
 * signature widget on the current page, and the AcroForm that lists it.
 */
export function addSignaturePlaceholder(document: PDFKit.PDFDocument, options: SignaturePlaceholderOptions): void {
  // pdfkit's writer: `ref()` makes an indirect object; a String object is written as a PDF text string, a Buffer as hex.
  const pdf = document as unknown as {
    ref(data: Record<string, unknown>): { end(): void };
    page: { dictionary: { data: Record<string, unknown> } };
    _root: { data: Record<string, unknown> };
    _acroform?: { fonts: Record<string, unknown>; defaultFont: unknown };
  };
  const placeholder = DEFAULT_BYTE_RANGE_PLACEHOLDER;
  const signature = pdf.ref({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: SUBFILTER_ETSI_CADES_DETACHED,
    ByteRange: [0, placeholder, placeholder, placeholder],
    Contents: Buffer.alloc(options.signatureLength),
    Reason: new String(options.reason),
    M: options.signingTime,
    Name: new String(options.name),
    Location: new String(options.location ?? ''),
    Prop_Build: { Filter: { Name: 'Adobe.PPKLite' }, App: { Name: 'ptech' } },
  });
  const widget = pdf.ref({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: [0, 0, 0, 0],
    V: signature,
    T: new String('Signature1'),
    F: ANNOTATION_FLAGS.PRINT,
    P: pdf.page.dictionary,
  });
  const annotations = (pdf.page.dictionary.data.Annots as unknown[] | undefined) ?? [];
  pdf.page.dictionary.data.Annots = [...annotations, widget];
  // pdfkit ends the AcroForm itself (document.end → endAcroForm), asking for a font dictionary
  // that a signature field does not use: an empty one, and no default font.
  const form = pdf.ref({ Type: 'AcroForm', SigFlags: SIG_FLAGS.SIGNATURES_EXIST | SIG_FLAGS.APPEND_ONLY, Fields: [widget], DR: { Font: {} } });
  pdf._root.data.AcroForm = form;
  pdf._acroform ??= { fonts: {}, defaultFont: 'none' };
  signature.end();
  widget.end();
}

/** DER: a tag, its length, its content. */
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const length = body.length;
  let head: Buffer;
  if (length < 0x80) head = Buffer.from([tag, length]);
  else if (length < 0x100) head = Buffer.from([tag, 0x81, length]);
  else if (length < 0x10000) head = Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
  else head = Buffer.from([tag, 0x83, length >> 16, (length >> 8) & 0xff, length & 0xff]);
  return Buffer.concat([head, body]);
}

function attribute(type: string, value: Buffer): Attribute {
  return new Attribute({ attrType: type, attrValues: [new Uint8Array(value).buffer] });
}

function toBuffer(value: ArrayBuffer | ArrayBufferView): Buffer {
  return ArrayBuffer.isView(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : Buffer.from(value);
}

/** The detached CMS SignedData (PAdES B-B) of `content` (the bytes the /ByteRange covers). */
export function cadesDetachedSignature(content: Buffer, identity: PdfSigningIdentity): Buffer {
  const certificate = AsnConvert.parse(identity.certificateDer, Certificate);
  const digest = createHash('sha256').update(content).digest();
  const certificateHash = createHash('sha256').update(identity.certificateDer).digest();
  // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 with the default SHA-256 and the hash alone.
  const signingCertificateV2 = der(0x30, der(0x30, der(0x30, der(0x04, certificateHash))));
  const attributes = [
    attribute(OID.contentType, ID_DATA_DER),
    attribute(OID.messageDigest, der(0x04, digest)),
    attribute(OID.signingCertificateV2, signingCertificateV2),
  ];
  // DER orders a SET OF by the encodings of its members; what is signed is that SET (tag 0x31).
  const encoded = attributes.map((item) => ({ item, bytes: toBuffer(AsnConvert.serialize(item)) })).sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const signedAttributes = der(0x31, ...encoded.map((entry) => entry.bytes));
  const rsa = identity.privateKey.asymmetricKeyType === 'rsa';
  const signatureValue = sign('sha256', signedAttributes, identity.privateKey);
  const signerInfo = new SignerInfo({
    version: 1,
    sid: new SignerIdentifier({ issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: certificate.tbsCertificate.issuer, serialNumber: certificate.tbsCertificate.serialNumber }) }),
    digestAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha256 }),
    signedAttrs: encoded.map((entry) => entry.item),
    signatureAlgorithm: rsa ? new AlgorithmIdentifier({ algorithm: OID.sha256WithRsa, parameters: null }) : new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSha256 }),
    signature: new OctetString(signatureValue),
  });
  const certificates = new CertificateSet([identity.certificateDer, ...identity.chainDer].map((bytes) => new CertificateChoices({ certificate: AsnConvert.parse(bytes, Certificate) })));
  const signedData = new SignedData({
    version: 1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new AlgorithmIdentifier({ algorithm: OID.sha256 })]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }),
    certificates,
    signerInfos: new SignerInfos([signerInfo]),
  });
  return toBuffer(AsnConvert.serialize(new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) })));
}

class CadesSigner extends Signer {
  constructor(private readonly identity: PdfSigningIdentity) {
    super();
  }

  override async sign(content: Buffer): Promise<Buffer> {
    return cadesDetachedSignature(content, this.identity);
  }
}

const signPdfWith = new SignPdf();

/** Fills the placeholder of a PDF written with `addSignaturePlaceholder`: the signed PDF. */
export async function signPdf(pdf: Buffer, identity: PdfSigningIdentity): Promise<Buffer> {
  return signPdfWith.sign(pdf, new CadesSigner(identity));
}

// ------------------------------------------------------------------------------ reading back

export type PdfSignatureInspection =
  | { status: 'unsigned' }
  | { status: 'malformed' }
  | {
      status: 'signed';
      /** The /ByteRange starts at 0 and reaches the last byte: nothing was appended after signing. */
      coversWholeDocument: boolean;
      /** The covered bytes hash to the signed message digest, and the signature over the signed attributes verifies. */
      intact: boolean;
      certificateDer: Buffer;
      certificateSha256: string;
      /** The claimed signing time (/M), when readable. */
      signingTime: string | null;
    };

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

/** The length of the DER element at the start of `bytes`, or null. */
function derLength(bytes: Buffer): number | null {
  if (bytes.length < 2 || bytes[0] !== 0x30) return null;
  const first = bytes[1];
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count < 1 || count > 3 || bytes.length < 2 + count) return null;
  let length = 0;
  for (let index = 0; index < count; index += 1) length = (length << 8) | bytes[2 + index];
  return 2 + count + length;
}

/**
 * What the (last) signature of a PDF says, checked here: whether it covers the whole file, whether
 * the covered bytes and the signature are intact, and who signed (the signer's certificate).
 * Trust in the signer is the caller's question (is the certificate one of ours?).
 */
export function inspectPdfSignature(pdf: Buffer): PdfSignatureInspection {
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(BYTE_RANGE)];
  if (ranges.length === 0) return { status: 'unsigned' };
  const [, ...numbers] = ranges[ranges.length - 1];
  const [start, contentsStart, afterContents, tailLength] = numbers.map(Number);
  if (start !== 0 || contentsStart <= 0 || afterContents <= contentsStart || afterContents > pdf.length || pdf[contentsStart] !== 0x3c || pdf[afterContents - 1] !== 0x3e) return { status: 'malformed' };
  const hex = text.slice(contentsStart + 1, afterContents - 1);
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2) return { status: 'malformed' };
  const contents = Buffer.from(hex, 'hex');
  const length = derLength(contents);
  if (!length || length > contents.length) return { status: 'malformed' };
  let signedData: SignedData;
  try {
    const info = AsnConvert.parse(contents.subarray(0, length), ContentInfo);
    if (info.contentType !== id_signedData) return { status: 'malformed' };
    signedData = AsnConvert.parse(info.content, SignedData);
  } catch {
    return { status: 'malformed' };
  }
  const signer = signedData.signerInfos[0];
  const certificates = (signedData.certificates ?? []).map((choice) => choice.certificate).filter((item): item is Certificate => Boolean(item));
  const sid = signer?.sid.issuerAndSerialNumber;
  const certificate = certificates.find((item) => sid && Buffer.compare(toBuffer(item.tbsCertificate.serialNumber), toBuffer(sid.serialNumber)) === 0) ?? certificates[0];
  if (!signer || !certificate) return { status: 'malformed' };
  const certificateDer = toBuffer(AsnConvert.serialize(certificate));
  const signingTime = /\/M\s*\(D:(\d{14})/.exec(text.slice(afterContents, afterContents + 4096));

  const tailEnd = afterContents + tailLength;
  const coversWholeDocument = tailEnd === pdf.length;
  let intact = false;
  try {
    const covered = createHash('sha256').update(pdf.subarray(0, contentsStart)).update(pdf.subarray(afterContents, Math.min(tailEnd, pdf.length))).digest();
    const digestAttribute = signer.signedAttrs?.find((item) => item.attrType === OID.messageDigest);
    const signedDigest = digestAttribute ? AsnConvert.parse(digestAttribute.attrValues[0], OctetString) : null;
    // What was signed: the signed attributes as a SET (tag 0x31), in the order they were encoded.
    const raw = signer.signedAttrs?.length ? der(0x31, ...signer.signedAttrs.map((item) => toBuffer(AsnConvert.serialize(item)))) : null;
    if (signedDigest && raw && tailEnd <= pdf.length) {
      const publicKey = new X509Certificate(certificateDer).publicKey ?? createPublicKey({ key: certificateDer, format: 'der', type: 'spki' });
      intact = covered.equals(toBuffer(signedDigest.buffer)) && verify('sha256', raw, publicKey, toBuffer(signer.signature.buffer));
    }
  } catch {
    intact = false;
  }
  return {
    status: 'signed',
    coversWholeDocument,
    intact,
    certificateDer,
    certificateSha256: createHash('sha256').update(certificateDer).digest('hex'),
    signingTime: signingTime ? signingTime[1] : null,
  };
}
