import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { arrayBufferView, bytesEqual } from "../cms/der.js";
import { authorityInformationAccess, certificatesInCaIssuersResponse } from "../cms/x509-extensions.js";
import type { FetchTransport } from "./validation-transport.js";

/** Longer chains than any real PKI; a guard against loops through cross-certificates. */
const MAX_CHAIN_LENGTH = 10;
const ID_CE_BASIC_CONSTRAINTS = "2.5.29.19";
const ID_CE_KEY_USAGE = "2.5.29.15";
const ID_CE_EXT_KEY_USAGE = "2.5.29.37";

export interface KnownCertificate {
  der: Uint8Array;
  parsed: pkijs.Certificate;
}

export type PathProblem =
  | "no-chain-to-trust-anchor"
  | "ca-not-a-ca"
  | "ca-key-usage"
  | "path-length-exceeded"
  | "signer-key-usage"
  | "missing-extended-key-usage"
  | "ca-expired-at-signing-time";

export interface CertificatePath {
  /** Signer first, the trust anchor last; only the signer when no path was found. */
  certificates: KnownCertificate[];
  trusted: boolean;
  problems: PathProblem[];
}

export function parseKnown(der: Uint8Array): KnownCertificate | undefined {
  try {
    return { der, parsed: pkijs.Certificate.fromBER(arrayBufferView(der)) };
  } catch {
    return undefined;
  }
}

/** Trust anchors from PEM text: every CERTIFICATE block. */
export function certificatesFromPem(pem: string): KnownCertificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.flatMap((block) => {
    const base64 = block.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, "");
    const known = parseKnown(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    return known ? [known] : [];
  });
}

const nameDer = (name: pkijs.RelativeDistinguishedNames) => new Uint8Array(name.toSchema().toBER());

function extension(certificate: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return certificate.extensions?.find((e) => e.extnID === oid);
}

async function issues(issuer: KnownCertificate, subject: KnownCertificate): Promise<boolean> {
  if (!bytesEqual(nameDer(issuer.parsed.subject), nameDer(subject.parsed.issuer))) return false;
  return subject.parsed.verify(issuer.parsed).catch(() => false);
}

/** RFC 5280 §4.2.2.1: caIssuers answers one DER certificate or a certs-only CMS. */
function certificatesInAiaResponse(bytes: Uint8Array): KnownCertificate[] {
  return certificatesInCaIssuersResponse(bytes).flatMap((der) => {
    const known = parseKnown(der);
    return known ? [known] : [];
  });
}

/**
 * Builds a path from `leaf` to one of the trust anchors (RFC 5280 §6, RFC 4158): issuers from
 * the anchors first, then from the certificates the signature and the DSS carry, then fetched
 * from AIA caIssuers through the transport. Issuers are matched by name and confirmed by
 * signature, so a CA re-keyed under the same name picks the right key.
 */
export async function buildPath(options: { leaf: KnownCertificate; anchors: KnownCertificate[]; pool: KnownCertificate[]; transport?: FetchTransport }): Promise<{ certificates: KnownCertificate[]; trusted: boolean }> {
  const { anchors, transport } = options;
  const pool = [...options.pool];
  const chain = [options.leaf];
  for (let current = options.leaf; chain.length <= MAX_CHAIN_LENGTH; ) {
    if (anchors.some((anchor) => bytesEqual(anchor.der, current.der))) return { certificates: chain, trusted: true };
    let issuer: KnownCertificate | undefined;
    for (const candidate of anchors) if (!issuer && (await issues(candidate, current))) issuer = candidate;
    if (issuer) return { certificates: [...chain, issuer], trusted: true };
    for (const candidate of pool) if (!issuer && !chain.includes(candidate) && (await issues(candidate, current))) issuer = candidate;
    if (!issuer && transport) {
      for (const url of authorityInformationAccess(current.parsed).caIssuersUrls) {
        const fetched = await transport.get(url).catch(() => undefined);
        if (!fetched) continue;
        for (const found of certificatesInAiaResponse(fetched)) {
          pool.push(found);
          if (!issuer && (await issues(found, current))) issuer = found;
        }
        if (issuer) break;
      }
    }
    if (!issuer || bytesEqual(issuer.der, current.der)) return { certificates: chain, trusted: false };
    chain.push(issuer);
    current = issuer;
  }
  return { certificates: chain, trusted: false };
}

function keyUsageBits(certificate: pkijs.Certificate): number | undefined {
  const value = extension(certificate, ID_CE_KEY_USAGE)?.parsedValue as unknown;
  if (!(value instanceof asn1js.BitString)) return undefined;
  const bytes = value.valueBlock.valueHexView;
  return ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0);
}
/** RFC 5280 §4.2.1.3 KeyUsage bits, counted from the most significant bit of the first octet. */
const KU_DIGITAL_SIGNATURE = 0x8000;
const KU_NON_REPUDIATION = 0x4000;
const KU_KEY_CERT_SIGN = 0x0400;

export function extendedKeyUsages(certificate: pkijs.Certificate): string[] | undefined {
  const value = extension(certificate, ID_CE_EXT_KEY_USAGE)?.parsedValue as unknown;
  return value instanceof pkijs.ExtKeyUsage ? value.keyPurposes : undefined;
}

/**
 * RFC 5280 §6.1.4 checks on a built path, signer first: every CA is a CA (basicConstraints
 * cA), may sign certificates (keyUsage keyCertSign), respects pathLenConstraint and was valid
 * at `at`; the signer's key may sign (digitalSignature or nonRepudiation, ETSI EN 319 412-2
 * §4.3.2); `requiredEku` (id-kp-timeStamping for a TSA, RFC 3161 §2.3) is present.
 */
export function checkPath(path: KnownCertificate[], options: { at: Date; requiredEku?: string }): PathProblem[] {
  const problems = new Set<PathProblem>();
  const [leaf, ...cas] = path;
  if (!leaf) return ["no-chain-to-trust-anchor"];
  const leafUsage = keyUsageBits(leaf.parsed);
  if (leafUsage !== undefined && (leafUsage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) === 0) problems.add("signer-key-usage");
  if (options.requiredEku && !(extendedKeyUsages(leaf.parsed) ?? []).includes(options.requiredEku)) problems.add("missing-extended-key-usage");
  cas.forEach((ca, index) => {
    const constraints = extension(ca.parsed, ID_CE_BASIC_CONSTRAINTS)?.parsedValue as unknown;
    if (!(constraints instanceof pkijs.BasicConstraints) || !constraints.cA) problems.add("ca-not-a-ca");
    const pathLength = constraints instanceof pkijs.BasicConstraints ? constraints.pathLenConstraint : undefined;
    // Intermediates between this CA and the leaf (self-issued ones do not count, §6.1.4 (l)).
    if (typeof pathLength === "number" && index > pathLength) problems.add("path-length-exceeded");
    const usage = keyUsageBits(ca.parsed);
    if (usage !== undefined && (usage & KU_KEY_CERT_SIGN) === 0) problems.add("ca-key-usage");
    if (options.at < ca.parsed.notBefore.value || options.at > ca.parsed.notAfter.value) problems.add("ca-expired-at-signing-time");
  });
  return [...problems];
}
