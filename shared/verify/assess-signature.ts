import { digest as digestBytes } from "../cms/algorithms.js";
import { bytesEqual } from "../cms/der.js";
import { PdfName } from "../pdf/objects.js";
import type { PdfDocumentReader } from "../pdf/read/pdf-document-reader.js";
import { checkCryptography, weaknessesOf, type CryptographyResult } from "./cms-cryptography.js";
import { buildPath, checkPath, parseKnown, type KnownCertificate, type PathProblem } from "./certificate-path.js";
import { pdfDateValue } from "./claimed-time.js";
import { signerIdentity } from "./document-material.js";
import { assessChanges } from "./assess-changes.js";
import type { DocMdpLevel } from "../pdf/read/docmdp-permission.js";
import type { ReadSignature } from "./read-signatures.js";
import type { Modification } from "./revision-changes.js";
import { revocationStatus, type RevocationMaterial, type RevocationPolicy } from "./revocation.js";
import { checkTimestampToken, ID_KP_TIME_STAMPING, readTimestampToken, type TimestampToken } from "./timestamp-token.js";
import { deriveIndication, type Coverage, type PadesLevel, type SignatureVerification } from "./verification-result.js";

export interface DocumentContext {
  reader: PdfDocumentReader;
  signatures: ReadSignature[];
  digests: Map<ReadSignature, Uint8Array>;
  revisionEnds: number[];
  /** PDF objects after the newest revision that the cross-reference chain does not describe. */
  unparsedTail: Modification | undefined;
  anchors: KnownCertificate[];
  dssCertificates: KnownCertificate[];
  hasDssRevocation: boolean;
  material: RevocationMaterial;
  /** The certification's DocMDP permission; undefined when the document is not certified. */
  docMdpLevel: DocMdpLevel | undefined;
  fieldNames: Map<number, string>;
  revocationPolicy: RevocationPolicy;
  revocationHardFail: boolean;
  now: Date;
}

type Standing = { trust: SignatureVerification["trust"]; revocation: SignatureVerification["revocation"] };

/** Path to an anchor, its constraints at `at`, and the revocation status of every certificate below the anchor. */
async function certificateStanding(context: DocumentContext, options: { leaf: KnownCertificate; pool: KnownCertificate[]; at: Date; requiredEku?: string }): Promise<Standing> {
  const path = await buildPath({ leaf: options.leaf, anchors: context.anchors, pool: [...options.pool, ...context.dssCertificates], ...(context.revocationPolicy.transport ? { transport: context.revocationPolicy.transport } : {}) });
  const problems: PathProblem[] = path.trusted ? checkPath(path.certificates, { at: options.at, ...(options.requiredEku ? { requiredEku: options.requiredEku } : {}) }) : [];
  const trust = { trusted: path.trusted, chain: path.certificates.map((c) => signerIdentity(c.parsed).name), problems };
  if (!path.trusted) return { trust, revocation: { status: "not-checked" } };
  let revocation: SignatureVerification["revocation"] = { status: "good" };
  for (let i = 0; i + 1 < path.certificates.length; i += 1) {
    const status = await revocationStatus({ certificate: path.certificates[i]!, issuer: path.certificates[i + 1]!, at: options.at, material: context.material, policy: context.revocationPolicy });
    if (status.status === "revoked") return { trust, revocation: { status: "revoked", source: status.source, revokedAt: status.revokedAt.toISOString() } };
    if (status.status === "unknown") revocation = { status: "unknown" };
    else if (status.status === "good" && i === 0 && revocation.status === "good") revocation = { status: "good", source: status.source };
  }
  return { trust, revocation };
}

type TimestampVerdict = { valid: boolean; genTime?: Date };

/** A timestamp token is worth its time only if it verifies and its TSA is trusted, unrevoked and has id-kp-timeStamping (RFC 3161 §2.3). */
async function timestampHolds(context: DocumentContext, options: { token: TimestampToken | undefined; imprint: Uint8Array | undefined }): Promise<TimestampVerdict> {
  const { token } = options;
  if (!token?.cms.signerCertificate) return { valid: false };
  if (!(await checkTimestampToken(token, options.imprint))) return { valid: false, genTime: token.genTime };
  const pool = token.cms.certificatesDer.map(parseKnown).filter((c): c is KnownCertificate => c !== undefined);
  const standing = await certificateStanding(context, { leaf: token.cms.signerCertificate, pool, at: token.genTime, requiredEku: ID_KP_TIME_STAMPING });
  const ok = standing.trust.trusted && standing.trust.problems.length === 0 && standing.revocation.status !== "revoked";
  return { valid: ok, genTime: token.genTime };
}

/** Per document timestamp of one verification (its ReadSignature): judged once, though every earlier signature asks it for proof. */
const documentTimestampVerdicts = new WeakMap<ReadSignature, Promise<TimestampVerdict>>();

function documentTimestampHolds(context: DocumentContext, read: ReadSignature): Promise<TimestampVerdict> {
  let verdict = documentTimestampVerdicts.get(read);
  if (!verdict) {
    verdict = timestampHolds(context, { token: read.documentTimestamp, imprint: context.digests.get(read) });
    documentTimestampVerdicts.set(read, verdict);
  }
  return verdict;
}

function coverageOf(context: DocumentContext, end: number): Coverage | undefined {
  if (end === context.reader.source.size) return "whole-file";
  return context.revisionEnds.includes(end) ? "whole-revision" : undefined;
}

