import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { KysoError } from "../../shared/protocol/kyso-error.js";

/**
 * Reads a PKCS#12 (RFC 7292) file with pkijs: checks the password-based MAC, decrypts the
 * PBES2 (RFC 8018) protected bags through WebCrypto — OpenSSL 3's default AES-256-CBC with
 * PBKDF2-HMAC-SHA256 included — and returns the key and certificates, nothing else.
 */

/** RFC 7292 §4.2: bag types. */
const KEY_BAG = "1.2.840.113549.1.12.10.1.1";
const PKCS8_SHROUDED_KEY_BAG = "1.2.840.113549.1.12.10.1.2";
const CERT_BAG = "1.2.840.113549.1.12.10.1.3";
/** RFC 7292 §4.2.3: x509Certificate certId; PKCS #9 §5.5.2 localKeyId attribute. */
const X509_CERTIFICATE = "1.2.840.113549.1.9.22.1";
const LOCAL_KEY_ID = "1.2.840.113549.1.9.21";
/** RFC 8018 App. A.4: id-PBES2. */
const PBES2 = "1.2.840.113549.1.5.13";

export interface Pkcs12Contents {
  /** Unencrypted PKCS#8 PrivateKeyInfo DER; the caller imports it and wipes this buffer. */
  privateKeyPkcs8Der: Uint8Array;
  privateKeyLocalKeyId: Uint8Array | undefined;
  certificates: Array<{ der: Uint8Array; localKeyId: Uint8Array | undefined }>;
}

function invalidFile(detail: string, cause?: unknown): KysoError {
  return new KysoError("KEY_FILE_INVALID", `the PKCS#12 file cannot be read: ${detail}`, cause === undefined ? undefined : { cause });
}

function passwordIncorrect(detail = "the password of the PKCS#12 file is incorrect", cause?: unknown): KysoError {
  return new KysoError("KEY_PASSWORD_INCORRECT", detail, cause === undefined ? undefined : { cause });
}

/**
 * pkijs decrypts PBES2 only; the RFC 7292 App. C PBEs (3DES, RC2: `openssl -legacy`, old
 * Windows exports) are refused by name instead of failing later as a bad password.
 */
