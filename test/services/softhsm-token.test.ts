import { constants, createVerify, X509Certificate, createHash, verify } from "node:crypto";
import { readFile } from "node:fs/promises";
import * as graphene from "graphene-pk11";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testServices } from "../setup/test-services.js";

const { softhsm, pki } = testServices();
let pkcs11: graphene.Module | undefined;
let session: graphene.Session;

function objectId(entity: keyof typeof pki.entities): Buffer {
  const object = softhsm.objects.find((o) => o.entity === entity);
  if (!object) throw new Error(`${entity} is not on the test token`);
  return Buffer.from(object.idHex, "hex");
}

function privateKey(entity: keyof typeof pki.entities): graphene.PrivateKey {
  const found = session.find({ class: graphene.ObjectClass.PRIVATE_KEY, id: objectId(entity) });
  expect(found.length).toBe(1);
  return found.items(0).toType<graphene.PrivateKey>();
}

beforeAll(() => {
  const loaded = graphene.Module.load(softhsm.modulePath, "SoftHSM");
  loaded.initialize();
  pkcs11 = loaded;
  const slots = loaded.getSlots(true);
  const slot = Array.from({ length: slots.length }, (_, i) => slots.items(i)).find((s) => s.getToken().label.trim() === softhsm.tokenLabel);
  if (!slot) throw new Error(`token ${softhsm.tokenLabel} not found through PKCS#11`);
  session = slot.open(graphene.SessionFlag.SERIAL_SESSION);
  session.login(softhsm.userPin, graphene.UserType.USER);
});

afterAll(() => {
  // beforeAll may have failed before opening anything.
  if (!pkcs11) return;
  pkcs11.finalize();
});

describe("SoftHSM2 test token", () => {
  it("holds each test certificate under the same CKA_ID as its private key", async () => {
    for (const object of softhsm.objects) {
      const certs = session.find({ class: graphene.ObjectClass.CERTIFICATE, id: Buffer.from(object.idHex, "hex") });
      expect(certs.length).toBe(1);
      const der = certs.items(0).toType<graphene.X509Certificate>().value;
      const expected = new X509Certificate(await readFile(pki.entities[object.entity].certDerFile));
      expect(new X509Certificate(der).fingerprint256).toBe(expected.fingerprint256);
    }
  });

  it("signs with the RSA-2048 key through PKCS#11 (CKM_SHA256_RSA_PKCS), verifiable with the certificate", async () => {
    const data = Buffer.from("Tờ trình số 15/TTr-UBND");
    const signature = session.createSign("SHA256_RSA_PKCS", privateKey("signerRsa2048")).once(data);
    const cert = new X509Certificate(await readFile(pki.entities.signerRsa2048.certDerFile));
    expect(createVerify("sha256").update(data).verify(cert.publicKey, signature)).toBe(true);
  });

  it("signs with the RSA-3072 key using RSASSA-PSS (CKM_SHA256_RSA_PKCS_PSS)", async () => {
    const data = Buffer.from("Quyết định bổ nhiệm");
    const mechanism = {
      name: "SHA256_RSA_PKCS_PSS",
      params: new graphene.RsaPssParams(graphene.MechanismEnum.SHA256, graphene.RsaMgf.MGF1_SHA256, 32),
    };
    const signature = session.createSign(mechanism, privateKey("signerRsa3072")).once(data);
    const cert = new X509Certificate(await readFile(pki.entities.signerRsa3072.certDerFile));
    expect(verify("sha256", data, { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)).toBe(true);
  });

  it("signs a SHA-256 digest with the ECDSA P-256 key (CKM_ECDSA, raw r||s)", async () => {
    const data = Buffer.from("Công văn hỏa tốc");
    const digest = createHash("sha256").update(data).digest();
    const signature = session.createSign("ECDSA", privateKey("signerEcdsaP256")).once(digest);
    expect(signature.length).toBe(64);
    const cert = new X509Certificate(await readFile(pki.entities.signerEcdsaP256.certDerFile));
    expect(verify("sha256", data, { key: cert.publicKey, dsaEncoding: "ieee-p1363" }, signature)).toBe(true);
  });

  it("refuses a wrong PIN with CKR_PIN_INCORRECT", () => {
    const slot = session.slot;
    const other = slot.open(graphene.SessionFlag.SERIAL_SESSION);
    try {
      // The session above is logged in already; log out of it first so that a new login is attempted.
      session.logout();
      expect(() => other.login("000000", graphene.UserType.USER)).toThrow(/CKR_PIN_INCORRECT/);
    } finally {
      other.close();
      session.login(softhsm.userPin, graphene.UserType.USER);
    }
  });
});
