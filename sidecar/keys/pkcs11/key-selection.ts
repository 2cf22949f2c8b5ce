import { createHash, randomBytes, verify, X509Certificate } from "node:crypto";
import pkcs11js from "pkcs11js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { KeySelector } from "./token-worker-protocol.js";

/**
 * Finding the token, the certificate and then the private key that belongs to it. Runs in
 * the module's worker thread. The key is matched by CKA_ID *and* by public key: a token
 * may hold two keys under one ID (a renewed certificate imported beside the old key), and
 * signing with the wrong one gives a signature no verifier accepts.
 */

type Pkcs11 = pkcs11js.PKCS11;
type Handle = pkcs11js.Handle;

const { CKA_ALWAYS_AUTHENTICATE, CKA_CLASS, CKA_ID, CKA_LABEL, CKA_VALUE, CKA_CERTIFICATE_TYPE, CKA_MODULUS, CKA_EC_PARAMS, CKA_KEY_TYPE } = pkcs11js;
const { CKO_CERTIFICATE, CKO_PRIVATE_KEY, CKC_X_509, CKK_RSA, CKK_EC, CKM_ECDSA } = pkcs11js;

/** DER of the named-curve OIDs (RFC 5480 §2.1.1.1), as CKA_EC_PARAMS holds them. */
const EC_PARAMS_DER: Readonly<Record<string, string>> = {
  prime256v1: "06082a8648ce3d030107",
  secp384r1: "06052b81040022",
  secp521r1: "06052b81040023",
};

export function findObjects(options: { pkcs11: Pkcs11; session: Handle; template: pkcs11js.Template }): Handle[] {
  const { pkcs11, session } = options;
  pkcs11.C_FindObjectsInit(session, options.template);
  try {
    const found: Handle[] = [];
    for (;;) {
      const batch = pkcs11.C_FindObjects(session, 64);
      if (batch.length === 0) return found;
      found.push(...batch);
    }
  } finally {
    pkcs11.C_FindObjectsFinal(session);
  }
}

function attribute(options: { pkcs11: Pkcs11; session: Handle; object: Handle }, type: number): Buffer | undefined {
  try {
    const [value] = options.pkcs11.C_GetAttributeValue(options.session, options.object, [{ type }]);
    return Buffer.isBuffer(value?.value) ? value.value : undefined;
  } catch {
    // CKR_ATTRIBUTE_SENSITIVE / _TYPE_INVALID: the token keeps this attribute to itself.
    return undefined;
  }
}

/** Trailing blanks pad CK_TOKEN_INFO strings (v2.40 §3.2). */
export function blankTrimmed(text: string): string {
  return text.replace(/[\s\0]+$/, "");
}

/** The slots whose present, initialised token matches the URI's token attributes. */
export function matchingSlots(pkcs11: Pkcs11, selector: KeySelector): Handle[] {
  return pkcs11.C_GetSlotList(true).filter((slot) => {
    if (selector.slotId !== undefined && slot.readBigUInt64LE(0) !== BigInt(selector.slotId)) return false;
    const info = pkcs11.C_GetTokenInfo(slot);
    if ((info.flags & pkcs11js.CKF_TOKEN_INITIALIZED) === 0) return false;
    const wanted: Array<[string | undefined, string]> = [
      [selector.token, info.label], [selector.manufacturer, info.manufacturerID], [selector.serial, info.serialNumber], [selector.model, info.model],
    ];
    return wanted.every(([value, actual]) => value === undefined || value === blankTrimmed(actual));
  });
}

/** Certificates the selector names (by CKA_ID and, unless it names the key, CKA_LABEL). */
export function selectorCertificates(options: { pkcs11: Pkcs11; session: Handle; selector: KeySelector }): Array<{ handle: Handle; der: Buffer }> {
  const { pkcs11, session, selector } = options;
  const template: pkcs11js.Template = [{ type: CKA_CLASS, value: CKO_CERTIFICATE }, { type: CKA_CERTIFICATE_TYPE, value: CKC_X_509 }];
  if (selector.id) template.push({ type: CKA_ID, value: Buffer.from(selector.id) });
  if (selector.object !== undefined && !selector.namesPrivateKey) template.push({ type: CKA_LABEL, value: selector.object });
  return findObjects({ pkcs11, session, template }).flatMap((handle) => {
    const der = attribute({ pkcs11, session, object: handle }, CKA_VALUE);
    return der ? [{ handle, der }] : [];
  });
}