/** Every fact about one signature or document timestamp, then the verdict. */
export async function assessSignature(context: DocumentContext, read: ReadSignature): Promise<SignatureVerification> {
  const { field, ranges, cms } = read;
  const digest = context.digests.get(read);
  const coverage = ranges ? coverageOf(context, ranges.end) : undefined;
  const problem = read.problem ?? (coverage === undefined || !context.revisionEnds.includes(ranges!.end) ? "not-at-revision-end" : undefined);
  const integrity = { intact: problem === undefined, ...(problem ? { problem } : {}), coverage: coverage ?? "partial", signedBytes: ranges ? ranges.gapStart + ranges.end - ranges.gapEnd : 0 } as const;
  let cryptography: CryptographyResult = { signatureValid: false, digestMatches: false, problems: [], weaknesses: [] };
  let timestamp: TimestampVerdict | undefined;
  if (cms && read.documentTimestamp) {
    timestamp = await documentTimestampHolds(context, read);
    const intact = digest !== undefined && bytesEqual(read.documentTimestamp.imprint, digest);
    cryptography = { signatureValid: timestamp.valid, digestMatches: intact, problems: intact ? [] : ["message-digest-mismatch"], weaknesses: weaknessesOf({ digest: read.hash, certificate: cms.signerCertificate?.parsed }) };
  } else if (cms) {
    cryptography = await checkCryptography(cms, digest, { signedAttributesRequired: field.signature.get("SubFilter") !== PdfName.of("adbe.pkcs7.detached") });
    for (const tokenDer of cms.timestampTokensDer) {
      const token = readTimestampToken(tokenDer);
      const imprint = token ? await digestBytes(token.imprintHash, cms.signerInfo.signature.valueBlock.valueHexView) : undefined;
      const held = await timestampHolds(context, { token, imprint });
      if (!timestamp || (held.valid && !timestamp.valid)) timestamp = held;
    }
  }
  // A valid document timestamp over a later revision proves this signature existed by its time (ETSI EN 319 102-1 §5.6.2.3).
  let proof = timestamp?.valid ? timestamp.genTime : undefined;
  if (!proof && ranges) {
    for (const other of context.signatures) {
      if (other === read || !other.documentTimestamp || !other.ranges || other.ranges.end < ranges.end) continue;
      const held = await documentTimestampHolds(context, other);
      if (held.valid && held.genTime && (!proof || held.genTime < proof)) proof = held.genTime;
    }
  }
  const bestTime = proof ?? context.now;
  const signerCertificate = cms?.signerCertificate;
  const pool = (cms?.certificatesDer ?? []).map(parseKnown).filter((c): c is KnownCertificate => c !== undefined);
  const standing: Standing = signerCertificate
    ? await certificateStanding(context, { leaf: signerCertificate, pool, at: bestTime, ...(read.documentTimestamp ? { requiredEku: ID_KP_TIME_STAMPING } : {}) })
    : { trust: { trusted: false, chain: [], problems: [] }, revocation: { status: "not-checked" } };
  const modifications = ranges && integrity.intact ? await assessChanges(context, { read, signedEnd: ranges.end }) : { after: [], forbidden: [] };
  // PAdES puts the claimed time in /M, not in a CMS signing-time attribute (ETSI EN 319 142-1 §5.4.2): either is only a claim.
  const claimed = cms?.signingTime ?? pdfDateValue(field.signature.get("M"));
  const facts: Omit<SignatureVerification, "indication" | "subIndication"> = {
    field: field.fieldName,
    kind: field.kind,
    integrity,
    cryptography: { valid: cryptography.signatureValid && cryptography.digestMatches, problems: cryptography.problems, weaknesses: cryptography.weaknesses, signingCertificateBound: cms?.signingCertificateReference !== undefined },
    ...(signerCertificate ? { signer: signerIdentity(signerCertificate.parsed) } : {}),
    ...standing,
    time: {
      ...(claimed ? { claimedSigningTime: claimed.toISOString() } : {}),
      ...(timestamp?.genTime ? { timestampTime: timestamp.genTime.toISOString() } : {}),
      ...(timestamp ? { timestampValid: timestamp.valid } : {}),
      bestSignatureTime: bestTime.toISOString(),
      bestSignatureTimeProven: proof !== undefined,
    },
    modifications,
  };
  const level = padesLevel(context, { read, timestampValid: timestamp?.valid === true, revocationSource: standing.revocation.source });
  return { ...facts, ...(level ? { level } : {}), ...deriveIndication(facts, { revocationHardFail: context.revocationHardFail }) };
}

/**
 * ETSI EN 319 142-1 §6: B-B needs SubFilter ETSI.CAdES.detached and the signer's certificate
 * bound by a signed signing-certificate(V2) attribute (§6.3 Table 1, EN 319 122-1 §5.2.2.3);
 * without them a signature may be valid, but it is no PAdES baseline signature and gets no
 * level. T with a valid signature timestamp, LT with validation data in the DSS, LTA with a
 * document timestamp after it.
 */
function padesLevel(context: DocumentContext, options: { read: ReadSignature; timestampValid: boolean; revocationSource: string | undefined }): PadesLevel | undefined {
  const { read } = options;
  if (read.field.kind !== "signature" || !read.cms) return undefined;
  if (read.field.signature.get("SubFilter") !== PdfName.of("ETSI.CAdES.detached") || !read.cms.signingCertificateReference) return undefined;
  const laterTimestamp = context.signatures.some((s) => s.documentTimestamp && s.ranges && read.ranges && s.ranges.end > read.ranges.end);
  const timestamped = options.timestampValid || laterTimestamp;
  if (!timestamped) return "B-B";
  if (!context.hasDssRevocation || options.revocationSource !== "dss") return "B-T";
  return laterTimestamp ? "B-LTA" : "B-LT";
}
