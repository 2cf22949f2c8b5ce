import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { P12Signer as LibpdfP12Signer, PDF } from "@libpdf/core";
import { plainAddPlaceholder } from "@signpdf/placeholder-plain";
import { P12Signer } from "@signpdf/signer-p12";
import { SignPdf, Signer } from "@signpdf/signpdf";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { ID_CONTENT_TYPE, ID_DATA, ID_MESSAGE_DIGEST, ID_SIGNED_DATA } from "../../shared/cms/cms-oids.js";
import { memoryByteSource } from "../../shared/pdf/byte-source.js";
import { PdfDocumentReader } from "../../shared/pdf/read/pdf-document-reader.js";
import { writeIncrementalUpdate, type UpdatedObject } from "../../shared/pdf/write/incremental-update.js";
import { signPdf, type SignPdfOptions } from "../../shared/pades/sign-pdf.js";
import { loadPkcs12Signer } from "../../sidecar/keys/pkcs12-signer.js";
import { PKCS12_PASSWORD, type EntityName as Entity, type TestPki } from "../pki/test-pki.js";

/**
 * Signed files for verification tests, made in memory: by kyso's own signing core and by the
 * two signing libraries installed as dev dependencies (the same calls as bench/peers), plus
 * hand-made incremental updates that change a signed file one way each.
 */
const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

export async function kysoSigned(options: { pki: TestPki; bytes: Uint8Array; entity: Entity } & Partial<Omit<SignPdfOptions, "source" | "signer">>): Promise<Uint8Array> {
  const { pki, bytes, entity, ...signing } = options;
  const signer = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities[entity].p12File)), password: PKCS12_PASSWORD });
  const { update } = await signPdf({ signingTime: new Date(), ...signing, source: memoryByteSource(bytes), signer });
  return concat(bytes, update);
}

/**
 * @signpdf/signpdf with placeholder-plain (classic cross-reference tables only). Without a
 * SubFilter its default is adbe.pkcs7.detached (ISO 32000-2 §12.8.3.3).
 */
export async function signpdfSigned(options: { pki: TestPki; bytes: Uint8Array; entity: Entity; subFilter?: "adbe.pkcs7.detached" | "ETSI.CAdES.detached" }): Promise<Uint8Array> {
  const signer = new P12Signer(await readFile(options.pki.entities[options.entity].p12File), { passphrase: PKCS12_PASSWORD });
  const withPlaceholder = plainAddPlaceholder({ pdfBuffer: Buffer.from(options.bytes), reason: "Phê duyệt", contactInfo: "", name: "", location: "", ...(options.subFilter ? { subFilter: options.subFilter } : {}) });
  return new Uint8Array(await new SignPdf().sign(withPlaceholder, signer));
}

/** A key and certificate `openssl cms -sign` can use: a test PKI entity, or one a test issued itself. */
export type OpensslSignerFiles = { certPemFile: string; keyPemFile: string };

/**
 * A CMS made by `openssl cms -sign` over the bytes the placeholder's ByteRange covers, in
 * @signpdf's adbe.pkcs7.detached placeholder. `signedAttributes: false` (-noattr) makes the
 * RFC 5652 §5.4 form where the signature is over the content digest itself, which ISO 32000-2
 * §12.8.3.3 allows for adbe.pkcs7.detached (and CAdES does not). `keyOptions` go to openssl as
 * -keyopt (e.g. rsa_padding_mode:pss), `digest` as -md (default sha256).
 */
