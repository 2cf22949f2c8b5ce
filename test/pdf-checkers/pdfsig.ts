import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PdfsigSignature {
  signerName: string;
  valid: boolean;
  trusted: boolean;
  totalDocumentSigned: boolean;
  raw: string;
}

/** An NSS database trusting the given root, as pdfsig (poppler) needs (`-nssdir sql:DIR`). */
export async function createNssTrustStore(dir: string, rootPemFile: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await run("certutil", ["-N", "-d", `sql:${dir}`, "--empty-password"]);
  await run("certutil", ["-A", "-n", "kyso test root", "-t", "CT,C,C", "-i", rootPemFile, "-d", `sql:${dir}`]);
  return dir;
}

/**
 * Runs poppler's pdfsig on a file and parses its report. pdfsig 22.12 always exits 0, so the
 * text is the only verdict: "Signature is Valid.", "Certificate is Trusted." and
 * "Total document signed" (the last signature covers the whole file).
 */
export async function pdfsig(file: string, nssDir: string, options: { userPassword?: string; ownerPassword?: string } = {}): Promise<PdfsigSignature[]> {
  const passwords = [...(options.userPassword === undefined ? [] : ["-upw", options.userPassword]), ...(options.ownerPassword === undefined ? [] : ["-opw", options.ownerPassword])];
  const { stdout } = await run("pdfsig", ["-nssdir", `sql:${nssDir}`, ...passwords, file]);
  const blocks = stdout.split(/^Signature #\d+:$/m).slice(1);
  return blocks.map((raw) => ({
    signerName: /Signer Certificate Common Name: (.*)/.exec(raw)?.[1]?.trim() ?? "",
    valid: raw.includes("Signature Validation: Signature is Valid."),
    trusted: raw.includes("Certificate Validation: Certificate is Trusted."),
    totalDocumentSigned: raw.includes("Total document signed"),
    raw,
  }));
}
