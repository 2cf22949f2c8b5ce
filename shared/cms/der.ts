import * as asn1js from "asn1js";
import { KysoError } from "../protocol/kyso-error.js";

/**
 * DER assembly and a raw-preserving DER view.
 *
 * CMS structures are assembled here from raw TLVs rather than re-encoded through pkijs
 * objects: certificates, issuer names and timestamp tokens must be carried byte for byte
 * (ESSCertIDv2 hashes the certificate as it is, RFC 5035 §4; a TSA's signature covers its
 * own encoding), and the SignedAttributes must be exactly the DER that was signed
 * (RFC 5652 §5.4). Only single-byte tags are needed for the structures kyso builds.
 */

/** One parsed element: its identifier octet, its complete TLV bytes, and its children if constructed. */
export interface DerElement {
  readonly tag: number;
  readonly der: Uint8Array;
  readonly children: readonly DerElement[];
}

export const DER_TAG = {
  boolean: 0x01,
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  objectIdentifier: 0x06,
  sequence: 0x30,
  set: 0x31,
  contextConstructed0: 0xa0,
  contextConstructed1: 0xa1,
  contextConstructed2: 0xa2,
  contextConstructed4: 0xa4,
} as const;

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** X.690 §8.1.3: short form below 128, otherwise the minimal long form (§10.1 for DER). */
function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** A definite-length TLV whose contents are the given encodings, in the given order. */
export function derTlv(tag: number, contents: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const body = concatBytes(contents);
  return concatBytes([Uint8Array.of(tag), derLength(body.length), body]);
}

/** X.690 §11.6: compares encodings as octet strings, the shorter padded with trailing 0-octets. */
function compareDerEncodings(a: Uint8Array, b: Uint8Array): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** A DER SET OF (or an IMPLICIT-tagged one): components sorted as X.690 §11.6 requires. */
export function derSetOf(elements: readonly Uint8Array[], tag: number = DER_TAG.set): Uint8Array<ArrayBuffer> {
  return derTlv(tag, [...elements].sort(compareDerEncodings));
}

/** The encoding of an asn1js value (OIDs, integers, strings, times). */
export function derOf(block: { toBER(): ArrayBuffer }): Uint8Array<ArrayBuffer> {
  return new Uint8Array(block.toBER());
}

/**
 * A plain Uint8Array over an ArrayBuffer, as WebCrypto and asn1js want: never a Node Buffer
 * (whose slice() does not copy and whose .buffer is a shared pool), copied only from a
 * SharedArrayBuffer.
 */
export function arrayBufferView(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
}

function toElement(block: asn1js.AsnType): DerElement {
  const der = block.valueBeforeDecodeView;
  const value: unknown = block.valueBlock;
  const children = block.idBlock.isConstructed && value instanceof Object && "value" in value && Array.isArray(value.value)
    ? (value.value as asn1js.AsnType[]).map(toElement)
    : [];
  return { tag: der[0] ?? 0, der, children };
}

/**
 * Parses one complete element from untrusted bytes. Anything that is not exactly one
 * well-formed element (garbage, truncation, trailing bytes) is a typed error, never a crash;
 * asn1js's depth and node limits bound the work.
 */
export function parseDer(bytes: Uint8Array, what: string): DerElement {
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(arrayBufferView(bytes));
  } catch (error) {
    throw new KysoError("BAD_REQUEST", `${what} is not valid DER`, { cause: error });
  }
  if (parsed.offset === -1 || parsed.result.error !== "") throw new KysoError("BAD_REQUEST", `${what} is not valid DER: ${parsed.result.error}`);
  if (parsed.offset !== bytes.length) throw new KysoError("BAD_REQUEST", `${what} has ${bytes.length - parsed.offset} bytes after its DER encoding`);
  return toElement(parsed.result);
}

/** The child at `index` with the expected identifier octet, or a typed error naming the structure. */
export function childWithTag(parent: DerElement, spec: { index: number; tag: number; what: string }): DerElement {
  const child = parent.children[spec.index];
  if (child?.tag !== spec.tag) throw new KysoError("BAD_REQUEST", `${spec.what} is missing or malformed`);
  return child;
}
