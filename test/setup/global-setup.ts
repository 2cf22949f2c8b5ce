import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { generateTestPki } from "../pki/test-pki.js";
import { startMailServers } from "../services/mail-servers.js";
import { ocspResponderHandler } from "../services/ocsp-responder.js";
import { pkiRepositoryHandler } from "../services/pki-repository.js";
import { startLoopbackHttpServer } from "../services/loopback-http-server.js";
import { createSoftHsmToken } from "../services/softhsm-token.js";
import { timestampAuthorityHandler } from "../services/timestamp-authority.js";
import type { TestServices } from "./test-services.js";

const run = promisify(execFile);

/**
 * Starts the real services every suite may use — test PKI, CA repository (AIA/CRL), OCSP
 * responder, RFC 3161 TSA, SoftHSM2 token, Dovecot + Postfix — once per run, on loopback.
 * Anything that cannot start throws here, which fails the whole run: a suite never skips
 * silently because its service is missing.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await run("bash", [join(import.meta.dirname, "../../scripts/install-system-deps.sh"), "--check"]).catch((error: unknown) => {
    const missing = (error as { stdout?: string }).stdout ?? "";
    throw new Error(`kyso tests need system packages (${missing.trim()}); run: npm run system-deps`, { cause: error });
  });

  // End-to-end tests load what users install: build dist/ once, before any test file runs.
  await run(join(import.meta.dirname, "../../node_modules/.bin/tsx"), [join(import.meta.dirname, "../../scripts/build.ts")]);

  const stateDir = await mkdtemp(join(tmpdir(), "kyso-test-"));
  // Postfix and Dovecot run as their own users and must traverse this directory.
  await chmod(stateDir, 0o755);
  const closers: Array<() => Promise<void>> = [];
  const teardown = async () => {
    for (const close of closers.reverse()) await close().catch((error: unknown) => console.error("teardown:", error));
    if (!process.env.KYSO_KEEP_TEST_STATE) await rm(stateDir, { recursive: true, force: true });
  };

  try {
    const [repository, ocsp, tsa] = await Promise.all([startLoopbackHttpServer(), startLoopbackHttpServer(), startLoopbackHttpServer()]);
    closers.push(repository.close, ocsp.close, tsa.close);
    const ocspUrl = `${ocsp.baseUrl}/ocsp`;
    const tsaUrl = `${tsa.baseUrl}/tsa`;

    const pkiDir = join(stateDir, "pki");
    await mkdir(pkiDir);
    const pki = await generateTestPki(pkiDir, { repositoryBaseUrl: repository.baseUrl, ocspUrl });
    repository.setHandler(pkiRepositoryHandler(pki));
    ocsp.setHandler(ocspResponderHandler(pki));
    const tsaDir = join(stateDir, "tsa");
    await mkdir(tsaDir);
    tsa.setHandler(await timestampAuthorityHandler(pki, tsaDir));

    const e = pki.entities;
    const softhsm = await createSoftHsmToken({
      dir: join(stateDir, "softhsm"),
      tokenLabel: "kyso-test",
      userPin: "123456",
      soPin: "12345678",
      entities: [e.signerRsa2048, e.signerRsa3072, e.signerEcdsaP256, e.organisationSeal, e.expiredSigner, e.revokedSigner],
    });
    process.env.SOFTHSM2_CONF = softhsm.configFile;

    const mailServers = await startMailServers({
      stateDir: join(stateDir, "mail"),
      tlsCertFile: e.tlsServer.certPemFile,
      tlsKeyFile: e.tlsServer.keyPemFile,
      caPem: await readFile(pki.chainPemFile, "utf8"),
    });
    closers.push(() => mailServers.stop());

    const services: TestServices = {
      stateDir,
      pki,
      repositoryBaseUrl: repository.baseUrl,
      ocspUrl,
      tsaUrl,
      softhsm,
      mail: { smtp: mailServers.smtp, imap: mailServers.imap, users: mailServers.users, caPem: mailServers.caPem },
    };
    project.provide("testServices", services);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