function assertPbes2(algorithmId: string, what: string): void {
  if (algorithmId !== PBES2) throw invalidFile(`${what} is encrypted with the legacy scheme ${algorithmId}; export the file again with PBES2/AES (the OpenSSL 3 default)`);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * RFC 7292 §5.1 MAC over the authenticated safe, keyed from the password (App. B, the
 * password as a BMPString — pkijs converts UTF-8 as OpenSSL does). Checked here rather than
 * through parseInternalValues({ checkIntegrity: true }) because pkijs reports a mismatch only
 * as an Error message, and "wrong password" must be told apart from "damaged file".
 */
async function macMatches(pfx: pkijs.PFX, password: ArrayBuffer): Promise<boolean> {
  const content: unknown = pfx.authSafe.content;
  if (pfx.authSafe.contentType !== pkijs.ContentInfo.DATA || !(content instanceof asn1js.OctetString)) {
    throw invalidFile("only the password integrity mode of RFC 7292 §4 is supported");
  }
  if (!pfx.macData) throw invalidFile("it has no integrity MAC");
  const crypto = pkijs.getCrypto(true);
  try {
    const hashAlgorithm = crypto.getAlgorithmByOID(pfx.macData.mac.digestAlgorithm.algorithmId, true, "MAC digest algorithm");
    return await crypto.verifyDataStampedWithPassword({
      password,
      hashAlgorithm: hashAlgorithm.name,
      salt: pfx.macData.macSalt.valueBlock.valueHexView.slice().buffer,
      iterationCount: pfx.macData.iterations ?? 1,
      // A constructed (BER) OCTET STRING, as Windows writes it, is joined by getValue().
      contentToVerify: content.getValue(),
      signatureToVerify: pfx.macData.mac.digest.valueBlock.valueHexView.slice().buffer,
    });
  } catch (error) {
    throw invalidFile(`its MAC cannot be computed (${errorText(error)})`, error);
  }
}

function localKeyIdOf(bag: pkijs.SafeBag): Uint8Array | undefined {
  const value: unknown = bag.bagAttributes?.find((attribute) => attribute.type === LOCAL_KEY_ID)?.values[0];
  return value instanceof Object && "valueBlock" in value && value.valueBlock instanceof Object && "valueHexView" in value.valueBlock && value.valueBlock.valueHexView instanceof Uint8Array
    ? new Uint8Array(value.valueBlock.valueHexView)
    : undefined;
}

function safeBagsOf(authenticatedSafe: pkijs.AuthenticatedSafe): pkijs.SafeBag[] {
  const parsed: unknown = authenticatedSafe.parsedValue;
  const safeContents: unknown = parsed instanceof Object && "safeContents" in parsed ? parsed.safeContents : undefined;
  if (!Array.isArray(safeContents)) throw invalidFile("no safe contents");
  return (safeContents as unknown[]).flatMap((entry) =>
    entry instanceof Object && "value" in entry && entry.value instanceof pkijs.SafeContents ? entry.value.safeBags : [],
  );
}

async function privateKeyOf(bag: pkijs.SafeBag, password: ArrayBuffer): Promise<Uint8Array> {
  if (bag.bagValue instanceof pkijs.PrivateKeyInfo) return new Uint8Array(bag.bagValue.toSchema().toBER());
  if (!(bag.bagValue instanceof pkijs.PKCS8ShroudedKeyBag)) throw invalidFile("the key bag is malformed");
  assertPbes2(bag.bagValue.encryptionAlgorithm.algorithmId, "the private key");
  try {
    // What PKCS8ShroudedKeyBag.parseInternalValues does (pkijs types it protected), keeping
    // the decrypted PKCS#8 bytes themselves so that the caller can wipe them.
    const encryptedContentInfo = new pkijs.EncryptedContentInfo({
      contentEncryptionAlgorithm: bag.bagValue.encryptionAlgorithm,
      encryptedContent: bag.bagValue.encryptedData,
    });
    return new Uint8Array(await pkijs.getCrypto(true).decryptEncryptedContentInfo({ password, encryptedContentInfo }));
  } catch (error) {
    // The MAC matched, so the file is intact: a key that does not decrypt was encrypted
    // with another password (RFC 7292 allows the MAC and the key passwords to differ).
    throw passwordIncorrect("the private key of the PKCS#12 file cannot be decrypted with this password", error);
  }
}

/** Opens the file; the password is only used here, as bytes the caller wipes afterwards. */
export async function readPkcs12(options: { p12: Uint8Array; password: ArrayBuffer }): Promise<Pkcs12Contents> {
  const { password } = options;
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(new Uint8Array(options.p12).buffer);
  } catch (error) {
    throw invalidFile("it is not a PKCS#12 (PFX) structure", error);
  }
  if (!(await macMatches(pfx, password))) throw passwordIncorrect();
  let bags: pkijs.SafeBag[];
  try {
    // Integrity was checked just above, with the outcome told apart.
    await pfx.parseInternalValues({ password, checkIntegrity: false });
    const authenticatedSafe = pfx.parsedValue?.authenticatedSafe;
    if (!authenticatedSafe) throw new Error("no authenticated safe");
    for (const content of authenticatedSafe.safeContents.filter((c) => c.contentType === pkijs.ContentInfo.ENCRYPTED_DATA)) {
      // Parsed from a copy: pkijs's EncryptedContentInfo.fromSchema retags the [0] IMPLICIT
      // encryptedContent in place, so the same asn1js tree cannot be parsed twice.
      const encrypted = pkijs.EncryptedData.fromBER((content.content as asn1js.BaseBlock).toBER());
      assertPbes2(encrypted.encryptedContentInfo.contentEncryptionAlgorithm.algorithmId, "the certificate safe");
    }
    await authenticatedSafe.parseInternalValues({ safeContents: authenticatedSafe.safeContents.map(() => ({ password })) });
    bags = safeBagsOf(authenticatedSafe);
  } catch (error) {
    throw error instanceof KysoError ? error : invalidFile(errorText(error), error);
  }

  const keyBags = bags.filter((bag) => bag.bagId === PKCS8_SHROUDED_KEY_BAG || bag.bagId === KEY_BAG);
  if (keyBags.length !== 1) throw invalidFile(`it holds ${keyBags.length} private keys; kyso expects exactly one`);
  const certificates = bags
    .filter((bag) => bag.bagId === CERT_BAG && bag.bagValue instanceof pkijs.CertBag && bag.bagValue.certId === X509_CERTIFICATE)
    .flatMap((bag) => {
      const certValue = (bag.bagValue as pkijs.CertBag).certValue;
      // The certificate bytes exactly as stored: CMS and ESSCertIDv2 need them unchanged.
      return certValue instanceof pkijs.PkiObject ? [] : [{ der: new Uint8Array(certValue.valueBlock.valueHexView), localKeyId: localKeyIdOf(bag) }];
    });
  return { privateKeyPkcs8Der: await privateKeyOf(keyBags[0]!, password), privateKeyLocalKeyId: localKeyIdOf(keyBags[0]!), certificates };
}
