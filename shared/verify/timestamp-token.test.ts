import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { describe, expect, it } from "vitest";
import { DIGEST_OIDS } from "../cms/algorithms.js";
import { ID_AA_SIGNING_CERTIFICATE_V2, ID_CONTENT_TYPE, ID_CT_TST_INFO, ID_DATA, ID_MESSAGE_DIGEST, ID_SIGNED_DATA } from "../cms/cms-oids.js";
import { testServices } from "../../test/setup/test-services.js";
import { checkTimestampToken, readTimestampToken } from "./timestamp-token.js";

const { pki } = testServices();
const tsa = pki.entities.timestampAuthority;
const imprint = new Uint8Array(createHash("sha256").update("giá trị chữ ký").digest());
const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash("sha256").update(bytes).digest());

/**
 * An RFC 3161 TimeStampToken signed with the test TSA's key by pkijs: TSTInfo over `imprint`,
 * signed attributes contentType (`contentTypeOid`), messageDigest and, unless left out,
 * signingCertificateV2 (RFC 5035, SHA-256 ESSCertIDv2) — so a test can leave out what a TSA must put in.
 */
async function tokenDer(options: { contentTypeOid?: string; withSigningCertificate: boolean }): Promise<Uint8Array> {
  const certificateDer = new Uint8Array(await readFile(tsa.certDerFile));
  const certificate = pkijs.Certificate.fromBER(certificateDer);
  const keyDer = Buffer.from((await readFile(tsa.keyPemFile, "utf8")).replace(/-----[^-]+-----|\s/g, ""), "base64");
  const privateKey = await crypto.subtle.importKey("pkcs8", new Uint8Array(keyDer), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: "1.3.6.1.4.1.99999.2",
    messageImprint: new pkijs.MessageImprint({ hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_OIDS["SHA-256"] }), hashedMessage: new asn1js.OctetString({ valueHex: imprint }) }),
    serialNumber: new asn1js.Integer({ value: 7 }),
    genTime: new Date(),
  });
  const eContent = new Uint8Array(tstInfo.toSchema().toBER());
  const attributes = [
    new pkijs.Attribute({ type: ID_CONTENT_TYPE, values: [new asn1js.ObjectIdentifier({ value: options.contentTypeOid ?? ID_CT_TST_INFO })] }),
    new pkijs.Attribute({ type: ID_MESSAGE_DIGEST, values: [new asn1js.OctetString({ valueHex: sha256(eContent) })] }),
  ];
  if (options.withSigningCertificate) {
    const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: sha256(certificateDer) })] });
    attributes.push(new pkijs.Attribute({ type: ID_AA_SIGNING_CERTIFICATE_V2, values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })] }));
  }
  const signedData = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: ID_CT_TST_INFO, eContent: new asn1js.OctetString({ valueHex: eContent }) }),
    certificates: [certificate],
    signerInfos: [new pkijs.SignerInfo({
      version: 1,
      sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
      signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
    })],
  });
  await signedData.sign(privateKey, 0, "SHA-256");
  return new Uint8Array(new pkijs.ContentInfo({ contentType: ID_SIGNED_DATA, content: signedData.toSchema(true) }).toSchema().toBER());
}

async function holds(der: Uint8Array): Promise<boolean> {
  const token = readTimestampToken(der);
  expect(token, "readable as a TimeStampToken").toBeDefined();
  return checkTimestampToken(token!, imprint);
}

describe("checkTimestampToken (RFC 3161 §2.4.1–2.4.2, RFC 5816)", () => {
  it("accepts a token with contentType id-ct-TSTInfo and a signingCertificateV2 naming the TSA's certificate", async () => {
    expect(await holds(await tokenDer({ withSigningCertificate: true }))).toBe(true);
  });

  it("refuses a token without the ESS signing certificate attribute the TSA must include", async () => {
    expect(await holds(await tokenDer({ withSigningCertificate: false }))).toBe(false);
  });

  it("refuses a token whose contentType attribute is not id-ct-TSTInfo", async () => {
    expect(await holds(await tokenDer({ withSigningCertificate: true, contentTypeOid: ID_DATA }))).toBe(false);
  });
});
