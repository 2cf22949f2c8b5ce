import { constants, createHash, verify, type X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { DIGEST_OIDS, type HashAlgorithm } from "../../../shared/cms/algorithms.js";
import { arrayBufferView } from "../../../shared/cms/der.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { NODE_HASH_NAMES } from "../../node-hash-names.js";

/**
 * What the SIM signs and what comes back, which depends on MSS_Format (TS 102 204 §5.2.1).
 *
 * PKCS#1 (the default): DataToBeSigned is the DER DigestInfo of the SignedAttributes' hash
 * (RFC 8017 §9.2 step 2) and the answer is the raw RSA signature block. A SIM applet signs
 * one RSA block over what it is given, the OTA path to the SIM carries a few hundred bytes at
 * most (SignedAttributes with signingCertificateV2 are already ~250), and the DigestInfo names
 * the hash, so the MSSP's signature profile need not. This is the Vietnamese government
 * MSSP's documented input for its PKCS#1 format.
 *
 * PKCS#7 / CMS-Signature: the MSSP builds a SignedData over DataToBeSigned, hashing it
 * itself, so DataToBeSigned is the SignedAttributes DER and the signature value inside the
 * SignedData is kyso's only if the MSSP added no signed attributes of its own.
 */
export type MssSignatureForm = "pkcs1" | "cms";

export function signatureFormOf(formatUri: string): MssSignatureForm {
  return /#(PKCS7|CMS-Signature)$/i.test(formatUri) ? "cms" : "pkcs1";
}

export function dataToBeSignedFor(form: MssSignatureForm, options: { hash: HashAlgorithm; toBeSigned: Uint8Array }): Uint8Array {
  return form === "cms" ? options.toBeSigned : digestInfoDer(options.hash, options.toBeSigned);
}

export function digestInfoDer(hash: HashAlgorithm, toBeSigned: Uint8Array): Uint8Array {
  const digest = createHash(NODE_HASH_NAMES[hash]).update(toBeSigned).digest();
  // RFC 8017 §9.2 note 1: DigestInfo's AlgorithmIdentifier has NULL parameters (OpenSSL
  // compares the re-encoded DigestInfo byte for byte, so the absent-parameter form fails).
  const digestInfo = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: DIGEST_OIDS[hash] }), new asn1js.Null()] }),
      new asn1js.OctetString({ valueHex: arrayBufferView(new Uint8Array(digest)) }),
    ],
  });
  return new Uint8Array(digestInfo.toBER());
}

function invalid(detail: string, cause?: unknown): KysoError {
  return new KysoError("REMOTE_SIGNING_FAILED", `the MSSP's signature ${detail}`, cause === undefined ? undefined : { cause });
}

/**
 * RFC 5652 §5.4: without signed attributes the signature is over the content's digest, i.e.
 * over kyso's SignedAttributes; with them, it is over the MSSP's attributes instead.
 */
function signatureInsideCms(bytes: Uint8Array): Uint8Array {
  let signedData: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(arrayBufferView(bytes));
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    throw invalid("is neither a PKCS#1 signature value nor a CMS SignedData", error);
  }
  const [signerInfo] = signedData.signerInfos;
  if (!signerInfo || signedData.signerInfos.length !== 1) throw invalid("holds no single SignerInfo");
  if (signerInfo.signedAttrs) throw invalid("covers the MSSP's own signed attributes; set KYSO_MSS_FORMAT to the MSSP's PKCS#1 format");
  return new Uint8Array(signerInfo.signature.valueBlock.valueHexView);
}

/**
 * The signature value for kyso's CMS, from what MSS_Signature carried. It is checked against
 * the certificate before it is used, so a wrong key, wrong data or an MSSP that signed
 * something else is an error here, not an invalid PDF later.
 */
export function signatureValueFromMssp(options: { form: MssSignatureForm; returned: Uint8Array; toBeSigned: Uint8Array; hash: HashAlgorithm; certificate: X509Certificate }): Uint8Array {
  const value = options.form === "cms" ? signatureInsideCms(options.returned) : options.returned;
  const key = { key: options.certificate.publicKey, padding: constants.RSA_PKCS1_PADDING };
  if (!verify(NODE_HASH_NAMES[options.hash], options.toBeSigned, key, value)) throw invalid("does not verify with the subscriber's certificate over the data kyso sent");
  return value;
}
