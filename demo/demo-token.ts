import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { PKCS12_PASSWORD, type TestPki } from "../test/pki/test-pki.js";
import { createSoftHsmToken, SOFTHSM_MODULE_PATH, type SoftHsmToken } from "../test/services/softhsm-token.js";

/**
 * The demo's signing keys: the leader's (approval) and the organisation's seal (issuing).
 * On a SoftHSM2 token when SoftHSM2 and OpenSC are installed — the same PKCS#11 path as a
 * real USB token, and the only kind of key the extension lists — else the PKCS#12 files of
 * the demo PKI, which `kyso sign` can use but the browser cannot.
 */
export interface DemoKey {
  /** What `kyso sign --key` takes. */
  keyId: string;
  /** Shown in the confirmation window's certificate picker. */
  commonName: string;
}

export interface DemoToken {
  kind: "softhsm" | "pkcs12";
  approval: DemoKey;
  issuing: DemoKey;
  /** The token's PIN or the key files' password (a demo secret, printed on purpose). */
  pin: string;
  /** SOFTHSM2_CONF for every process that loads the module (CLI, native host). */
  env: Record<string, string>;
  modulePath?: string;
}

const run = promisify(execFile);
const TOKEN_LABEL = "kyso-demo";
const DEMO_PIN = "123456";

export function softHsmAvailable(): boolean {
  return existsSync(SOFTHSM_MODULE_PATH) && existsSync("/usr/bin/softhsm2-util") && existsSync("/usr/bin/pkcs11-tool");
}

/**
 * The CA certificates on the token too, as the Vietnamese CAs' tokens carry them: the signer's
 * chain is read from the token and embedded in each signature, so a verifier that does not
 * fetch AIA (pdfsig) still finds the issuer.
 */
async function addCaCertificates(token: SoftHsmToken, pki: TestPki): Promise<void> {
  const env = { ...process.env, SOFTHSM2_CONF: token.configFile };
  for (const [label, certDerFile, idHex] of [["kyso Test Issuing CA", pki.issuingCa.certDerFile, "c1"], ["kyso Test Root CA", pki.rootCa.certDerFile, "c2"]] as const) {
    await run("pkcs11-tool", ["--module", token.modulePath, "--token-label", token.tokenLabel, "--login", "--pin", token.userPin, "--write-object", certDerFile, "--type", "cert", "--id", idHex, "--label", label], { env });
  }
}

export async function createDemoToken(stateDir: string, pki: TestPki): Promise<DemoToken> {
  const signer = pki.entities.signerRsa2048;
  const seal = pki.entities.organisationSeal;
  if (!softHsmAvailable()) {
    return {
      kind: "pkcs12",
      approval: { keyId: signer.p12File, commonName: signer.commonName },
      issuing: { keyId: seal.p12File, commonName: seal.commonName },
      pin: PKCS12_PASSWORD,
      env: {},
    };
  }
  // A fresh token every run: the PKI may have been generated again, and SoftHSM needs nothing else.
  const dir = join(stateDir, "softhsm");
  await rm(dir, { recursive: true, force: true });
  const token = await createSoftHsmToken({ dir, tokenLabel: TOKEN_LABEL, userPin: DEMO_PIN, soPin: "12345678", entities: [signer, seal] });
  await addCaCertificates(token, pki);
  const uri = (idHex: string) => `pkcs11:token=${TOKEN_LABEL};id=%${idHex}?module-path=${token.modulePath}`;
  const idOf = (name: string) => token.objects.find((object) => object.entity === name)!.idHex;
  return {
    kind: "softhsm",
    approval: { keyId: uri(idOf(signer.name)), commonName: signer.commonName },
    issuing: { keyId: uri(idOf(seal.name)), commonName: seal.commonName },
    pin: DEMO_PIN,
    env: { SOFTHSM2_CONF: token.configFile },
    modulePath: token.modulePath,
  };
}
