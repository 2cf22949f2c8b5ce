import { randomBytes } from "node:crypto";
import { digest, type HashAlgorithm } from "../../../shared/cms/algorithms.js";
import { buildCadesDetachedSignedData } from "../../../shared/cms/cades-detached.js";
import type { CmsSigner } from "../../../shared/cms/cms-signer.js";
import { splitMessage } from "./header-block.js";

/**
 * S/MIME signing (RFC 8551 §3.5.3): the message's MIME entity — its Content-* header fields
 * and body, in canonical CRLF form — becomes the first part of a multipart/signed (RFC 1847),
 * the detached CMS SignedData over it the second. The other header fields (From, To, Subject,
 * Message-ID, …) stay on the outer message.
 *
 * The CMS comes from the PAdES builder: RFC 8551 §2.5 wants contentType, messageDigest and
 * signingTime signed, and the ESS signingCertificateV2 it adds is itself an S/MIME attribute
 * (RFC 5035), so one CMS code path serves both, through the same CmsSigner (token or file).
 */

/** RFC 8551 §3.5.3.2 micalg names. */
const MICALG: Record<HashAlgorithm, string> = { "SHA-256": "sha-256", "SHA-384": "sha-384", "SHA-512": "sha-512" };

function base64Lines(bytes: Uint8Array): string {
  return (Buffer.from(bytes).toString("base64").match(/.{1,76}/g) ?? []).join("\r\n");
}

/** The signed entity: its own header fields, a blank line, the body, all CRLF (RFC 8551 §3.1.1). */
export function mimeEntityOf(message: Buffer): { entity: Buffer; outerFields: string } {
  const { fields, body } = splitMessage(message);
  const content = fields.filter((f) => f.name.startsWith("content-"));
  const outer = fields.filter((f) => !f.name.startsWith("content-") && f.name !== "mime-version");
  const entity = Buffer.concat([Buffer.from(`${content.map((f) => f.raw).join("")}\r\n`, "latin1"), body]);
  return { entity, outerFields: outer.map((f) => f.raw).join("") };
}

export async function smimeSign(message: Buffer, signer: CmsSigner, signingTime: Date = new Date()): Promise<Buffer> {
  const { entity, outerFields } = mimeEntityOf(message);
  const { hash } = signer.algorithm;
  const { contentInfoDer } = await buildCadesDetachedSignedData({ contentDigest: await digest(hash, entity), signer, signingTime });
  const boundary = `----kyso-signed-${randomBytes(12).toString("hex")}`;
  const head =
    `${outerFields}MIME-Version: 1.0\r\n` +
    `Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=${MICALG[hash]};\r\n boundary="${boundary}"\r\n\r\n` +
    `This is a cryptographically signed message in MIME format.\r\n\r\n--${boundary}\r\n`;
  const tail =
    `\r\n--${boundary}\r\n` +
    `Content-Type: application/pkcs7-signature; name="smime.p7s"\r\n` +
    `Content-Transfer-Encoding: base64\r\n` +
    `Content-Disposition: attachment; filename="smime.p7s"\r\n` +
    `Content-Description: S/MIME Cryptographic Signature\r\n\r\n` +
    `${base64Lines(contentInfoDer)}\r\n--${boundary}--\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), entity, Buffer.from(tail, "latin1")]);
}
