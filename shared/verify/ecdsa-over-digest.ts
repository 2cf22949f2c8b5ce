import * as asn1js from "asn1js";
import type * as pkijs from "pkijs";
import { arrayBufferView } from "../cms/der.js";
import { bigIntOf, modPow, residue } from "./modular-arithmetic.js";

/**
 * ECDSA verification (SEC 1 v2 §4.1.4, FIPS 186-5 §6.4.2) over a digest computed elsewhere.
 * A PKCS#7 signature without signed attributes signs the content's digest itself (RFC 5652
 * §5.4) and the one-pass hasher keeps only that digest, while WebCrypto's ECDSA verifies only
 * data it hashes itself.
 */

interface Curve {
  p: bigint;
  n: bigint;
  b: bigint;
  g: { x: bigint; y: bigint };
}

/** FIPS 186-5 / SP 800-186 §3.2.1.3–4 (a = −3 for both); namedCurve OIDs from RFC 5480 §2.1.1.1. */
const CURVES: Readonly<Record<string, Curve>> = {
  "1.2.840.10045.3.1.7": {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    g: { x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n, y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n },
  },
  "1.3.132.0.34": {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    g: { x: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n, y: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn },
  },
};
const ID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";

/** p and n are prime: Fermat's inverse. */
const inverse = (a: bigint, m: bigint): bigint => modPow(a, m - 2n, m);

/** Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the point at infinity. */
type Jacobian = { x: bigint; y: bigint; z: bigint };
const INFINITY: Jacobian = { x: 1n, y: 1n, z: 0n };

/** dbl-2001-b (a = −3), from the Explicit-Formulas Database. */
function double(point: Jacobian, p: bigint): Jacobian {
  if (point.z === 0n || point.y === 0n) return INFINITY;
  const delta = (point.z * point.z) % p;
  const gamma = (point.y * point.y) % p;
  const beta = (point.x * gamma) % p;
  const alpha = residue(3n * (point.x - delta) * (point.x + delta), p);
  const x = residue(alpha * alpha - 8n * beta, p);
  const z = residue((point.y + point.z) ** 2n - gamma - delta, p);
  const y = residue(alpha * (4n * beta - x) - 8n * gamma * gamma, p);
  return { x, y, z };
}

/** add-2007-bl, falling back to doubling for equal points. */
function add(a: Jacobian, b: Jacobian, p: bigint): Jacobian {
  if (a.z === 0n) return b;
  if (b.z === 0n) return a;
  const z1z1 = (a.z * a.z) % p;
  const z2z2 = (b.z * b.z) % p;
  const u1 = (a.x * z2z2) % p;
  const u2 = (b.x * z1z1) % p;
  const s1 = (a.y * b.z * z2z2) % p;
  const s2 = (b.y * a.z * z1z1) % p;
  const h = residue(u2 - u1, p);
  const r = residue(2n * (s2 - s1), p);
  if (h === 0n) return r === 0n ? double(a, p) : INFINITY;
  const i = (4n * h * h) % p;
  const j = (h * i) % p;
  const v = (u1 * i) % p;
  const x = residue(r * r - j - 2n * v, p);
  const y = residue(r * (v - x) - 2n * s1 * j, p);
  const z = residue(((a.z + b.z) ** 2n - z1z1 - z2z2) * h, p);
  return { x, y, z };
}

/** u1·G + u2·Q in one pass over the bits (Shamir's trick), as affine x, or undefined at infinity. */
function linearCombinationX(curve: Curve, options: { q: Jacobian; u1: bigint; u2: bigint }): bigint | undefined {
  const { q, u1, u2 } = options;
  const g: Jacobian = { ...curve.g, z: 1n };
  const both = add(g, q, curve.p);
  let result = INFINITY;
  for (let bit = BigInt(Math.max(u1.toString(2).length, u2.toString(2).length) - 1); bit >= 0n; bit -= 1n) {
    result = double(result, curve.p);
    const b1 = (u1 >> bit) & 1n;
    const b2 = (u2 >> bit) & 1n;
    if (b1 && b2) result = add(result, both, curve.p);
    else if (b1) result = add(result, g, curve.p);
    else if (b2) result = add(result, q, curve.p);
  }
  if (result.z === 0n) return undefined;
  const zInverse = inverse(result.z, curve.p);
  return (result.x * zInverse * zInverse) % curve.p;
}

