import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderCaConfig } from "./ca-config.js";
import { runOpenssl } from "./openssl-command.js";

/**
 * The test PKI: generated at test time with the system's `openssl`, so that no private key
 * of a real person or CA is ever in the repository. Two tiers like Vietnam's public PKI
 * (root → issuing CA → end entities) and every certificate a signing test needs: good
 * signers with Vietnamese names in UTF-8, the organisation (seal), and the bad cases.
 */

export type KeyAlgorithm = "rsa-2048" | "rsa-3072" | "ecdsa-p256";

/** Role of an end-entity certificate, named for what tests do with it. */
export type EntityName =
  | "signerRsa2048"
  | "signerRsa3072"
  | "signerEcdsaP256"
  | "organisationSeal"
  | "expiredSigner"
  | "notYetValidSigner"
  | "revokedSigner"
  | "signerWithoutSigningUsage"
  | "ocspResponder"
  | "timestampAuthority"
  | "tlsServer";

export interface PkiEntity {
  name: EntityName;
  /** RFC 4514-ish display of the subject, UTF-8. */
  subject: string;
  commonName: string;
  email?: string;
  keyAlgorithm: KeyAlgorithm;
  /** Serial number as upper-case hex, as `openssl ca` writes it. */
  serialHex: string;
  certPemFile: string;
  certDerFile: string;
  /** Unencrypted PKCS#8 PEM (test keys only). */
  keyPemFile: string;
  /** PKCS#12 with key, certificate and chain, password `PKCS12_PASSWORD`. */
  p12File: string;
}

export interface TestPkiUrls {
  /** Base URL of the repository that serves `/certs/<ca>.cer` and `/crl/<ca>.crl`. */
  repositoryBaseUrl: string;
  /** URL of the OCSP responder for certificates of the issuing CA. */
  ocspUrl: string;
}

export interface TestPki {
  dir: string;
  rootCa: { certPemFile: string; certDerFile: string; keyPemFile: string; crlDerFile: string; dir: string };
  issuingCa: { certPemFile: string; certDerFile: string; keyPemFile: string; crlDerFile: string; dir: string; indexFile: string; configFile: string };
  /** Issuing CA + root, PEM, for building chains. */
  chainPemFile: string;
  entities: Record<EntityName, PkiEntity>;
  urls: TestPkiUrls;
}

export const PKCS12_PASSWORD = "kyso-test";
const ORGANISATION = "UBND tỉnh Gia Lai";

interface EntitySpec {
  name: EntityName;
  dn: Array<[string, string]>;
  email?: string;
  keyAlgorithm: KeyAlgorithm;
  extensionSection: string;
  /** Explicit validity, for the expired and not-yet-valid certificates. */
  validity?: { start: Date; end: Date };
  revoke?: "keyCompromise";
}

const DAY_MS = 86_400_000;

function entitySpecs(now: Date): EntitySpec[] {
  const signerDn = (cn: string): Array<[string, string]> => [["C", "VN"], ["ST", "Gia Lai"], ["O", ORGANISATION], ["OU", "Văn phòng"], ["CN", cn]];
  return [
    { name: "signerRsa2048", dn: signerDn("Nguyễn Văn An"), email: "an@ubnd.test", keyAlgorithm: "rsa-2048", extensionSection: "ext_document_signer" },
    { name: "signerRsa3072", dn: signerDn("Trần Thị Bình"), email: "binh@ubnd.test", keyAlgorithm: "rsa-3072", extensionSection: "ext_document_signer" },
    { name: "signerEcdsaP256", dn: signerDn("Lê Văn Cường"), email: "cuong@ubnd.test", keyAlgorithm: "ecdsa-p256", extensionSection: "ext_document_signer" },
    { name: "organisationSeal", dn: [["C", "VN"], ["ST", "Gia Lai"], ["O", ORGANISATION], ["CN", ORGANISATION]], email: "vanthu@ubnd.test", keyAlgorithm: "rsa-2048", extensionSection: "ext_document_signer" },
    {
      name: "expiredSigner", dn: signerDn("Phạm Thị Hết Hạn"), email: "hethan@ubnd.test", keyAlgorithm: "rsa-2048", extensionSection: "ext_document_signer",
      validity: { start: new Date(now.getTime() - 400 * DAY_MS), end: new Date(now.getTime() - 30 * DAY_MS) },
    },
    {
      name: "notYetValidSigner", dn: signerDn("Hoàng Văn Chưa"), email: "chua@ubnd.test", keyAlgorithm: "rsa-2048", extensionSection: "ext_document_signer",
      validity: { start: new Date(now.getTime() + 30 * DAY_MS), end: new Date(now.getTime() + 400 * DAY_MS) },
    },
    { name: "revokedSigner", dn: signerDn("Đỗ Văn Thu Hồi"), email: "thuhoi@ubnd.test", keyAlgorithm: "rsa-2048", extensionSection: "ext_document_signer", revoke: "keyCompromise" },
    { name: "signerWithoutSigningUsage", dn: signerDn("Vũ Thị Mã Hoá"), keyAlgorithm: "rsa-2048", extensionSection: "ext_without_signing_usage" },
    { name: "ocspResponder", dn: [["C", "VN"], ["O", "kyso test PKI"], ["CN", "kyso Test OCSP Responder"]], keyAlgorithm: "rsa-2048", extensionSection: "ext_ocsp_responder" },
    { name: "timestampAuthority", dn: [["C", "VN"], ["O", "kyso test PKI"], ["CN", "kyso Test Timestamp Authority"]], keyAlgorithm: "rsa-2048", extensionSection: "ext_timestamping" },
    { name: "tlsServer", dn: [["C", "VN"], ["O", "kyso test PKI"], ["CN", "localhost"]], keyAlgorithm: "ecdsa-p256", extensionSection: "ext_tls_server" },
  ];
}

