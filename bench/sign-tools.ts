/**
 * The signers the signing benchmark compares, each as one shell command run as its own process
 * (so GNU time measures its RSS alone), all doing the same job: sign IN into OUT with the same
 * RSA-2048 .p12 key, invisible signature, PAdES B-B, SHA-256.
 */
import { execFile } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { generateTestPki, PKCS12_PASSWORD } from "../test/pki/test-pki.js";
import { buildPeerScripts } from "./peers/build-peers.js";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");

export interface SignJob {
  inputPdf: string;
  outputPdf: string;
}

export interface SignTool {
  /** Row label in the results, with the version measured. */
  name: string;
  /** The floor copies bytes and signs nothing; kyso is what the others are compared with. */
  role: "floor" | "kyso" | "peer";
  command: (job: SignJob) => string;
}

export interface SignTools {
  tools: SignTool[];
  /** Environment for every command: the .p12 password travels in $KYSO_PIN, never in argv. */
  env: NodeJS.ProcessEnv;
}

async function packageVersion(name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string };
  return manifest.version;
}

/** "22.12.0" from `pdfsig -v`, which prints its version on stderr. */
export async function popplerVersion(): Promise<string> {
  const { stdout, stderr } = await run("pdfsig", ["-v"]);
  return /version (\S+)/.exec(`${stderr}${stdout}`)?.[1] ?? "?";
}

/** Generates the test key, imports it into an NSS database for pdfsig and builds the peers. */
export async function prepareSignTools(workDir: string): Promise<SignTools> {
  const pki = await generateTestPki(join(workDir, "pki"), { repositoryBaseUrl: "http://127.0.0.1:9", ocspUrl: "http://127.0.0.1:9/ocsp" });
  const p12 = pki.entities.signerRsa2048.p12File;
  const nss = join(workDir, "nss");
  await mkdir(nss);
  await run("certutil", ["-N", "-d", `sql:${nss}`, "--empty-password"]);
  await run("pk12util", ["-i", p12, "-d", `sql:${nss}`, "-W", PKCS12_PASSWORD, "-K", ""]);
  const nick = pki.entities.signerRsa2048.commonName;
  const peers = await buildPeerScripts();
  const tools: SignTool[] = [
    { name: "floor (sha256sum + cp)", role: "floor", command: (job) => `sha256sum ${job.inputPdf} > /dev/null && cp ${job.inputPdf} ${job.outputPdf}` },
    {
      name: "kyso sign",
      role: "kyso",
      command: (job) => `node ${join(root, "bin/kyso.mjs")} sign ${job.inputPdf} -o ${job.outputPdf} --key ${p12} --pin-env KYSO_PIN`,
    },
    {
      name: `pdfsig -add-signature (poppler ${await popplerVersion()}, NSS)`,
      role: "peer",
      command: (job) => `pdfsig -add-signature -nssdir sql:${nss} -nick '${nick}' ${job.inputPdf} ${job.outputPdf} > /dev/null`,
    },
    {
      name: `@libpdf/core ${await packageVersion("@libpdf/core")}`,
      role: "peer",
      command: (job) => `node ${peers["libpdf-core-sign"]} ${job.inputPdf} ${job.outputPdf} ${p12}`,
    },
    {
      name: `@signpdf/signpdf ${await packageVersion("@signpdf/signpdf")} (placeholder-plain, signer-p12)`,
      role: "peer",
      command: (job) => `node ${peers["signpdf-sign"]} ${job.inputPdf} ${job.outputPdf} ${p12}`,
    },
  ];
  return { tools, env: { KYSO_PIN: PKCS12_PASSWORD } };
}
