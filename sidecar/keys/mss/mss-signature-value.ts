import { constants, createHash, verify, type X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { DIGEST_OIDS, type HashAlgorithm } from "../../../shared/cms/algorithms.js";
import { arrayBufferView } from "../../../shared/cms/der.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { NODE_HASH_NAMES } from "../../node-hash-names.js";

/**
 * What the SIM signs and what comes back.
 *
 * DataToBeSigned is the DER DigestInfo of the SignedAttributes' hash (RFC 8017 §9.2 step 2),
 * not the SignedAttributes DER: a SIM applet signs one RSA block over what it is given
 * (PKCS#1 v1.5 padding around a DigestInfo), the OTA path to the SIM carries a few hundred
 * bytes at most (SignedAttributes with signingCertificateV2 are already ~250), and the
 * DigestInfo names the hash, so the MSSP's signature profile need not. This is also the
 * Vietnamese government MSSP's documented input for its PKCS#1 format.
 */
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
 * With MSS_Format #PKCS7 the MSSP wraps the SIM's signature in a CMS SignedData (RFC 5652).
 * Its signature value is usable only when the SignerInfo has no signed attributes: with
 * them, the SIM signed the MSSP's attributes and not kyso's DigestInfo.
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
 * The signature value for CMS, from what MSS_Signature carried: the raw RSA block when its
 * length is the modulus length, else the signature inside a CMS SignedData. It is checked
 * against the certificate before it is used, so a wrong key, wrong data or an MSSP that
 * signed something else is an error here, not an invalid PDF later.
 */
export function signatureValueFromMssp(options: { returned: Uint8Array; toBeSigned: Uint8Array; hash: HashAlgorithm; certificate: X509Certificate }): Uint8Array {
  const modulusBytes = Math.ceil((options.certificate.publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  const value = options.returned.length === modulusBytes ? options.returned : signatureInsideCms(options.returned);
  const key = { key: options.certificate.publicKey, padding: constants.RSA_PKCS1_PADDING };
  if (!verify(NODE_HASH_NAMES[options.hash], options.toBeSigned, key, value)) throw invalid("does not verify with the subscriber's certificate over the data kyso sent");
  return value;
}