/** `/C=VN/O=.../CN=...` with `/` and `\` escaped, as `openssl -subj` wants. */
function subjArgument(dn: Array<[string, string]>, email?: string): string {
  const escape = (v: string) => v.replace(/[\\/]/g, (c) => `\\${c}`);
  const parts = dn.map(([k, v]) => `/${k}=${escape(v)}`);
  if (email) parts.push(`/emailAddress=${escape(email)}`);
  return parts.join("");
}

function displaySubject(dn: Array<[string, string]>, email?: string): string {
  const parts = [...dn].reverse().map(([k, v]) => `${k}=${v}`);
  if (email) parts.unshift(`E=${email}`);
  return parts.join(", ");
}

/** `YYYYMMDDHHMMSSZ`, the GeneralizedTime form `openssl ca -startdate/-enddate` takes. */
function generalizedTime(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").replace(/\.\d+Z$/, "Z");
}

async function generateKey(keyPemFile: string, algorithm: KeyAlgorithm): Promise<void> {
  const args =
    algorithm === "ecdsa-p256"
      ? ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-pkeyopt", "ec_param_enc:named_curve"]
      : ["genpkey", "-algorithm", "RSA", "-pkeyopt", `rsa_keygen_bits:${algorithm === "rsa-3072" ? 3072 : 2048}`];
  await runOpenssl([...args, "-out", keyPemFile]);
}

async function initCaDirectory(caDir: string): Promise<void> {
  await mkdir(join(caDir, "issued"), { recursive: true });
  await writeFile(join(caDir, "index.txt"), "");
  await writeFile(join(caDir, "index.txt.attr"), "unique_subject = no\n");
  // Random 64-bit start serial: serials of separate test runs never collide in a trust store.
  await writeFile(join(caDir, "serial"), `${randomSerialHex()}\n`);
  await writeFile(join(caDir, "crlnumber"), "1000\n");
}

function randomSerialHex(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  bytes[0] = (bytes[0]! & 0x7f) | 0x10; // positive, fixed length
  return Buffer.from(bytes).toString("hex").toUpperCase();
}

async function pemToDer(pemFile: string, derFile: string, kind: "x509" | "crl"): Promise<void> {
  await runOpenssl([kind, "-in", pemFile, "-outform", "DER", "-out", derFile]);
}

async function readSerialHex(certPemFile: string): Promise<string> {
  const out = (await runOpenssl(["x509", "-in", certPemFile, "-noout", "-serial"])).toString("utf8");
  return out.trim().replace(/^serial=/, "").toUpperCase();
}