export async function opensslSigned(options: { pki: TestPki; bytes: Uint8Array; entity: Entity | OpensslSignerFiles; signedAttributes: boolean; keyOptions?: string[]; digest?: "sha256" | "sha384" | "sha512" }): Promise<Uint8Array> {
  const entity = typeof options.entity === "string" ? options.pki.entities[options.entity] : options.entity;
  const chainPemFile = options.pki.chainPemFile;
  const keyOptions = (options.keyOptions ?? []).flatMap((option) => ["-keyopt", option]);
  class OpensslSigner extends Signer {
    override async sign(signedBytes: Buffer): Promise<Buffer> {
      const dir = await mkdtemp(join(tmpdir(), "kyso-openssl-cms-"));
      try {
        await writeFile(join(dir, "content.bin"), signedBytes);
        await promisify(execFile)("openssl", [
          "cms", "-sign", "-binary", "-md", options.digest ?? "sha256", "-outform", "DER", "-in", join(dir, "content.bin"), "-out", join(dir, "cms.der"),
          "-signer", entity.certPemFile, "-inkey", entity.keyPemFile, ...keyOptions, "-certfile", chainPemFile, ...(options.signedAttributes ? [] : ["-noattr"]),
        ]);
        return await readFile(join(dir, "cms.der"));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  }
  const withPlaceholder = plainAddPlaceholder({ pdfBuffer: Buffer.from(options.bytes), reason: "", contactInfo: "", name: "", location: "" });
  return new Uint8Array(await new SignPdf().sign(withPlaceholder, new OpensslSigner()));
}

/** Names and mail for the ECDSA signers a test issues itself, one per curve, so a report can tell them apart. */
const ECDSA_SIGNER_SUBJECTS = {
  "P-384": { commonName: "Lý Thị Ba Tám Tư", email: "batamtu@ubnd.test" },
  "P-521": { commonName: "Đinh Văn Năm Hai Mốt", email: "namhaimot@ubnd.test" },
} as const;

/**
 * A document signer with an ECDSA P-384 or P-521 key (the test PKI's signers are RSA and P-256),
 * issued by the test PKI's issuing CA with the same extensions as its signers (revocation
 * pointers included) into `dir`. `openssl x509 -req` leaves the CA's index untouched, which the
 * running OCSP responder reads, so its status there is "unknown".
 */
export async function issueEcdsaSigner(pki: TestPki, options: { dir: string; curve: keyof typeof ECDSA_SIGNER_SUBJECTS }): Promise<OpensslSignerFiles & { commonName: string }> {
  const { commonName, email } = ECDSA_SIGNER_SUBJECTS[options.curve];
  const stem = join(options.dir, options.curve.toLowerCase());
  const keyPemFile = `${stem}.key`;
  const csr = `${stem}.csr`;
  const certPemFile = `${stem}.pem`;
  const run = (args: string[]) => promisify(execFile)("openssl", args);
  await run(["genpkey", "-algorithm", "EC", "-pkeyopt", `ec_paramgen_curve:${options.curve}`, "-out", keyPemFile]);
  await run(["req", "-new", "-utf8", "-key", keyPemFile, "-subj", `/C=VN/O=UBND tỉnh Gia Lai/CN=${commonName}/emailAddress=${email}`, "-out", csr]);
  await run([
    "x509", "-req", "-in", csr, "-CA", pki.issuingCa.certPemFile, "-CAkey", pki.issuingCa.keyPemFile, "-set_serial", `0x${Date.now().toString(16)}${options.curve.slice(2)}`,
    "-days", "30", "-extfile", pki.issuingCa.configFile, "-extensions", "ext_document_signer", "-out", certPemFile,
  ]);
  return { certPemFile, keyPemFile, commonName };
}

/** @libpdf/core at PAdES B-B, as its README's "Sign a document" shows. */
export async function libpdfSigned(options: { pki: TestPki; bytes: Uint8Array; entity: Entity }): Promise<Uint8Array> {
  const pdf = await PDF.load(options.bytes);
  const signer = await LibpdfP12Signer.create(await readFile(options.pki.entities[options.entity].p12File), PKCS12_PASSWORD);
  const { bytes } = await pdf.sign({ signer, level: "B-B", subFilter: "ETSI.CAdES.detached", digestAlgorithm: "SHA-256" });
  return bytes;
}

/** The file with one incremental update appended (ISO 32000-2 §7.5.6): the objects `change` returns. */
export async function withUpdate(bytes: Uint8Array, change: (reader: PdfDocumentReader) => Promise<UpdatedObject[]>): Promise<Uint8Array> {
  const reader = await PdfDocumentReader.open(memoryByteSource(bytes));
  const { bytes: update } = await writeIncrementalUpdate({ reader, objects: await change(reader) });
  return concat(bytes, update);
}

/**
 * `openssl cms -verify` of a one-signature file's CMS over the bytes its ByteRange covers, the
 * certificate chain not checked (-noverify): a second referee where pdfsig cannot judge (NSS
 * does not verify RSASSA-PSS SignerInfos without signed attributes; pdfsig says "Invalid").
 */
export async function opensslVerifiesSignature(bytes: Uint8Array): Promise<boolean> {
  const text = Buffer.from(bytes).toString("latin1");
  const match = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text);
  if (!match) throw new Error("no /ByteRange");
  const [start, length, tailStart, tailLength] = match.slice(1).map(Number) as [number, number, number, number];
  const dir = await mkdtemp(join(tmpdir(), "kyso-openssl-verify-"));
  try {
    await writeFile(join(dir, "content.bin"), Buffer.concat([bytes.subarray(start, start + length), bytes.subarray(tailStart, tailStart + tailLength)]));
    // /Contents is <hex> zero-padded after the DER; openssl reads the first DER element and ignores the rest.
    await writeFile(join(dir, "cms.der"), Buffer.from(text.slice(start + length + 1, tailStart - 1), "hex"));
    await promisify(execFile)("openssl", ["cms", "-verify", "-binary", "-noverify", "-inform", "DER", "-in", join(dir, "cms.der"), "-content", join(dir, "content.bin"), "-out", join(dir, "out.bin")]);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 4) return false;
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A CMS built and signed with pkijs (WebCrypto, RSA PKCS#1 v1.5, SHA-256) in @signpdf's
 * adbe.pkcs7.detached placeholder: detached id-data with the signed attributes contentType
 * (`contentTypeOid`, id-data unless a test says otherwise) and messageDigest, so a test can make
 * a CMS no ordinary signer would.
 */
export async function pkijsSigned(options: { pki: TestPki; bytes: Uint8Array; entity: Entity; contentTypeOid?: string }): Promise<Uint8Array> {
  const entity = options.pki.entities[options.entity];
  const certificate = pkijs.Certificate.fromBER(new Uint8Array(await readFile(entity.certDerFile)));
  const keyPem = await readFile(entity.keyPemFile, "utf8");
  const keyDer = Buffer.from(keyPem.replace(/-----[^-]+-----|\s/g, ""), "base64");
  const privateKey = await crypto.subtle.importKey("pkcs8", new Uint8Array(keyDer), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
  class PkijsSigner extends Signer {
    override async sign(signedBytes: Buffer): Promise<Buffer> {
      const digest = await crypto.subtle.digest("SHA-256", new Uint8Array(signedBytes));
      const signedData = new pkijs.SignedData({
        version: 1,
        encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: ID_DATA }),
        certificates: [certificate],
        signerInfos: [new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
          signedAttrs: new pkijs.SignedAndUnsignedAttributes({
            type: 0,
            attributes: [
              new pkijs.Attribute({ type: ID_CONTENT_TYPE, values: [new asn1js.ObjectIdentifier({ value: options.contentTypeOid ?? ID_DATA })] }),
              new pkijs.Attribute({ type: ID_MESSAGE_DIGEST, values: [new asn1js.OctetString({ valueHex: digest })] }),
            ],
          }),
        })],
      });
      await signedData.sign(privateKey, 0, "SHA-256");
      return Buffer.from(new pkijs.ContentInfo({ contentType: ID_SIGNED_DATA, content: signedData.toSchema(true) }).toSchema().toBER());
    }
  }
  const withPlaceholder = plainAddPlaceholder({ pdfBuffer: Buffer.from(options.bytes), reason: "", contactInfo: "", name: "", location: "" });
  return new Uint8Array(await new SignPdf().sign(withPlaceholder, new PkijsSigner()));
}
