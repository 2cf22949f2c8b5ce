import type { ByteSource } from "../pdf/byte-source.js";
import { documentFormFields } from "../pdf/read/form-fields.js";
import { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import { certificatesFromPem, parseKnown, type KnownCertificate } from "./certificate-path.js";
import { readDss } from "./document-material.js";
import { docMdpPermission } from "../pdf/read/docmdp-permission.js";
import type { HasherFactory } from "../cms/incremental-hasher.js";
import { readSignatures, type ReadSignature } from "./read-signatures.js";
import type { RevocationMaterial } from "./revocation.js";
import { assessSignature, type DocumentContext } from "./assess-signature.js";
import { passOverSignedBytes } from "./signed-bytes-pass.js";
import { unparsedTail } from "./unparsed-tail.js";
import type { FetchTransport } from "./validation-transport.js";
import { deepFreeze, documentIndication, type DocumentVerification } from "./verification-result.js";

export interface VerifyOptions {
  source: ByteSource;
  /** Trust anchors, PEM text (Vietnam's public root and the government's root are separate PKIs: give each). */
  trustAnchorsPem: string[];
  createHasher: HasherFactory;
  /** Online OCSP/CRL and AIA fetches; without it, only what the file embeds is used. */
  transport?: FetchTransport;
  /** Hard fail (default): a signer whose revocation status cannot be established is INDETERMINATE. */
  revocationHardFail?: boolean;
  /** The verification time (tests pin it). */
  now?: Date;
  /** Called as the work advances: a page shows it, so that a large file does not look stuck. */
  onProgress?: (progress: VerificationProgress) => void;
}

/**
 * Where a verification is: the one pass over the file (bytes read of its size, which is most of
 * the time for a large file), then each signature's checks (path, revocation, later changes).
 */
export type VerificationProgress =
  | { stage: "reading-file"; bytesRead: number; totalBytes: number }
  | { stage: "checking-signature"; index: number; count: number };

/**
 * Verifies every signature and document timestamp of a PDF: ByteRange integrity with one
 * streamed pass over the file, the CMS, the certificate path to the configured anchors,
 * revocation, timestamps, and every change made after each signature (ISO 32000-2 §12.8,
 * ETSI EN 319 142-1, ETSI EN 319 102-1). The result is frozen.
 */
export async function verifyDocument(options: VerifyOptions): Promise<DocumentVerification> {
  const reader = await PdfDocumentReader.open(options.source);
  const fields = await documentFormFields(reader);
  const signatures = await readSignatures(reader, fields);
  const measurable = signatures.filter((s): s is ReadSignature & Required<Pick<ReadSignature, "ranges" | "hash">> => s.ranges !== undefined && s.hash !== undefined);
  const { onProgress } = options;
  const onBytesRead = onProgress ? (bytesRead: number) => onProgress({ stage: "reading-file", bytesRead, totalBytes: options.source.size }) : undefined;
  const pass = await passOverSignedBytes({ source: options.source, requests: measurable.map((s) => ({ ranges: s.ranges, hash: s.hash })), createHasher: options.createHasher, ...(onBytesRead ? { onBytesRead } : {}) });
  const digests = new Map(measurable.map((s, i) => [s, pass.digests[i]!]));
  const dss = await readDss(reader);
  const dssCertificates = dss.certificatesDer.map(parseKnown).filter((c): c is KnownCertificate => c !== undefined);
  const material: RevocationMaterial = {
    ocspResponsesDer: dss.ocspResponsesDer.map((der) => ({ der, source: "dss" as const })),
    crlsDer: dss.crlsDer.map((der) => ({ der, source: "dss" as const })),
  };
  for (const s of signatures) {
    material.ocspResponsesDer.push(...(s.cms?.archivedRevocation.ocspResponsesDer ?? []).map((der) => ({ der, source: "cms" as const })));
    material.crlsDer.push(...(s.cms?.archivedRevocation.crlsDer ?? []).map((der) => ({ der, source: "cms" as const })));
  }
  const context: DocumentContext = {
    reader,
    signatures,
    digests,
    revisionEnds: pass.revisionEnds,
    unparsedTail: await unparsedTail({ reader, revisionEnds: pass.revisionEnds }),
    anchors: options.trustAnchorsPem.flatMap(certificatesFromPem),
    dssCertificates,
    hasDssRevocation: dss.ocspResponsesDer.length + dss.crlsDer.length > 0,
    material,
    docMdpLevel: await docMdpPermission(reader),
    fieldNames: new Map(fields.map((f) => [f.ref.objectNumber, f.name])),
    revocationPolicy: { online: options.transport !== undefined, ...(options.transport ? { transport: options.transport } : {}) },
    revocationHardFail: options.revocationHardFail ?? true,
    now: options.now ?? new Date(),
  };
  const results = [];
  for (const [index, signature] of signatures.entries()) {
    onProgress?.({ stage: "checking-signature", index, count: signatures.length });
    results.push(await assessSignature(context, signature));
  }
  return deepFreeze({ indication: documentIndication(results), signatures: results });
}
