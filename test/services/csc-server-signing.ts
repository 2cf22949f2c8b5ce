import { constants, createHash, privateEncrypt, randomBytes, randomInt, type KeyObject } from "node:crypto";
import * as pkijs from "pkijs";
import * as asn1js from "asn1js";

/**
 * What a remote signing service's HSM does with a raw digest (CSC API v2 signatures/signHash
 * receives hashes, never the data): node:crypto only signs data it hashes itself, so the
 * three schemes are built here from its raw RSA operation and from the curve arithmetic.
 */

const HASH_NAMES: Readonly<Record<string, string>> = {
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

/** RFC 8017 §9.2 note 1: the DER DigestInfo prefixes of the SHA-2 hashes. */
const DIGEST_INFO_PREFIX: Readonly<Record<string, string>> = {
  sha256: "3031300d060960864801650304020105000420",
  sha384: "3041300d060960864801650304020205000430",
  sha512: "3051300d060960864801650304020305000440",
};

export function hashNameOf(oid: string): string {
  const name = HASH_NAMES[oid];
  if (!name) throw new Error(`unsupported hash ${oid}`);
  return name;
}

/** RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.1) over a digest: EMSA-PKCS1-v1_5 is DigestInfo under type-1 padding. */
export function rsaPkcs1SignDigest(key: KeyObject, hashName: string, digest: Uint8Array): Buffer {
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([Buffer.from(DIGEST_INFO_PREFIX[hashName]!, "hex"), digest]));
}

function mgf1(hashName: string, seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * seed.length < length; counter += 1) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(createHash(hashName).update(seed).update(c).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** RSASSA-PSS-params (RFC 4055 §3.1) as signAlgoParams carries them: the hash and the salt length. */
export function pssParams(signAlgoParamsBase64: string): { hashName: string; saltLength: number } {
  const params = pkijs.RSASSAPSSParams.fromBER(Buffer.from(signAlgoParamsBase64, "base64"));
  return { hashName: hashNameOf(params.hashAlgorithm.algorithmId), saltLength: params.saltLength };
}

/** RSASSA-PSS (RFC 8017 §8.1.1, EMSA-PSS-ENCODE §9.1.1) over a digest, MGF1 with the same hash. */
export function rsaPssSignDigest(key: KeyObject, options: { hashName: string; saltLength: number; digest: Uint8Array }): Buffer {
  const modBits = key.asymmetricKeyDetails!.modulusLength!;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = options.digest.length;
  const salt = randomBytes(options.saltLength);
  const h = createHash(options.hashName).update(Buffer.alloc(8)).update(options.digest).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - options.saltLength - hLen - 2), Buffer.of(1), salt]);
  const maskedDb = Buffer.from(mgf1(options.hashName, h, db.length).map((byte, i) => byte ^ db[i]!));
  maskedDb[0]! &= 0xff >> (8 * emLen - emBits);
  const em = Buffer.concat([maskedDb, h, Buffer.of(0xbc)]);
  const k = Math.ceil(modBits / 8);
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.concat([Buffer.alloc(k - em.length), em]));
}

/** FIPS 186-5 / SEC 2 §2.4.2: the P-256 domain parameters. */
const P256 = {
  p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function inverse(a: bigint, m: bigint): bigint {
  let [oldR, r, oldS, s] = [mod(a, m), m, 1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

type Point = { x: bigint; y: bigint } | null;
function add(a: Point, b: Point): Point {
  const { p } = P256;
  if (!a) return b;
  if (!b) return a;
  if (a.x === b.x && mod(a.y + b.y, p) === 0n) return null;
  const lambda = a.x === b.x ? mod((3n * a.x * a.x - 3n) * inverse(2n * a.y, p), p) : mod((b.y - a.y) * inverse(b.x - a.x, p), p);
  const x = mod(lambda * lambda - a.x - b.x, p);
  return { x, y: mod(lambda * (a.x - x) - a.y, p) };
}
function multiply(k: bigint, point: Point): Point {
  let result: Point = null;
  for (let addend = point; k > 0n; k >>= 1n, addend = add(addend, addend)) if (k & 1n) result = add(result, addend);
  return result;
}

const toBigInt = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString("hex") || "0"}`);
const toBytes = (value: bigint) => Buffer.from(value.toString(16).padStart(64, "0"), "hex");

/** ECDSA on P-256 (FIPS 186-5 §6.4.1) over a digest, answered as r || s (IEEE P1363), or as DER. */
export function ecdsaP256SignDigest(key: KeyObject, digest: Uint8Array, encoding: "raw" | "der"): Buffer {
  const d = toBigInt(Buffer.from(key.export({ format: "jwk" }).d!, "base64url"));
  const z = toBigInt(digest.subarray(0, 32));
  for (;;) {
    const k = toBigInt(randomBytes(32)) % (P256.n - 1n) + 1n;
    const r = mod(multiply(k, { x: P256.gx, y: P256.gy })!.x, P256.n);
    const s = mod(inverse(k, P256.n) * (z + r * d), P256.n);
    if (r === 0n || s === 0n) continue;
    if (encoding === "raw") return Buffer.concat([toBytes(r), toBytes(s)]);
    return Buffer.from(new asn1js.Sequence({ value: [asn1js.Integer.fromBigInt(r), asn1js.Integer.fromBigInt(s)] }).toBER());
  }
}

/** Random-looking opaque tokens (access tokens, SADs, handles). */
export function opaqueToken(): string {
  return randomBytes(18).toString("base64url") + String(randomInt(1000));
}
