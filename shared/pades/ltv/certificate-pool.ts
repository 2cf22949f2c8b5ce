import * as pkijs from "pkijs";
import { KysoError } from "../../protocol/kyso-error.js";
import { arrayBufferView, bytesEqual } from "../../cms/der.js";

/** A certificate as found (DER kept byte for byte for the DSS) and parsed once. */
export interface PooledCertificate {
  der: Uint8Array;
  parsed: pkijs.Certificate;
  /** SHA-256 of the DER, hex: the pool's identity for it. */
  id: string;
}

export function parseCertificate(der: Uint8Array, what: string): pkijs.Certificate {
  try {
    return pkijs.Certificate.fromBER(arrayBufferView(der));
  } catch (error) {
    throw new KysoError("CERTIFICATE_INVALID", `${what} is not a valid X.509 certificate`, { cause: error });
  }
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", arrayBufferView(bytes)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function nameDer(name: pkijs.RelativeDistinguishedNames): Uint8Array {
  return new Uint8Array(name.toSchema().toBER());
}

/** The certificate's subject as people read it: its common name, else the whole DN. */
export function subjectText(certificate: pkijs.Certificate): string {
  const values = certificate.subject.typesAndValues.map((tv) => ({ type: tv.type, value: tv.value.valueBlock.value }));
  return values.find((v) => v.type === "2.5.4.3")?.value ?? values.map((v) => v.value).join(", ");
}

export function isSelfIssued(certificate: pkijs.Certificate): boolean {
  return bytesEqual(nameDer(certificate.subject), nameDer(certificate.issuer));
}

/**
 * The certificates known while collecting validation data: from the signatures, the DSS,
 * OCSP responses and AIA fetches. Deduplicated by DER; issuers found by name (RFC 5280
 * §6.1: the issuer's subject equals the certificate's issuer) and confirmed by signature, so a
 * CA re-keyed under the same name picks the right key.
 */
export class CertificatePool {
  private readonly byId = new Map<string, PooledCertificate>();

  get all(): PooledCertificate[] {
    return [...this.byId.values()];
  }

  async add(der: Uint8Array, what: string): Promise<PooledCertificate> {
    const id = await sha256Hex(der);
    const known = this.byId.get(id);
    if (known) return known;
    const entry = { der: new Uint8Array(der), parsed: parseCertificate(der, what), id };
    this.byId.set(id, entry);
    return entry;
  }

  async findIssuer(certificate: pkijs.Certificate): Promise<PooledCertificate | undefined> {
    const issuerName = nameDer(certificate.issuer);
    for (const candidate of this.byId.values()) {
      if (!bytesEqual(nameDer(candidate.parsed.subject), issuerName)) continue;
      if (await certificate.verify(candidate.parsed).catch(() => false)) return candidate;
    }
    return undefined;
  }
}
