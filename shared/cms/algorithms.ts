import * as asn1js from "asn1js";
import { KysoError } from "../protocol/kyso-error.js";
import { arrayBufferView, DER_TAG, derOf, derTlv } from "./der.js";

/**
 * Digest and signature algorithms kyso signs with, their object identifiers and their
 * AlgorithmIdentifier encodings. SHA-1 is deliberately absent: ETSI TS 119 312 no longer
 * allows it for new signatures, so it can never become a default by accident.
 */

export type HashAlgorithm = "SHA-256" | "SHA-384" | "SHA-512";

export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ["SHA-256", "SHA-384", "SHA-512"];

/** Digests a verifier meets: kyso never signs with SHA-1, but old signatures use it (flagged weak). */
export type DigestName = HashAlgorithm | "SHA-1";

export function isHashAlgorithm(value: string): value is HashAlgorithm {
  return (HASH_ALGORITHMS as readonly string[]).includes(value);
}

export type SignatureScheme = "rsa-pkcs1-v1_5" | "rsa-pss" | "ecdsa";

export type SignatureAlgorithm =
  | { scheme: "rsa-pkcs1-v1_5"; hash: HashAlgorithm }
  | { scheme: "rsa-pss"; hash: HashAlgorithm; saltLength: number }
  | { scheme: "ecdsa"; hash: HashAlgorithm };

/** RFC 5754 §2 (SHA-2 in CMS), from NIST's csor arc. */
export const DIGEST_OIDS: Readonly<Record<HashAlgorithm, string>> = {
  "SHA-256": "2.16.840.1.101.3.4.2.1",
  "SHA-384": "2.16.840.1.101.3.4.2.2",
  "SHA-512": "2.16.840.1.101.3.4.2.3",
};

