import { X509Certificate } from "node:crypto";
import type * as Graphene from "graphene-pk11";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { translatePkcs11Error } from "./pkcs11-errors.js";

/** A certificate found on a token, with what the user and the key picker need. */
export interface TokenCertificate {
  provider: "pkcs11";
  modulePath: string;
  tokenLabel: string;
  tokenSerial: string;
  label: string;
  /** CKA_ID, hex: the private key with the same ID signs for this certificate. */
  idHex: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  keyType: string;
  keySizeBits?: number;
  /** RFC 7512 URI that selects this certificate's key. */
  uri: string;
}

/** RFC 7512 §2.3: percent-encode everything outside the unreserved set. */
function pct(value: string | Uint8Array): string {
  const bytes = typeof value === "string" ? new TextEncoder().encode(value) : value;
  return Array.from(bytes, (b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, "0").toUpperCase()}`)).join("");
}

/**
 * Lists X.509 certificates on every token of a PKCS#11 module without logging in:
 * certificates are public objects on the Vietnamese CAs' tokens. The module and its native
 * binding are loaded only here, so the rest of kyso starts without them.
 */
export async function listTokenCertificates(modulePath: string): Promise<TokenCertificate[]> {
  const imported = await import("graphene-pk11");
  // graphene-pk11 is CommonJS: bundled by esbuild its exports arrive as `default`.
  const graphene = (imported as unknown as { default?: typeof Graphene }).default ?? (imported);
  let pkcs11: Graphene.Module;
  try {
    pkcs11 = graphene.Module.load(modulePath);
    pkcs11.initialize();
  } catch (error) {
    throw new KysoError("PKCS11_MODULE_UNAVAILABLE", `${modulePath}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  try {
    const found: TokenCertificate[] = [];
    const slots = pkcs11.getSlots(true);
    for (let i = 0; i < slots.length; i += 1) {
      const slot = slots.items(i);
      const token = slot.getToken();
      // An empty, uninitialised token (SoftHSM always offers one) holds nothing to list.
      if ((token.flags & graphene.TokenFlag.TOKEN_INITIALIZED) === 0) continue;
      const session = slot.open(graphene.SessionFlag.SERIAL_SESSION);
      try {
        const objects = session.find({ class: graphene.ObjectClass.CERTIFICATE, certType: graphene.CertificateType.X_509 });
        for (let j = 0; j < objects.length; j += 1) {
          const object = objects.items(j).toType<Graphene.X509Certificate>();
          found.push(describe({ modulePath, tokenLabel: token.label.trim(), tokenSerial: token.serialNumber.trim(), label: object.label, id: object.id, der: object.value }));
        }
      } finally {
        session.close();
      }
    }
    return found;
  } catch (error) {
    throw translatePkcs11Error(error, `listing certificates of ${modulePath}`);
  } finally {
    pkcs11.finalize();
  }
}

function describe(options: { modulePath: string; tokenLabel: string; tokenSerial: string; label: string; id: Uint8Array; der: Uint8Array }): TokenCertificate {
  const certificate = new X509Certificate(options.der);
  const details = certificate.publicKey.asymmetricKeyDetails;
  const idHex = Buffer.from(options.id).toString("hex");
  return {
    provider: "pkcs11",
    modulePath: options.modulePath,
    tokenLabel: options.tokenLabel,
    tokenSerial: options.tokenSerial,
    label: options.label,
    idHex,
    subject: certificate.subject.split("\n").reverse().join(", "),
    issuer: certificate.issuer.split("\n").reverse().join(", "),
    serialNumber: certificate.serialNumber,
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    keyType: certificate.publicKey.asymmetricKeyType ?? "unknown",
    ...(details?.modulusLength ? { keySizeBits: details.modulusLength } : {}),
    uri: `pkcs11:token=${pct(options.tokenLabel)};id=${pct(options.id)};type=cert?module-path=${pct(options.modulePath)}`,
  };
}