export async function generateTestPki(dir: string, urls: TestPkiUrls): Promise<TestPki> {
  const now = new Date();
  const rootDir = join(dir, "root-ca");
  const issuingDir = join(dir, "issuing-ca");
  await Promise.all([initCaDirectory(rootDir), initCaDirectory(issuingDir)]);
  const specs = entitySpecs(now);

  const rootKey = join(rootDir, "root-ca.key.pem");
  const issuingKey = join(issuingDir, "issuing-ca.key.pem");
  const entityKey = (name: EntityName) => join(dir, `${name}.key.pem`);
  // Key generation dominates the run time; do it all at once.
  await Promise.all([
    generateKey(rootKey, "rsa-3072"),
    generateKey(issuingKey, "rsa-2048"),
    ...specs.map((s) => generateKey(entityKey(s.name), s.keyAlgorithm)),
  ]);

  const rootCert = join(rootDir, "root-ca.pem");
  const rootConfig = join(rootDir, "openssl.cnf");
  await writeFile(
    rootConfig,
    renderCaConfig({ caDir: rootDir, certFile: rootCert, keyFile: rootKey, caIssuersUrl: `${urls.repositoryBaseUrl}/certs/root-ca.cer`, crlUrl: `${urls.repositoryBaseUrl}/crl/root-ca.crl` }),
  );
  await runOpenssl([
    "req", "-config", rootConfig, "-new", "-x509", "-utf8", "-key", rootKey, "-sha256", "-days", "3650",
    "-subj", subjArgument([["C", "VN"], ["O", "kyso test PKI"], ["CN", "kyso Test Root CA"]]),
    "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    "-addext", "subjectKeyIdentifier=hash", "-out", rootCert,
  ]);

  const issuingCert = join(issuingDir, "issuing-ca.pem");
  const issuingCsr = join(issuingDir, "issuing-ca.csr");
  await runOpenssl(["req", "-config", rootConfig, "-new", "-utf8", "-key", issuingKey, "-subj", subjArgument([["C", "VN"], ["O", "kyso test PKI"], ["CN", "kyso Test Issuing CA"]]), "-out", issuingCsr]);
  await runOpenssl(["ca", "-config", rootConfig, "-batch", "-utf8", "-notext", "-extensions", "ext_issuing_ca", "-days", "1825", "-in", issuingCsr, "-out", issuingCert]);

  const issuingConfig = join(issuingDir, "openssl.cnf");
  await writeFile(
    issuingConfig,
    renderCaConfig({
      caDir: issuingDir, certFile: issuingCert, keyFile: issuingKey,
      caIssuersUrl: `${urls.repositoryBaseUrl}/certs/issuing-ca.cer`, crlUrl: `${urls.repositoryBaseUrl}/crl/issuing-ca.crl`, ocspUrl: urls.ocspUrl,
    }),
  );
  const chainPemFile = join(dir, "chain.pem");
  await writeFile(chainPemFile, (await readFile(issuingCert, "utf8")) + (await readFile(rootCert, "utf8")));

  const entities = {} as Record<EntityName, PkiEntity>;
  // `openssl ca` appends to one index.txt and bumps one serial file: issue sequentially.
  for (const spec of specs) {
    entities[spec.name] = await issueEntity({ spec, dir, issuingConfig, keyPemFile: entityKey(spec.name), chainPemFile });
  }
  for (const spec of specs.filter((s) => s.revoke)) {
    await runOpenssl(["ca", "-config", issuingConfig, "-batch", "-revoke", entities[spec.name].certPemFile, "-crl_reason", spec.revoke!]);
  }

  const rootCrl = await generateCrl(rootConfig, join(rootDir, "root-ca"));
  const issuingCrl = await generateCrl(issuingConfig, join(issuingDir, "issuing-ca"));
  await Promise.all([pemToDer(rootCert, join(rootDir, "root-ca.cer"), "x509"), pemToDer(issuingCert, join(issuingDir, "issuing-ca.cer"), "x509")]);

  const pki: TestPki = {
    dir,
    rootCa: { dir: rootDir, certPemFile: rootCert, certDerFile: join(rootDir, "root-ca.cer"), keyPemFile: rootKey, crlDerFile: rootCrl },
    issuingCa: {
      dir: issuingDir, certPemFile: issuingCert, certDerFile: join(issuingDir, "issuing-ca.cer"), keyPemFile: issuingKey, crlDerFile: issuingCrl,
      indexFile: join(issuingDir, "index.txt"), configFile: issuingConfig,
    },
    chainPemFile,
    entities,
    urls,
  };
  await writeFile(join(dir, "pki.json"), JSON.stringify(pki, null, 2));
  return pki;
}

async function generateCrl(configFile: string, basePath: string): Promise<string> {
  await runOpenssl(["ca", "-config", configFile, "-batch", "-gencrl", "-crlexts", "crl_ext", "-out", `${basePath}.crl.pem`]);
  await pemToDer(`${basePath}.crl.pem`, `${basePath}.crl`, "crl");
  return `${basePath}.crl`;
}

async function issueEntity(args: { spec: EntitySpec; dir: string; issuingConfig: string; keyPemFile: string; chainPemFile: string }): Promise<PkiEntity> {
  const { spec, dir, issuingConfig, keyPemFile, chainPemFile } = args;
  const csr = join(dir, `${spec.name}.csr`);
  const certPemFile = join(dir, `${spec.name}.pem`);
  const certDerFile = join(dir, `${spec.name}.cer`);
  const p12File = join(dir, `${spec.name}.p12`);
  await runOpenssl(["req", "-config", issuingConfig, "-new", "-utf8", "-key", keyPemFile, "-subj", subjArgument(spec.dn, spec.email), "-out", csr]);
  const validity = spec.validity
    ? ["-startdate", generalizedTime(spec.validity.start), "-enddate", generalizedTime(spec.validity.end)]
    : ["-days", "825"];
  await runOpenssl(["ca", "-config", issuingConfig, "-batch", "-utf8", "-notext", "-extensions", spec.extensionSection, ...validity, "-in", csr, "-out", certPemFile]);
  await pemToDer(certPemFile, certDerFile, "x509");
  await runOpenssl([
    "pkcs12", "-export", "-inkey", keyPemFile, "-in", certPemFile, "-certfile", chainPemFile,
    "-name", spec.dn.find(([k]) => k === "CN")![1], "-passout", `pass:${PKCS12_PASSWORD}`, "-out", p12File,
  ]);
  const commonName = spec.dn.find(([k]) => k === "CN")![1];
  return {
    name: spec.name,
    subject: displaySubject(spec.dn, spec.email),
    commonName,
    ...(spec.email ? { email: spec.email } : {}),
    keyAlgorithm: spec.keyAlgorithm,
    serialHex: await readSerialHex(certPemFile),
    certPemFile, certDerFile, keyPemFile, p12File,
  };
}