/** SEC 1 §2.3.4: an uncompressed (04) or compressed (02/03) point, on the curve (p ≡ 3 mod 4 for both). */
function publicPoint(curve: Curve, encoded: Uint8Array): Jacobian | undefined {
  const size = (curve.p.toString(16).length + 1) >> 1;
  const x = bigIntOf(encoded.subarray(1, 1 + size));
  if (x >= curve.p) return undefined;
  const right = residue(x ** 3n - 3n * x + curve.b, curve.p);
  let y: bigint;
  if (encoded[0] === 0x04 && encoded.length === 1 + 2 * size) y = bigIntOf(encoded.subarray(1 + size));
  else if ((encoded[0] === 0x02 || encoded[0] === 0x03) && encoded.length === 1 + size) {
    y = modPow(right, (curve.p + 1n) / 4n, curve.p);
    if ((y & 1n) !== BigInt(encoded[0] & 1)) y = curve.p - y;
  } else return undefined;
  return y < curve.p && (y * y) % curve.p === right ? { x, y, z: 1n } : undefined;
}

/** Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480 §2.2, RFC 3279 §2.2.3). */
function signatureValues(der: Uint8Array): { r: bigint; s: bigint } | undefined {
  const parsed = asn1js.fromBER(arrayBufferView(der));
  if (parsed.offset !== der.length || !(parsed.result instanceof asn1js.Sequence)) return undefined;
  const [r, s, extra] = parsed.result.valueBlock.value;
  if (!(r instanceof asn1js.Integer) || !(s instanceof asn1js.Integer) || extra) return undefined;
  // A negative INTEGER (high bit set) is out of range, like zero.
  const value = (integer: asn1js.Integer): bigint => ((integer.valueBlock.valueHexView[0] ?? 0) & 0x80 ? -1n : bigIntOf(integer.valueBlock.valueHexView));
  return { r: value(r), s: value(s) };
}

/** The curve of an id-ecPublicKey certificate key with a named curve kyso knows (P-256, P-384). */
export function ecdsaCurveOf(certificate: pkijs.Certificate): string | undefined {
  const info = certificate.subjectPublicKeyInfo;
  if (info.algorithm.algorithmId !== ID_EC_PUBLIC_KEY) return undefined;
  const parameters = info.algorithm.algorithmParams as unknown;
  const oid = parameters instanceof asn1js.ObjectIdentifier ? parameters.valueBlock.toString() : undefined;
  return oid && CURVES[oid] ? oid : undefined;
}

/**
 * True when `signatureDer` is an ECDSA signature by the certificate's key over `digest`
 * (FIPS 186-5 §6.4.2; a digest longer than the order is cut to its leftmost bits, SEC 1 §4.1.4
 * step 5). ECDSA cannot tell a signature over other data from one by another key: both are false.
 */
export function verifyEcdsaOverDigest(options: { certificate: pkijs.Certificate; signatureDer: Uint8Array; digest: Uint8Array }): boolean {
  const curveOid = ecdsaCurveOf(options.certificate);
  const curve = curveOid ? CURVES[curveOid] : undefined;
  if (!curve) return false;
  const q = publicPoint(curve, options.certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
  const values = signatureValues(options.signatureDer);
  if (!q || !values) return false;
  const { r, s } = values;
  if (r < 1n || r >= curve.n || s < 1n || s >= curve.n) return false;
  const orderBits = curve.n.toString(2).length;
  const digestBits = options.digest.length * 8;
  const e = bigIntOf(options.digest) >> BigInt(Math.max(0, digestBits - orderBits));
  const w = inverse(s, curve.n);
  const x = linearCombinationX(curve, { q, u1: (e * w) % curve.n, u2: (r * w) % curve.n });
  return x !== undefined && x % curve.n === r;
}
