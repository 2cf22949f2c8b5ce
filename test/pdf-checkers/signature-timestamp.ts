import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

const SIGNATURE_TIME_STAMP_TOKEN = "1.2.840.113549.1.9.16.2.14";

/**
 * Checks a PAdES B-T signature with `openssl ts -verify`: the signatureTimeStampToken in the
 * last signature's unsigned attributes must be a valid token from a trusted TSA whose imprint
 * is the hash of that signature's value (RFC 3161 Appendix A).
 */
export async function verifySignatureTimestamp(options: { pdfFile: string; scratchDir: string; rootPemFile: string; chainPemFile: string }): Promise<{ ok: boolean; output: string }> {
  const pdf = (await readFile(options.pdfFile)).toString("latin1");
  const hex = [...pdf.matchAll(/\/Contents\s*<([0-9a-fA-F]+)>/g)].at(-1)?.[1];
  if (!hex) return { ok: false, output: "no /Contents" };
  const der = Buffer.from(hex, "hex");
  const parsed = asn1js.fromBER(der.subarray(0, der.length));
  const signedData = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: parsed.result }).content });
  const signerInfo = signedData.signerInfos[0]!;
  const attribute = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === SIGNATURE_TIME_STAMP_TOKEN);
  if (!attribute) return { ok: false, output: "no signatureTimeStampToken attribute" };
  const tokenFile = join(options.scratchDir, "token.der");
  const signatureValueFile = join(options.scratchDir, "signature-value.bin");
  await writeFile(tokenFile, new Uint8Array((attribute.values[0] as asn1js.Sequence).toBER()));
  await writeFile(signatureValueFile, signerInfo.signature.valueBlock.valueHexView);
  try {
    const { stdout, stderr } = await promisify(execFile)("openssl", [
      "ts", "-verify", "-token_in", "-in", tokenFile, "-data", signatureValueFile, "-CAfile", options.rootPemFile, "-untrusted", options.chainPemFile,
    ]);
    return { ok: stdout.includes("Verification: OK"), output: stdout + stderr };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  }
}
