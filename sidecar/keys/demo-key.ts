import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import { stateDirPath } from "../host/state-paths.js";

/**
 * kyso's demo key: what `kyso sign` uses when no --key is given and policy allows it
 * (keys.allowDemoKey), so that `npx kyso sign sample.pdf -o signed.pdf` works on a fresh
 * machine. A PKCS#12 file in kyso's state directory, created on first use with the system's
 * openssl: RSA-2048, a self-signed certificate whose name says it is a demo key, so no
 * verifier trusts it and every report shows it for what it is. Its password is public.
 */
export const DEMO_KEY_PASSWORD = "kyso-demo";
const DEMO_KEY_COMMON_NAME = "kyso DEMO - không dùng cho văn bản thật (not for real use)";
const VALIDITY_DAYS = "365";

const run = promisify(execFile);

function demoKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDirPath(env), "demo-key", "kyso-demo-key.p12");
}

/** The demo key's path, creating the key first when it is not there yet. */
export async function ensureDemoKey(env: NodeJS.ProcessEnv = process.env): Promise<{ path: string; created: boolean }> {
  const path = demoKeyPath(env);
  if (existsSync(path)) return { path, created: false };
  const dir = join(path, "..");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Made in a scratch directory beside it and renamed into place: a second `kyso sign` started at the same time never reads half a file.
  const scratch = await mkdtemp(join(dir, ".new-"));
  try {
    const keyFile = join(scratch, "key.pem");
    const certFile = join(scratch, "cert.pem");
    const p12File = join(scratch, "demo.p12");
    await run("openssl", [
      "req", "-x509", "-utf8", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", VALIDITY_DAYS,
      "-subj", `/C=VN/O=kyso demo/CN=${DEMO_KEY_COMMON_NAME}`,
      "-addext", "keyUsage=critical,digitalSignature,nonRepudiation", "-addext", "basicConstraints=critical,CA:false",
      "-keyout", keyFile, "-out", certFile,
    ]);
    await run("openssl", ["pkcs12", "-export", "-inkey", keyFile, "-in", certFile, "-name", "kyso demo", "-passout", `pass:${DEMO_KEY_PASSWORD}`, "-out", p12File]);
    await chmod(p12File, 0o600);
    await rename(p12File, path);
    return { path, created: true };
  } catch (error) {
    if (existsSync(path)) return { path, created: false };
    const detail = (error as { code?: string }).code === "ENOENT" ? "openssl is not installed" : error instanceof Error ? error.message : String(error);
    throw new KysoError("CLI_USAGE", `no --key given and the demo key cannot be created (${detail}): pass --key FILE.p12 or --key 'pkcs11:…'`, { cause: error });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