function unsignedBytes(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start += 1;
  return value.subarray(start);
}

/** Does this EC key sign for the certificate? Signs a random digest and verifies it (proof of possession). */
function provesPossession(options: { pkcs11: Pkcs11; session: Handle; key: Handle; certificate: X509Certificate }): boolean {
  const challenge = randomBytes(32);
  try {
    options.pkcs11.C_SignInit(options.session, { mechanism: CKM_ECDSA }, options.key);
    const raw = options.pkcs11.C_Sign(options.session, createHash("sha256").update(challenge).digest(), Buffer.alloc(256));
    return verify("sha256", challenge, { key: options.certificate.publicKey, dsaEncoding: "ieee-p1363" }, raw);
  } catch {
    return false;
  }
}

/**
 * After C_Login (private keys are private objects): the private key for `certificateDer`.
 * Candidates with the certificate's CKA_ID come first, then any private key; RSA keys must
 * have the certificate's modulus (CKA_MODULUS is never sensitive, v2.40 §2.1.3); EC private
 * keys carry no point, so a test signature verified against the certificate decides.
 */
export function selectPrivateKey(options: { pkcs11: Pkcs11; session: Handle; certificateDer: Uint8Array; certificateId: Buffer | undefined }): Handle {
  const { pkcs11, session } = options;
  const certificate = new X509Certificate(options.certificateDer);
  const jwk = certificate.publicKey.export({ format: "jwk" });
  const read = (object: Handle, type: number) => attribute({ pkcs11, session, object }, type);
  const byId = options.certificateId ? findObjects({ pkcs11, session, template: [{ type: CKA_CLASS, value: CKO_PRIVATE_KEY }, { type: CKA_ID, value: options.certificateId }] }) : [];
  const allKeys = () => findObjects({ pkcs11, session, template: [{ type: CKA_CLASS, value: CKO_PRIVATE_KEY }] });

  for (const candidates of [byId, allKeys()]) {
    let matching: Handle[];
    if (jwk.kty === "RSA") {
      const modulus = Buffer.from(jwk.n ?? "", "base64url");
      matching = candidates.filter((key) => read(key, CKA_KEY_TYPE)?.readUIntLE(0, 1) === CKK_RSA && unsignedBytes(read(key, CKA_MODULUS) ?? Buffer.alloc(0)).equals(unsignedBytes(modulus)));
    } else {
      const params = EC_PARAMS_DER[certificate.publicKey.asymmetricKeyDetails?.namedCurve ?? ""];
      matching = candidates.filter((key) => read(key, CKA_KEY_TYPE)?.readUIntLE(0, 1) === CKK_EC && read(key, CKA_EC_PARAMS)?.toString("hex") === params);
      // Even a single candidate: an EC private key object carries no point to compare.
      matching = matching.filter((key) => provesPossession({ pkcs11, session, key, certificate }));
    }
    // Several left means the same key stored twice: any of them signs for the certificate.
    const [chosen] = matching;
    if (chosen !== undefined) {
      // PKCS#11 v2.40 §4.9: such a key wants a CKU_CONTEXT_SPECIFIC login before every
      // signature, i.e. the PIN kept for the whole batch — which kyso never does.
      if (read(chosen, CKA_ALWAYS_AUTHENTICATE)?.[0] === 1) throw new KysoError("KEY_UNSUPPORTED", "the key needs its PIN again for every signature (CKA_ALWAYS_AUTHENTICATE)");
      return chosen;
    }
  }
  throw new KysoError("KEY_NOT_FOUND", `no private key on the token matches the certificate ${certificate.subject.replace(/\n/g, ", ")}`);
}