export const HASH_LENGTH_BYTES: Readonly<Record<HashAlgorithm, number>> = { "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };

export const RSA_ENCRYPTION_OID = "1.2.840.113549.1.1.1";
/** RFC 4055 §5 / RFC 8017 App. C: sha256WithRSAEncryption etc. (recognised when verifying). */
export const RSA_PKCS1_SIGNATURE_OIDS: Readonly<Record<HashAlgorithm, string>> = {
  "SHA-256": "1.2.840.113549.1.1.11",
  "SHA-384": "1.2.840.113549.1.1.12",
  "SHA-512": "1.2.840.113549.1.1.13",
};
/** RFC 4055 §3.1: id-RSASSA-PSS, and §2.2: id-mgf1. */
export const RSASSA_PSS_OID = "1.2.840.113549.1.1.10";
export const MGF1_OID = "1.2.840.113549.1.1.8";
/** RFC 5758 §3.2: ecdsa-with-SHA256/384/512. */
export const ECDSA_SIGNATURE_OIDS: Readonly<Record<HashAlgorithm, string>> = {
  "SHA-256": "1.2.840.10045.4.3.2",
  "SHA-384": "1.2.840.10045.4.3.3",
  "SHA-512": "1.2.840.10045.4.3.4",
};

/** RFC 4055 §3.1: saltLength DEFAULT 20; a DER encoder must leave a DEFAULT value out (X.690 §11.5). */
const PSS_DEFAULT_SALT_LENGTH = 20;

function oid(value: string): Uint8Array {
  return derOf(new asn1js.ObjectIdentifier({ value }));
}

const NULL_DER = Uint8Array.of(DER_TAG.null, 0x00);

export function hashAlgorithmForOid(value: string): HashAlgorithm | undefined {
  return HASH_ALGORITHMS.find((hash) => DIGEST_OIDS[hash] === value);
}

/**
 * The digest AlgorithmIdentifier as CMS carries it (digestAlgorithms, SignerInfo
 * digestAlgorithm, ESSCertIDv2, TimeStampReq messageImprint): RFC 5754 §2 says
 * implementations MUST generate SHA-2 identifiers with absent parameters.
 */
export function digestAlgorithmIdentifierDer(hash: HashAlgorithm): Uint8Array {
  return derTlv(DER_TAG.sequence, [oid(DIGEST_OIDS[hash])]);
}

/**
 * Inside RSASSA-PSS-params RFC 4055 §2.1 wants the hash identifiers with NULL parameters
 * (sha256Identifier ::= { id-sha256, NULL }); verifiers MUST accept both forms.
 */
function pssHashIdentifierDer(hash: HashAlgorithm): Uint8Array {
  return derTlv(DER_TAG.sequence, [oid(DIGEST_OIDS[hash]), NULL_DER]);
}

/**
 * RFC 4055 §3.1 RSASSA-PSS-params, EXPLICIT tags: hashAlgorithm [0], maskGenAlgorithm [1]
 * (MGF1 with the same hash, as §3.1 recommends), saltLength [2]. trailerField [3] is 1
 * (trailerFieldBC), its DEFAULT, so DER omits it — exactly as OpenSSL and NSS encode it.
 */
function rsassaPssParamsDer(algorithm: { hash: HashAlgorithm; saltLength: number }): Uint8Array {
  const mgf = derTlv(DER_TAG.sequence, [oid(MGF1_OID), pssHashIdentifierDer(algorithm.hash)]);
  const fields = [derTlv(DER_TAG.contextConstructed0, [pssHashIdentifierDer(algorithm.hash)]), derTlv(DER_TAG.contextConstructed1, [mgf])];
  if (algorithm.saltLength !== PSS_DEFAULT_SALT_LENGTH) {
    fields.push(derTlv(DER_TAG.contextConstructed2, [derOf(new asn1js.Integer({ value: algorithm.saltLength }))]));
  }
  return derTlv(DER_TAG.sequence, fields);
}

/**
 * The SignerInfo signatureAlgorithm.
 *
 * RSA PKCS#1 v1.5 uses rsaEncryption with NULL parameters (RFC 3370 §3.2, RFC 5754 §3.2
 * allows either form): it is what OpenSSL and BouncyCastle (hence EU DSS) emit in CMS,
 * NSS (pdfsig, Firefox, Thunderbird) combines it with digestAlgorithm, OpenSSL accepts
 * sha256WithRSAEncryption only through a "workaround" branch, and the hash stays bound
 * because the PKCS#1 DigestInfo inside the signature names it.
 * ECDSA identifiers have absent parameters (RFC 5758 §3.2).
 */
export function signatureAlgorithmIdentifierDer(algorithm: SignatureAlgorithm): Uint8Array {
  switch (algorithm.scheme) {
    case "rsa-pkcs1-v1_5":
      return derTlv(DER_TAG.sequence, [oid(RSA_ENCRYPTION_OID), NULL_DER]);
    case "rsa-pss":
      return derTlv(DER_TAG.sequence, [oid(RSASSA_PSS_OID), rsassaPssParamsDer(algorithm)]);
    case "ecdsa":
      return derTlv(DER_TAG.sequence, [oid(ECDSA_SIGNATURE_OIDS[algorithm.hash])]);
  }
}

/** Checks what a caller or a key provider put together before anything is signed with it. */
export function assertSignatureAlgorithm(algorithm: SignatureAlgorithm): void {
  if (!HASH_ALGORITHMS.includes(algorithm.hash)) {
    throw new KysoError("KEY_UNSUPPORTED", `hash algorithm ${algorithm.hash} is not supported (SHA-256, SHA-384, SHA-512)`);
  }
  if (algorithm.scheme === "rsa-pss" && !(Number.isInteger(algorithm.saltLength) && algorithm.saltLength >= 0 && algorithm.saltLength <= 1024)) {
    throw new KysoError("KEY_UNSUPPORTED", `RSASSA-PSS salt length ${String(algorithm.saltLength)} is not valid`);
  }
}

/** Hashes with WebCrypto, available in browsers, workers and Node 20 alike (SHA-1 too, for verifying old signatures). */
export async function digest(hash: DigestName, bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.digest(hash, arrayBufferView(bytes)));
}
