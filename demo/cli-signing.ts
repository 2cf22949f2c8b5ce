import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sealImagePng, signatureImagePng } from "../shared/appearance/fixtures/sample-images.js";
import type { DemoToken } from "./demo-token.js";
import type { KysoRunner } from "./kyso-runner.js";

/**
 * The same main job with `kyso sign` instead of the browser: approval with the leader's key
 * and signature image, then issuing with the organisation's key and seal on the approved file
 * (two signatures on one document, the second an incremental update). Used when Chromium or
 * the extension's page API is not there, and what IT can script.
 */
export interface CliSigningOptions {
  kyso: KysoRunner;
  token: DemoToken;
  inputFile: string;
  /** Where the signature and seal images are written. */
  imagesDir: string;
  outDir: string;
  tsaUrl: string;
  organisation: string;
  documentNumber: string;
}

export const PIN_ENV = "KYSO_DEMO_PIN";

async function signOnce(options: CliSigningOptions, step: { input: string; output: string; keyId: string; extra: string[] }): Promise<void> {
  const run = await options.kyso(
    ["sign", step.input, "-o", step.output, "--force", "--key", step.keyId, "--pin-env", PIN_ENV, "--tsa", options.tsaUrl, "--doc-number", options.documentNumber, ...step.extra],
    { env: { ...options.token.env, [PIN_ENV]: options.token.pin } },
  );
  if (run.code !== 0) throw new Error(`kyso sign ${step.extra.join(" ")}: ${run.stderr.trim()}`);
}

export async function signWithCli(options: CliSigningOptions): Promise<{ approvalFile: string; issuedFile: string }> {
  const signatureImage = join(options.imagesDir, "chu-ky.png");
  const sealImage = join(options.imagesDir, "con-dau.png");
  await writeFile(signatureImage, signatureImagePng());
  await writeFile(sealImage, sealImagePng());
  const approvalFile = join(options.outDir, "approval-signed.pdf");
  const issuedFile = join(options.outDir, "signed.pdf");
  await signOnce(options, { input: options.inputFile, output: approvalFile, keyId: options.token.approval.keyId, extra: ["--profile", "approval", "--image", signatureImage] });
  await signOnce(options, { input: approvalFile, output: issuedFile, keyId: options.token.issuing.keyId, extra: ["--profile", "issuing", "--seal", sealImage, "--org", options.organisation] });
  return { approvalFile, issuedFile };
}
