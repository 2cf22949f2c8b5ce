import * as pkijs from "pkijs";
import { digest } from "../cms/algorithms.js";
import { bytesEqual } from "../cms/der.js";
import { digestNameForOid, type DigestName } from "../cms/signer-cms.js";

/** RFC 4055 §2.2: id-mgf1, the only mask generation function defined. */
const ID_MGF1 = "1.2.840.113549.1.1.8";
const SHA1_OID = "1.3.14.3.2.26";

/** What RSASSA-PSS-params (RFC 4055 §3.1) say, defaults applied: SHA-1, MGF1 with SHA-1, salt 20. */
export interface PssParameters {
  hash: DigestName;
  maskHash: DigestName;
  saltLength: number;
}

/** The parameters of an id-RSASSA-PSS signatureAlgorithm, or undefined when unknown or not MGF1 with trailer 1. */
export function pssParameters(signatureAlgorithm: pkijs.AlgorithmIdentifier): PssParameters | undefined {
  try {
    const params = signatureAlgorithm.algorithmParams ? new pkijs.RSASSAPSSParams({ schema: signatureAlgorithm.algorithmParams }) : new pkijs.RSASSAPSSParams();
    const hash = digestNameForOid(params.hashAlgorithm.algorithmId);
    if (params.maskGenAlgorithm.algorithmId !== ID_MGF1 || params.trailerField !== 1) return undefined;
    const maskHashOid = params.maskGenAlgorithm.algorithmParams ? new pkijs.AlgorithmIdentifier({ schema: params.maskGenAlgorithm.algorithmParams }).algorithmId : SHA1_OID;
    const maskHash = digestNameForOid(maskHashOid);
    return hash && maskHash ? { hash, maskHash, saltLength: params.saltLength } : undefined;
  } catch {
    return undefined;
  }
}

/** MGF1 (RFC 8017 B.2.1): Hash(seed || counter) concatenated up to `length` bytes. */
async function mgf1(hash: DigestName, seed: Uint8Array, length: number): Promise<Uint8Array> {
  const mask = new Uint8Array(length);
  const input = new Uint8Array(seed.length + 4);
  input.set(seed);
  for (let counter = 0, filled = 0; filled < length; counter += 1) {
    new DataView(input.buffer).setUint32(seed.length, counter);
    const block = await digest(hash, input);
    mask.set(block.subarray(0, length - filled), filled);
    filled += block.length;
  }
  return mask;
}

export type PssCheck = "consistent" | "other-digest" | "inconsistent";

/**
 * EMSA-PSS-VERIFY (RFC 8017 §9.1.2) of the encoded message `em` (emBits = modBits − 1) against
 * `mHash`, the digest of the signed content. Steps 4–10 use only the signature: when they hold,
 * the key really produced this encoding, so a different H is a signature over other data
 * ("other-digest"), not a forgery.
 */
export async function checkPssEncoding(options: { em: Uint8Array; emBits: number; mHash: Uint8Array; parameters: PssParameters }): Promise<PssCheck> {
  const { em, emBits, mHash, parameters } = options;
  const hLen = mHash.length;
  const sLen = parameters.saltLength;
  const emLen = Math.ceil(emBits / 8);
  if (em.length !== emLen || emLen < hLen + sLen + 2 || em[emLen - 1] !== 0xbc) return "inconsistent";
  const unusedBits = 8 * emLen - emBits;
  const topMask = 0xff >> unusedBits;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  if ((maskedDb[0]! & ~topMask) !== 0) return "inconsistent";
  const dbMask = await mgf1(parameters.maskHash, h, maskedDb.length);
  const db = maskedDb.map((byte, i) => byte ^ dbMask[i]!);
  db[0] = db[0]! & topMask;
  const padding = emLen - hLen - sLen - 2;
  if (db.subarray(0, padding).some((byte) => byte !== 0) || db[padding] !== 0x01) return "inconsistent";
  const mPrime = new Uint8Array(8 + hLen + sLen);
  mPrime.set(mHash, 8);
  mPrime.set(db.subarray(db.length - sLen), 8 + hLen);
  return bytesEqual(await digest(parameters.hash, mPrime), h) ? "consistent" : "other-digest";
}
